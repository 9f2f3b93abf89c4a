import type Database from 'better-sqlite3';
import { entityNames } from '../../src-shared/sync/entities.js';
import { cacheTable } from './entity-columns.js';
import { ticketSearchTables } from './ticket-purge.js';

/**
 * Empties canonical state and the feed's cursor (the server answered `resync-required`), in one
 * transaction. The outbox and the cache's settings stay: nothing typed is lost by a resync.
 */
export function clearCanonicalState(db: Database.Database): void {
  db.transaction(() => {
    for (const entity of entityNames) db.exec(`DELETE FROM ${cacheTable(entity)}`);
    for (const table of [...ticketSearchTables, 'attachment_files', 'sync_state']) db.exec(`DELETE FROM ${table}`);
  })();
}
