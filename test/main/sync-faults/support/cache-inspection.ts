import path from 'node:path';
import Database from 'better-sqlite3';
import { cacheFileName } from '../../../../src-main/cache/cache-file.js';
import { cacheTable, entityFromCacheRow } from '../../../../src-main/cache/entity-columns.js';
import { Outbox, type OutboxEntry } from '../../../../src-main/cache/outbox.js';
import { entityNames, type EntityName } from '../../../../src-shared/sync/entities.js';
import { applyChanges, pullAll } from '../../../server/feed/support/feed-client.js';

/** Entity → id → entity, as a Desk holds it or as a fresh bootstrap delivers it. */
export type EntityState = Map<string, Map<string, unknown>>;

/** The agent's cache file in a Desk's user-data folder (src-main/cache/cache-file.ts). */
export function cacheFilePath(userDataDir: string, agentId: string): string {
  return path.join(userDataDir, 'caches', cacheFileName(agentId));
}

/**
 * A Desk's cache file opened read-only, straight from disk (WAL: a running Desk may go on
 * writing meanwhile). Close it after use.
 */
export function openCacheFile(userDataDir: string, agentId: string): Database.Database {
  return new Database(cacheFilePath(userDataDir, agentId), { readonly: true, fileMustExist: true });
}

/** Reads once from a cache file and closes it. */
export function readCache<T>(userDataDir: string, agentId: string, read: (db: Database.Database) => T): T {
  const db = openCacheFile(userDataDir, agentId);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Canonical state: every entity table, each row read back through the cache's own row mapper. */
export function canonicalState(db: Database.Database): EntityState {
  const state: EntityState = new Map();
  for (const entity of entityNames) {
    const rows = db.prepare(`SELECT * FROM ${cacheTable(entity)}`).all() as Record<string, unknown>[];
    state.set(entity, new Map(rows.map((row) => [String(row['id']), entityFromCacheRow(entity, row)])));
  }
  return state;
}

/** Where the cache's feed stands: null before the first page. */
export function feedPosition(db: Database.Database): { phase: string; position: number | null } | null {
  return (db.prepare('SELECT "phase", "position" FROM sync_state WHERE "singleton" = 1').get() as { phase: string; position: number | null } | undefined) ?? null;
}

export interface OutboxView {
  entries: OutboxEntry[];
  /** Edits the engine would send now (pending, not held back behind a refused edit of the same ticket). */
  sendable: number;
}

export function outboxOf(db: Database.Database): OutboxView {
  const outbox = new Outbox(db);
  return { entries: outbox.entries(), sendable: outbox.sendable(1000).length };
}

/** What a fresh Desk of the same agent would hold: a bootstrap over HTTP. */
export async function bootstrapState(serverUrl: string, token: string): Promise<EntityState> {
  const pulled = await pullAll(serverUrl, token);
  const state = applyChanges(pulled.changes);
  for (const entity of entityNames) if (!state.has(entity)) state.set(entity, new Map());
  return state;
}

/** Entity by entity, rows sorted by id: for `toEqual` with a readable difference. */
export function comparable(state: EntityState): Record<string, [string, unknown][]> {
  const out: Record<string, [string, unknown][]> = {};
  for (const entity of [...entityNames].sort()) {
    out[entity] = [...(state.get(entity) ?? new Map<string, unknown>()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return out;
}

/** How many rows of each entity (for reports). */
export function counts(state: EntityState): Partial<Record<EntityName, number>> {
  const out: Partial<Record<EntityName, number>> = {};
  for (const [entity, rows] of state) if (rows.size > 0) out[entity as EntityName] = rows.size;
  return out;
}
