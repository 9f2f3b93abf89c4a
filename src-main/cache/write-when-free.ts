import type Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The cache has two connections: the main thread's (reads, the agent's edits, drafts) and the
 * sync thread's, which stores the feed's pages in transactions of up to 10,000 changes (about a
 * tenth of a second each during a bootstrap). A write on the main thread that finds the write
 * lock taken would sleep in SQLite's busy handler, and the whole main process with it: every IPC
 * call and event waits. These helpers try the lock without waiting and, when it is taken, give
 * the event loop back.
 */

/** The sync thread held the cache's write lock for longer than a write on the main thread waits. */
export class CacheBusyError extends Error {
  constructor(waitedMs: number) {
    super(`The offline cache stayed busy for ${String(Math.round(waitedMs / 1000))} s (the sync is storing); nothing was written. Try again.`);
    this.name = 'CacheBusyError';
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY';
}

/**
 * Runs `write` in an IMMEDIATE transaction unless the other connection holds the write lock: then
 * `{ written: false }` at once and nothing ran. A deferred transaction would fail later, at its
 * first write, for the same reason.
 */
export function writeUnlessBusy<T>(db: Database.Database, write: () => T): { written: true; value: T } | { written: false } {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return { written: true, value: db.transaction(write).immediate() };
  } catch (error) {
    if (isBusy(error)) return { written: false };
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${String(timeout)}`);
  }
}

export interface WriteWhenFreeOptions {
  /** How long to wait between tries (default 5 ms): the sync thread leaves the lock free between its transactions only briefly. */
  retryMs?: number;
  /** How long to try before giving up with CacheBusyError (default 10 s). */
  giveUpMs?: number;
}

/**
 * Runs `write` in an IMMEDIATE transaction as soon as the write lock is free, waiting between
 * tries on the event loop: the main thread answers other calls meanwhile. `write` runs once, in
 * the transaction that commits it. 'closed' when the connection was closed while it waited (the
 * agent signed out): nothing was written.
 */
export async function writeWhenFree<T>(db: Database.Database, write: () => T, options: WriteWhenFreeOptions = {}): Promise<T | 'closed'> {
  const { retryMs = 5, giveUpMs = 10_000 } = options;
  const started = performance.now();
  for (;;) {
    if (!db.open) return 'closed';
    const attempt = writeUnlessBusy(db, write);
    if (attempt.written) return attempt.value;
    const waited = performance.now() - started;
    if (waited >= giveUpMs) throw new CacheBusyError(waited);
    await sleep(retryMs);
  }
}
