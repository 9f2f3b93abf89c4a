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

/** Tables that hold something of a ticket outside canonical state: nothing of a purged ticket stays findable. */
export const ticketSearchTables = ['search_heads', 'search_bodies', 'search_indexed', 'search_bodies_indexed'] as const;

/**
 * Removes a ticket with everything of it from one cache file: its articles, history, time
 * entries, links and search rows (a `remove` from the feed, or retention). Statements prepared once.
 */
export class TicketPurger {
  private readonly statements: Database.Statement[];

  constructor(db: Database.Database) {
    this.statements = [
      ...ticketParts.map(([entity, column]) => db.prepare(`DELETE FROM ${cacheTable(entity)} WHERE "${column}" = ?`)),
      ...ticketSearchTables.map((table) => db.prepare(`DELETE FROM ${table} WHERE "ticket_id" = ?`)),
      db.prepare(`DELETE FROM ${cacheTable('ticket')} WHERE "id" = ?`),
    ];
  }

  /** Call inside the caller's transaction. */
  purge(ticketId: string): void {
    for (const statement of this.statements) statement.run(ticketId);
  }
}
