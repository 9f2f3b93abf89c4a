import type Database from 'better-sqlite3';
import { columnName } from '../../src-shared/sync/entity-fields.js';
import { entityDescriptions, type EntityName } from '../../src-shared/sync/entities.js';
import type { ChangesResponse } from '../../src-shared/sync/protocol.js';
import { cacheTable, rowValues } from './entity-columns.js';
import { TicketPurger } from './ticket-purge.js';

/** Prepared statements of one cache file. */
export class PageWriter {
  private readonly upserts = new Map<EntityName, Database.Statement>();
  private readonly removes = new Map<EntityName, Database.Statement>();
  private readonly purger: TicketPurger;
  private readonly saveCursor: Database.Statement;
  private readonly readCursor: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.readCursor = db.prepare('SELECT "cursor" FROM sync_state WHERE "singleton" = 1');
    for (const entity of Object.keys(entityDescriptions) as EntityName[]) {
      const columns = Object.keys(entityDescriptions[entity].fields).map((key) => `"${columnName(key)}"`);
      this.upserts.set(entity, db.prepare(`INSERT OR REPLACE INTO ${cacheTable(entity)} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`));
      this.removes.set(entity, db.prepare(`DELETE FROM ${cacheTable(entity)} WHERE "id" = ?`));
    }
    this.purger = new TicketPurger(db);
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
  apply(page: ChangesResponse, now: Date = new Date()): void {
    this.db.transaction(() => {
      for (const change of page.changes) {
        if (change.op === 'remove') {
          if (change.entity === 'ticket') this.purger.purge(change.id);
          else this.removes.get(change.entity)?.run(change.id);
          continue;
        }
        this.upserts.get(change.entity)?.run(...rowValues(change.entity, change.data));
      }
      this.saveCursor.run(page.cursor, page.phase, page.position, page.serverTime, now.toISOString());
    })();
  }

  /** The cursor to ask the feed with: empty for a cache that never synced (bootstrap). */
  cursor(): string {
    const row = this.readCursor.get() as { cursor: string } | undefined;
    return row?.cursor ?? '';
  }
}
