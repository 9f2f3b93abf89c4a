import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateCache } from './migrate.js';

/** The cache file of an agent: named by a hash of their stable id, so the name reveals no one. */
export function cacheFileName(agentId: string): string {
  return `cache-${createHash('sha256').update(`kontor-cache:${agentId}`).digest('hex').slice(0, 32)}.sqlite`;
}

/**
 * Opens (creating, migrating) an agent's cache in `dir`: WAL, foreign keys on, synchronous
 * NORMAL (a crash loses at most the last transactions, never the file). `nativeBinding` is the
 * Electron build of better-sqlite3 when running under Electron (src-main/cache/native-binding.ts).
 */
export function openCache(dir: string, agentId: string, options: { nativeBinding?: string } = {}): Database.Database {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dir, cacheFileName(agentId)), options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Two connections share the file (the main thread's reads and edits, the sync thread's pages): one waits for the other's short transaction.
    db.pragma('busy_timeout = 5000');
    // Sorts (GROUP BY of the reports, ORDER BY of the queue pages) in memory, never in a temp file.
    db.pragma('temp_store = MEMORY');
    // What leaves the cache (a ticket out of the agent's view) is overwritten on disk, not only unlinked.
    db.pragma('secure_delete = ON');
    migrateCache(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Every file of an agent's cache: the database with its WAL and shared-memory files, and its staged attachments. */
export function removeCacheFiles(dir: string, agentId: string): void {
  const base = path.join(dir, cacheFileName(agentId));
  for (const file of [base, `${base}-wal`, `${base}-shm`, `${base}-staged`]) rmSync(file, { recursive: true, force: true });
}
