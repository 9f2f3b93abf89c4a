import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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

/**
 * Where a damaged cache file is set aside (cache-recovery.ts): beside it, `cache-….damaged-<time>.sqlite`,
 * its WAL and shared memory beside that.
 */
export function damagedCopyName(cacheFile: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return cacheFile.replace(/\.sqlite$/, `.damaged-${stamp}.sqlite`);
}

/**
 * Every file of an agent's cache: the database with its WAL and shared-memory files, its staged
 * attachments, and damaged copies kept for IT.
 */
export function removeCacheFiles(dir: string, agentId: string): void {
  const base = path.join(dir, cacheFileName(agentId));
  const damaged = cacheFileName(agentId).replace(/\.sqlite$/, '.damaged-');
  const copies = (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []).filter((entry) => entry.isFile() && entry.name.startsWith(damaged));
  for (const file of [base, `${base}-wal`, `${base}-shm`, `${base}-staged`, ...copies.map((entry) => path.join(dir, entry.name))]) {
    rmSync(file, { recursive: true, force: true });
  }
}
