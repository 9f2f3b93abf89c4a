import type Database from 'better-sqlite3';
import type { EntityName } from '../../src-shared/sync/entities.js';
import { cacheTable } from './entity-columns.js';

/** The entities that belong to a ticket, purged with it; and the column naming the ticket. */
const ticketParts: readonly [EntityName, string][] = [
  ['article', 'ticket_id'],
  ['history', 'ticket_id'],
  ['time-entry', 'ticket_id'],
  ['link', 'source_ticket_id'],
  ['link', 'target_ticket_id'],
];

/** Every table of the search index (search-index.ts): emptied with canonical state. */
export const ticketSearchTables = ['search_heads', 'search_bodies', 'search_recent', 'search_recent_keys', 'search_state', 'search_dirty'] as const;

/**
 * Removes a ticket with everything of it from one cache file: its articles, history, time
 * entries, links and search rows (a `remove` from the feed, or retention). Statements prepared once.
 */
export class TicketPurger {
  private readonly statements: Database.Statement[];

  constructor(db: Database.Database) {
    const key = '(SELECT "key" FROM search_state WHERE "ticket_id" = ?)';
    this.statements = [
      ...ticketParts.map(([entity, column]) => db.prepare(`DELETE FROM ${cacheTable(entity)} WHERE "${column}" = ?`)),
      // Nothing of a purged ticket stays findable; its FTS rows are found by their rowid, the ticket's search key.
      db.prepare(`DELETE FROM search_heads WHERE rowid = ${key}`),
      db.prepare(`DELETE FROM search_bodies WHERE rowid = ${key}`),
      db.prepare(`DELETE FROM search_recent WHERE rowid = ${key}`),
      db.prepare(`DELETE FROM search_recent_keys WHERE "key" = ${key}`),
      db.prepare('DELETE FROM search_state WHERE "ticket_id" = ?'),
      db.prepare('DELETE FROM search_dirty WHERE "ticket_id" = ?'),
      // Its downloaded attachments lose their claim; the main process removes files no ticket claims.
      db.prepare('DELETE FROM attachment_files WHERE "ticket_id" = ?'),
      db.prepare(`DELETE FROM ${cacheTable('ticket')} WHERE "id" = ?`),
    ];
  }

  /** Call inside the caller's transaction. */
  purge(ticketId: string): void {
    for (const statement of this.statements) statement.run(ticketId);
  }
}
