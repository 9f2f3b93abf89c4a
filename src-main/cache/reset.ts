import type Database from 'better-sqlite3';
import { entityNames } from '../../src-shared/sync/entities.js';
import { cacheTable } from './entity-columns.js';
import { ticketSearchTables } from './ticket-purge.js';

/**
 * The tables that are the agent's own on this workstation, not canonical state the server can send
 * again: the file's client id, the outbox with its staged files, drafts, notification choices and
 * what was told, saved reports. A resync leaves them alone; a damaged cache hands them on to the
 * fresh one (cache-recovery.ts), in this order (outbox_files refer to outbox). Every other table of
 * the cache is canonical state, its search index or the feed's position (a test checks the list).
 */
export const agentOwnTables = ['cache_settings', 'outbox', 'outbox_files', 'drafts', 'notification_watches', 'notification_settings', 'notification_log', 'report_snapshots'] as const;

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
