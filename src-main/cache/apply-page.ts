import type Database from 'better-sqlite3';
import { columnName } from '../../src-shared/sync/entity-fields.js';
import { entityDescriptions, type Article, type EntityName, type Ticket } from '../../src-shared/sync/entities.js';
import type { ChangesResponse } from '../../src-shared/sync/protocol.js';
import { cacheTable, rowValues } from './entity-columns.js';
import { TicketNameCopies } from './name-copies.js';
import { sortKeyColumns, sortKeyValues, ticketNameCopies } from './sort-keys.js';
import { TicketPurger } from './ticket-purge.js';

/** Prepared statements of one cache file. */
export class PageWriter {
  private readonly upserts = new Map<EntityName, Database.Statement>();
  private readonly removes = new Map<EntityName, Database.Statement>();
  private readonly purger: TicketPurger;
  private readonly names: TicketNameCopies;
  /** Marks what the search index has to (re)do: a ticket's head and text (heads = 1), or only its text. */
  private readonly markDirty: Database.Statement;
  private readonly saveCursor: Database.Statement;
  private readonly readCursor: Database.Statement;
  private readonly readApplied: Database.Statement;
  private readonly readPhase: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.readCursor = db.prepare('SELECT "cursor" FROM sync_state WHERE "singleton" = 1');
    this.readApplied = db.prepare('SELECT "updated_at" FROM sync_state WHERE "singleton" = 1');
    this.readPhase = db.prepare('SELECT "phase" FROM sync_state WHERE "singleton" = 1');
    for (const entity of Object.keys(entityDescriptions) as EntityName[]) {
      // The entity's own columns, then the folded names the lists sort by (sort-keys.ts): a ticket's own, and its customer's, institution's and owner's.
      const columns = [
        ...Object.keys(entityDescriptions[entity].fields).map((key) => `"${columnName(key)}"`),
        ...(sortKeyColumns[entity] ?? []).map(({ column }) => `"${column}"`),
        ...(entity === 'ticket' ? ticketNameCopies.map(({ column }) => `"${column}"`) : []),
      ];
      this.upserts.set(entity, db.prepare(`INSERT OR REPLACE INTO ${cacheTable(entity)} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`));
      this.removes.set(entity, db.prepare(`DELETE FROM ${cacheTable(entity)} WHERE "id" = ?`));
    }
    this.names = new TicketNameCopies(db);
    this.purger = new TicketPurger(db);
    this.markDirty = db.prepare(
      `INSERT INTO search_dirty ("ticket_id", "heads", "bodies", "at") VALUES (?, ?, 1, ?)
       ON CONFLICT ("ticket_id") DO UPDATE SET "heads" = max("heads", excluded."heads"), "bodies" = 1, "at" = max("at", excluded."at")`,
    );
    this.saveCursor = db.prepare(
      `INSERT INTO sync_state ("singleton", "cursor", "phase", "position", "server_time", "updated_at") VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT ("singleton") DO UPDATE SET "cursor" = excluded."cursor", "phase" = excluded."phase", "position" = excluded."position",
         "server_time" = excluded."server_time", "updated_at" = excluded."updated_at"`,
    );
  }

  /**
   * Applies one page and its cursor in one transaction: a process killed at any instant finds
   * either the page and its cursor, or neither. `remove` purges the entity, and for a ticket
   * its articles, history, time entries and links (what this agent may no longer see).
   */
  apply(page: ChangesResponse, now: Date = new Date()): { removed: number } {
    return this.applyPages([page], now);
  }

  /**
   * Applies consecutive pages in one transaction with the cursor of the last: a bulk transfer
   * pays for one commit per group instead of one per page (each commit writes every B-tree page
   * it touched again). A kill loses the whole group or nothing, and the feed resumes before it.
   */
  applyPages(pages: readonly ChangesResponse[], now: Date = new Date()): { removed: number } {
    const last = pages.at(-1);
    if (!last) return { removed: 0 };
    let removed = 0;
    this.db.transaction(() => {
      this.names.forget();
      for (const page of pages) removed += this.applyChanges(page);
      this.saveCursor.run(last.cursor, last.phase, last.position, last.serverTime, now.toISOString());
    })();
    return { removed };
  }

  private applyChanges(page: ChangesResponse): number {
    let removed = 0;
    for (const change of page.changes) {
      if (change.op === 'remove') {
        removed += 1;
        if (change.entity === 'ticket') this.purger.purge(change.id);
        else this.removes.get(change.entity)?.run(change.id);
        // A customer user, institution or agent removed: its tickets sort as ones without, as their rows show none.
        this.names.written(change.entity, change.id, null);
        continue;
      }
      const data = change.data as Record<string, unknown>;
      const sortKeys = sortKeyValues(change.entity, data);
      this.names.written(change.entity, change.id, sortKeys[0] ?? null);
      const copies = change.entity === 'ticket' ? this.names.forTicket(data) : [];
      this.upserts.get(change.entity)?.run(...rowValues(change.entity, data), ...sortKeys, ...copies);
      if (change.entity === 'ticket') {
        const ticket = change.data as Ticket;
        this.markDirty.run(ticket.id, 1, ticket.updatedAt);
      } else if (change.entity === 'article' && page.phase !== 'snapshot') {
        // In a full snapshot every ticket comes before its articles and is marked whole already (half the cost of
        // storing an article was this mark); the index waits until the snapshot is complete (sync-engine.ts).
        const article = change.data as Article;
        this.markDirty.run(article.ticketId, 0, article.createdAt);
      }
    }
    return removed;
  }

  /** Whether the cache holds a complete state (the feed is in its log), so that the search index may be built from it. */
  complete(): boolean {
    const row = this.readPhase.get() as { phase: string } | undefined;
    return row?.phase === 'log';
  }

  /** When the last page was applied: the cache shows the server's state as of then. Null for a cache never synced. */
  lastApplied(): string | null {
    const row = this.readApplied.get() as { updated_at: string } | undefined;
    return row?.updated_at ?? null;
  }

  /** The cursor to ask the feed with: empty for a cache that never synced (bootstrap). */
  cursor(): string {
    const row = this.readCursor.get() as { cursor: string } | undefined;
    return row?.cursor ?? '';
  }
}
