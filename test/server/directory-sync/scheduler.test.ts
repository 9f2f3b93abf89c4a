import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../../src-server/db/connection-errors.js';
import { openPostgres } from '../../../src-server/db/database.js';
import { startDirectorySync, type DirectorySyncSchedule } from '../../../src-server/directory-sync/scheduler.js';
import { directorySyncLockKey } from '../../../src-server/directory-sync/sync-directory.js';
import { LdifDirectory } from '../../../src-shared/node/directory/ldif.js';
import { DirectoryUnavailableError, type Directory } from '../../../src-shared/node/directory/types.js';
import { testCustomers, testDirectory, testDirectoryMapping, testInstitutions } from '../../harness/directory.js';
import { testRoles } from '../../harness/kontor-server.js';
import { lastChangeId, openSyncDatabase, type SyncDatabase } from './support.js';

const institutionCount = Object.keys(testInstitutions).length;

interface LogLine {
  level: 'info' | 'warn';
  details: Record<string, unknown>;
  message: string;
}

/** Just enough of pino, keeping every line. */
class MemoryLog {
  readonly lines: LogLine[] = [];
  info(details: object, message: string): void {
    this.lines.push({ level: 'info', details: details as Record<string, unknown>, message });
  }
  warn(details: object, message: string): void {
    this.lines.push({ level: 'warn', details: details as Record<string, unknown>, message });
  }
  messages(level: LogLine['level']): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}

const demoDirectory = (): Directory => new LdifDirectory(testDirectoryMapping(), testDirectory.ldif);

/** The demo directory, except that its first listings fail with the errors given, one per run. */
function flakyDirectory(...failures: Error[]): Directory {
  const inner = demoDirectory();
  const pending = [...failures];
  return Object.assign(Object.create(inner) as Directory, {
    listCustomerDirectory: () => {
      const failure = pending.shift();
      return failure ? Promise.reject(failure) : inner.listCustomerDirectory();
    },
  });
}

describe('startDirectorySync', () => {
  let sync: SyncDatabase;
  let schedule: DirectorySyncSchedule | undefined;
  beforeAll(async () => {
    sync = await openSyncDatabase();
  });
  afterEach(async () => {
    await schedule?.stop();
    schedule = undefined;
  });
  afterAll(async () => {
    await sync.close();
  });

  it('syncs at start and logs the report in one line', async () => {
    const log = new MemoryLog();
    schedule = startDirectorySync({ db: sync.db, directory: demoDirectory(), config: { roles: testRoles }, log, intervalMs: 3_600_000 });
    await expect.poll(() => log.lines.length).toBe(1);
    const [line] = log.lines;
    expect(line?.level).toBe('info');
    expect(line?.message).toMatch(
      new RegExp(`^directory synced in \\d+ ms: institutions ${String(institutionCount)} created, 0 updated, 0 invalidated, 0 unchanged; customers ${testCustomers.length} created, .*; agents 9 created, 0 updated, 0 invalidated, 0 unchanged$`, 'u'),
    );
    expect(line?.details['directorySync']).toMatchObject({ ok: true, institutions: { created: institutionCount }, skipped: [] });
  });

  it('runs one at a time in a process: runs asked for together follow each other', async () => {
    schedule = startDirectorySync({ db: sync.db, directory: demoDirectory(), config: { roles: testRoles }, log: new MemoryLog(), intervalMs: 3_600_000 });
    const results = await Promise.all([schedule.runNow(), schedule.runNow(), schedule.runNow()]);
    for (const result of results) expect(result).toMatchObject({ ok: true, customers: { created: 0, updated: 0, invalidated: 0, unchanged: testCustomers.length } });
  });

  it('writes nothing while another instance holds the sync, and says so', async () => {
    const log = new MemoryLog();
    schedule = startDirectorySync({ db: sync.db, directory: demoDirectory(), config: { roles: testRoles }, log, intervalMs: 3_600_000 });
    await expect.poll(() => log.lines.length).toBe(1);
    const other = openPostgres(sync.database.url, { max: 1 });
    let release = (): void => undefined;
    let taken = (): void => undefined;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const holder = other.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [directorySyncLockKey]);
      taken();
      await new Promise<void>((resolve) => (release = resolve));
    });
    try {
      await lockTaken;
      const mark = await lastChangeId(sync.db);
      expect(await schedule.runNow()).toEqual({ ok: false, reason: 'sync-in-progress', message: 'another Kontor Server instance is syncing the directory right now' });
      expect(log.lines.at(-1)).toMatchObject({ level: 'info', message: 'directory sync: another Kontor Server instance is syncing the directory right now' });
      expect(await lastChangeId(sync.db)).toBe(mark);
    } finally {
      release();
      await holder;
      await other.close();
    }
    expect(await schedule.runNow()).toMatchObject({ ok: true });
  });

  it('logs a warning when the directory fails, never throws out of the timer, and tries again at the next run', async () => {
    const log = new MemoryLog();
    const directory = flakyDirectory(new Error('connection reset by a firewall'), new DirectoryUnavailableError('the directory did not answer in time'));
    schedule = startDirectorySync({ db: sync.db, directory, config: { roles: testRoles }, log, intervalMs: 20 });
    await expect.poll(() => log.messages('info').length).toBeGreaterThanOrEqual(1);
    expect(log.messages('warn').slice(0, 2)).toEqual([
      'directory sync failed; trying again at the next run',
      'directory sync: the directory could not be read, nothing was changed: the directory did not answer in time; trying again at the next run',
    ]);
    expect(log.lines[0]?.details['err']).toBeInstanceOf(Error);
    expect(log.messages('info')[0]).toMatch(/^directory synced in /u);
  });

  it('refuses an interval a timer cannot keep, before it runs anything', () => {
    const log = new MemoryLog();
    for (const intervalMs of [0, -1, 1.5, 2 ** 31]) {
      expect(() => startDirectorySync({ db: sync.db, directory: demoDirectory(), config: { roles: testRoles }, log, intervalMs })).toThrow(RangeError);
    }
    expect(log.lines).toEqual([]);
  });

  it('logs a warning when the database is down and keeps its schedule', async () => {
    const log = new MemoryLog();
    const down = openPostgres('postgres://kontor@127.0.0.1:1/kontor', { max: 1 });
    try {
      schedule = startDirectorySync({ db: down, directory: demoDirectory(), config: { roles: testRoles }, log, intervalMs: 20 });
      await expect.poll(() => log.lines.filter((line) => line.message === 'directory sync failed; trying again at the next run').length).toBeGreaterThanOrEqual(2);
      const failure = log.lines.find((line) => line.message === 'directory sync failed; trying again at the next run');
      expect(failure?.details['err']).toBeInstanceOf(DatabaseUnavailableError);
      await schedule.stop();
    } finally {
      await down.close();
    }
  });
});
