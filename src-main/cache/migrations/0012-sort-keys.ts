import type Database from 'better-sqlite3';
import { sortText } from '../sort-keys.js';
import { nearestDue, openTicket } from './0008-workspace-lists.js';

/**
 * Every sort of a queue's list from one index (docs/benchmarks.md, "(e) … ticket list windows"):
 * - Folded copies of the names the lists sort by (`title_sort`, `display_name_sort`, `name_sort`,
 *   see sort-keys.ts), written with each row: a sort by title, customer, institution or owner
 *   folded every name of the queue in a JavaScript function per row on each list (16–19 ms for a
 *   queue of 10,000 open tickets).
 * - `tickets_open_queue` again, with the folded title instead of the title and with the three
 *   clocks' due instants and whether each was answered: a sort by a single clock read every
 *   ticket row of the queue (19 ms); now no sort of a queue's open tickets touches a row.
 */
export const sql = `
ALTER TABLE tickets ADD COLUMN "title_sort" TEXT;
ALTER TABLE customer_users ADD COLUMN "display_name_sort" TEXT;
ALTER TABLE institutions ADD COLUMN "name_sort" TEXT;
ALTER TABLE agents ADD COLUMN "display_name_sort" TEXT;
DROP INDEX tickets_open_queue;
`;

const index = `
CREATE INDEX tickets_open_queue ON tickets (
  "queue_id", ${nearestDue}, "id",
  "state", "priority", "type", "locked", "owner_id", "institution_id", "customer_user_id", "number", "created_at", "title_sort",
  "first_response_answered", "first_response_due", "update_answered", "update_due", "solution_answered", "solution_due",
  "first_response_breached", "update_breached", "solution_breached"
) WHERE ${openTicket};
`;

/** Folds the names already in the cache, then builds the index over them (once, not row by row). */
export function run(db: Database.Database): void {
  for (const [table, column, source] of [
    ['tickets', 'title_sort', 'title'],
    ['customer_users', 'display_name_sort', 'display_name'],
    ['institutions', 'name_sort', 'name'],
    ['agents', 'display_name_sort', 'display_name'],
  ] as const) {
    const fold = db.prepare(`UPDATE ${table} SET "${column}" = ? WHERE rowid = ?`);
    // Read whole first: better-sqlite3 does not write on a connection while a statement iterates (a cache of 100,000 tickets: some 10 MB of titles).
    for (const [id, text] of db.prepare(`SELECT rowid, "${source}" FROM ${table}`).raw().all() as [number, unknown][]) {
      if (typeof text === 'string') fold.run(sortText(text), id);
    }
  }
  db.exec(index);
}
