import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheBusyError, writeUnlessBusy, writeWhenFree } from '../../../src-main/cache/write-when-free.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

/** The main thread's connection and the sync thread's, on one WAL file as the Desk opens them. */
function twoConnections(): { main: Database.Database; sync: Database.Database } {
  const file = path.join(temporaryDirectory('kontor-cache-'), 'cache.sqlite');
  const main = new Database(file);
  main.pragma('journal_mode = WAL');
  main.pragma('busy_timeout = 5000');
  main.exec('CREATE TABLE notes (body TEXT NOT NULL)');
  const sync = new Database(file);
  return { main, sync };
}

/** Counts the event loop's turns while `waiting` runs: a main thread asleep in SQLite turns none. */
async function turnsDuring<T>(waiting: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  const ticker = setInterval(() => (turns += 1), 5);
  try {
    return { value: await waiting, turns };
  } finally {
    clearInterval(ticker);
  }
}

describe('writes on the main thread while the sync thread holds the cache', () => {
  const opened: Database.Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
  });

  it('waits for the write lock on the event loop and writes once it is free', async () => {
    const { main, sync } = twoConnections();
    opened.push(main, sync);
    sync.exec('BEGIN IMMEDIATE');
    sync.prepare('INSERT INTO notes (body) VALUES (?)').run('a page');
    setTimeout(() => sync.exec('COMMIT'), 200);
    const started = performance.now();
    let runs = 0;
    const { value, turns } = await turnsDuring(writeWhenFree(main, () => ((runs += 1), main.prepare('INSERT INTO notes (body) VALUES (?)').run('an edit').changes)));
    expect(value).toBe(1);
    expect(runs).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    // About 40 turns of 5 ms in 200 ms; a thread asleep in the busy handler turns none.
    expect(turns).toBeGreaterThan(10);
    expect(main.prepare('SELECT body FROM notes ORDER BY rowid').pluck().all()).toEqual(['a page', 'an edit']);
    // The connection's own busy timeout is as it was.
    expect(main.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('gives up with a clear error when the lock stays taken, having written nothing', async () => {
    const { main, sync } = twoConnections();
    opened.push(main, sync);
    sync.exec('BEGIN IMMEDIATE');
    let runs = 0;
    const write = writeWhenFree(main, () => (runs += 1), { giveUpMs: 100 });
    await expect(write).rejects.toBeInstanceOf(CacheBusyError);
    await expect(write).rejects.toThrow(/stayed busy .*nothing was written/u);
    expect(runs).toBe(0);
    expect(writeUnlessBusy(main, () => (runs += 1))).toEqual({ written: false });
    sync.exec('ROLLBACK');
    expect(writeUnlessBusy(main, () => (runs += 1))).toEqual({ written: true, value: 1 });
  });

  it('says the cache was closed when the agent signed out while the write waited', async () => {
    const { main, sync } = twoConnections();
    opened.push(main, sync);
    sync.exec('BEGIN IMMEDIATE');
    setTimeout(() => main.close(), 50);
    let runs = 0;
    expect(await writeWhenFree(main, () => (runs += 1))).toBe('closed');
    expect(runs).toBe(0);
  });

  it('rolls back and passes on what the write throws', async () => {
    const { main, sync } = twoConnections();
    opened.push(main, sync);
    await expect(
      writeWhenFree(main, () => {
        main.prepare('INSERT INTO notes (body) VALUES (?)').run('half');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(main.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
  });
});
