import type Database from 'better-sqlite3';
import { EventBus } from '../../../../src-main/events.js';
import { ServerClient } from '../../../../src-main/net/server-client.js';
import { CacheService } from '../../../../src-main/sync/cache-service.js';
import type { Permissions } from '../../../../src-shared/permissions.js';
import { signIn } from '../../../server/support/http.js';
import { temporaryDirectory } from '../../../server/support/temporary.js';
import { until } from '../../support/until.js';

/** Long enough that a seed at fixed dates stays whole in the cache whenever the test runs. */
export const cacheRetentionMonths = 120;

export interface ReportDesk {
  agentId: string;
  permissions: Permissions;
  /** The agent's SQLite cache, as the report service reads it. */
  db: Database.Database;
  close(): Promise<void>;
}

/**
 * The Desk's cache of one agent, as desk.ts opens it at sign-in (server session, cache, sync
 * worker), synced until it holds `expectedTickets` tickets and `ready` holds.
 */
export async function syncReportDesk(
  url: string,
  username: string,
  expectedTickets: () => Promise<number>,
  ready: (db: Database.Database) => boolean = () => true,
): Promise<ReportDesk> {
  const cache = new CacheService({ dir: temporaryDirectory('kontor-reports-desk-'), server: new ServerClient({ url }, 10_000), bus: new EventBus(), retentionMonths: cacheRetentionMonths });
  try {
    const session = await signIn(url, username);
    await cache.start(session.agentId, session.token);
    const expected = await expectedTickets();
    const synced = (): boolean => cache.withCache((open) => {
      const held = open.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number };
      return held.n === expected && ready(open.db);
    }) === true;
    await until(() => cache.status().state === 'online' && synced(), `${username}'s cache to hold the server's ${String(expected)} tickets`, 60_000);
    const db = cache.withCache((open) => open.db);
    if (db === 'not-signed-in') throw new Error(`${username}'s cache closed while syncing`);
    return { agentId: session.agentId, permissions: session.permissions, db, close: () => cache.stop() };
  } catch (error) {
    await cache.stop();
    throw error;
  }
}
