import Database from 'better-sqlite3';

/**
 * Runs `write` (a main-thread write of the Desk) while a second connection to the cache `file`,
 * the sync thread's, holds the write lock for `holdMs`, as a group of pages does during a
 * bootstrap. Says how many 5 ms timer turns the event loop made meanwhile: a main thread asleep in
 * SQLite's busy handler makes none.
 */
export async function whileTheSyncWrites<T>(file: string, write: () => Promise<T>, holdMs = 200): Promise<{ value: T; turns: number }> {
  const sync = new Database(file);
  let turns = 0;
  const ticker = setInterval(() => (turns += 1), 5);
  try {
    sync.exec('BEGIN IMMEDIATE');
    const released = new Promise<void>((resolve) => {
      setTimeout(() => {
        if (sync.open) sync.exec('COMMIT');
        resolve();
      }, holdMs);
    });
    const value = await write();
    const turnsWhileWriting = turns;
    await released;
    return { value, turns: turnsWhileWriting };
  } finally {
    clearInterval(ticker);
    sync.close();
  }
}
