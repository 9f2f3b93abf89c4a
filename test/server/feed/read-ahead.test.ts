import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { loadCursorKey } from '../../../src-server/sync/feed/cursor-key.js';
import { readChanges, type FeedDependencies, type ServedPage } from '../../../src-server/sync/feed/feed.js';
import { ResyncRequired } from '../../../src-server/sync/feed/phases.js';
import { ReadAhead } from '../../../src-server/sync/feed/read-ahead.js';
import { changesResponseSchema, type ChangesResponse } from '../../../src-shared/sync/protocol.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, waitForStamped } from './support/domain.js';
import { signIn } from './support/feed-client.js';

/** A read-ahead whose reads the test can wait for, so that it knows a page was read before it changes anything. */
class WatchedReadAhead extends ReadAhead<ServedPage> {
  readonly reads: Promise<unknown>[] = [];

  override start(key: string, owner: string, read: () => Promise<ServedPage>): void {
    super.start(key, owner, () => {
      const reading = read();
      this.reads.push(reading.catch(() => undefined));
      return reading;
    });
  }

  /** Every read started so far has ended, also those a read started when it was done. */
  async settled(): Promise<void> {
    for (let seen = -1; seen !== this.reads.length; ) {
      seen = this.reads.length;
      await Promise.all(this.reads);
    }
  }
}

describe('the next snapshot page is read while the Desk takes in the last one', () => {
  let running: ServerOnTestDatabase;
  let db: Database;
  let custody: Queue;
  let agentId: string;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
    db = openPostgres(running.database.url, { max: 4 });
    custody = await createQueue(db, 'Verwahrung', 'custody');
    for (let index = 0; index < 6; index += 1) await createTicket(db, custody, `Depot transfer ${index}`);
    await signIn(running.url, 'sobrien');
    agentId = (await db.query<{ id: string }>(`SELECT id FROM agents WHERE username = 'sobrien'`)).rows[0]?.id ?? '';
    await waitForStamped(db);
  });
  afterAll(async () => {
    await db.close();
    await running.close();
  });

  const depsWith = (readAhead: ReadAhead<ServedPage> | null): FeedDependencies => ({ db, cursorKey: () => loadCursorKey(db, new Date()), now: () => new Date(), readAhead });
  const page = async (deps: FeedDependencies, after: string, limit: number): Promise<ChangesResponse> =>
    changesResponseSchema.parse(JSON.parse((await readChanges(deps, { agentId, after, limit })).toString('utf8')));
  const withoutTime = ({ serverTime: _serverTime, ...rest }: ChangesResponse): Omit<ChangesResponse, 'serverTime'> => rest;

  it('serves the page it read ahead, the very page a read made when asked would be', async () => {
    const readAhead = new WatchedReadAhead();
    const first = await page(depsWith(readAhead), '', 5);
    expect(first).toMatchObject({ phase: 'snapshot', hasMore: true });
    await readAhead.settled();
    // The next two pages, each read when the one before it was.
    expect(readAhead.size).toBe(2);
    const second = await page(depsWith(readAhead), first.cursor, 5);
    expect(withoutTime(second)).toEqual(withoutTime(await page(depsWith(null), first.cursor, 5)));
    // Taken once: the same request again reads anew.
    expect(readAhead.take(`${agentId}\n5\n${first.cursor}`)).toBeNull();
  });

  it('reads again a page that reached the log: only a read made when asked may say where the log ends', async () => {
    const readAhead = new WatchedReadAhead();
    // All of the snapshot but its last change, so that the page read ahead completes it and reaches the log.
    const whole = await page(depsWith(null), '', 1000);
    const limit = (whole.progress?.total ?? 0) - 1;
    const first = await page(depsWith(readAhead), '', limit);
    expect(first.hasMore).toBe(true);
    await readAhead.settled();
    expect(readAhead.size).toBe(1);
    const late = await createTicket(db, custody, 'Opened while the Desk took in the first page');
    await waitForStamped(db);
    let rest = await page(depsWith(readAhead), first.cursor, limit);
    const changes = [...rest.changes];
    while (rest.hasMore) {
      rest = await page(depsWith(readAhead), rest.cursor, limit);
      changes.push(...rest.changes);
    }
    expect(changes.filter((change) => change.seq > 0 && change.id === late.ticket.id)).not.toEqual([]);
    expect(rest.position).toBe(await waitForStamped(db));
  });

  it('does not serve a page read ahead for groups the agent no longer holds', async () => {
    const readAhead = new WatchedReadAhead();
    const first = await page(depsWith(readAhead), '', 5);
    await readAhead.settled();
    const before = await db.query<{ permissions: unknown }>('SELECT permissions FROM agents WHERE id = $1', [agentId]);
    try {
      await db.query(`UPDATE agents SET permissions = '{"tax": ["rw"]}'::jsonb, permission_epoch = permission_epoch + 1 WHERE id = $1`, [agentId]);
      await expect(readChanges(depsWith(readAhead), { agentId, after: first.cursor, limit: 5 })).rejects.toBeInstanceOf(ResyncRequired);
    } finally {
      await db.query('UPDATE agents SET permissions = $2::jsonb, permission_epoch = permission_epoch + 1 WHERE id = $1', [agentId, JSON.stringify(before.rows[0]?.permissions)]);
    }
  });
});

describe('ReadAhead', () => {
  const read = (page: string) => (): Promise<string> => Promise.resolve(page);

  it('holds at most `depth` pages of one Desk and `capacity` in all, reading no more rather than dropping one about to be taken', async () => {
    const readAhead = new ReadAhead<string>({ capacity: 3, depth: 2, ttlMs: 1000 });
    readAhead.start('a1', 'a', read('A1'));
    readAhead.start('a2', 'a', read('A2'));
    readAhead.start('a3', 'a', read('A3'));
    readAhead.start('b1', 'b', read('B1'));
    readAhead.start('c1', 'c', read('C1'));
    expect(readAhead.size).toBe(3);
    expect(readAhead.take('a3')).toBeNull();
    expect(readAhead.take('c1')).toBeNull();
    expect(await readAhead.peek('a1')).toBe('A1');
    expect(await readAhead.take('a1')).toBe('A1');
    expect(readAhead.take('a1')).toBeNull();
    readAhead.start('a3', 'a', read('A3'));
    expect(await readAhead.take('a3')).toBe('A3');
  });

  it('drops a page nobody took in time, and forgets a read that failed', async () => {
    let now = 0;
    const readAhead = new ReadAhead<string>({ capacity: 1, depth: 1, ttlMs: 1000 }, () => now);
    readAhead.start('a', 'a', read('A'));
    now = 1001;
    expect(readAhead.peek('a')).toBeNull();
    expect(readAhead.take('a')).toBeNull();
    readAhead.start('b', 'b', () => Promise.reject(new Error('connection lost')));
    expect(await readAhead.take('b')).toBeNull();
    // The expired page makes room for another.
    readAhead.start('c', 'c', read('C'));
    now = 2500;
    readAhead.start('d', 'd', read('D'));
    expect(readAhead.take('c')).toBeNull();
    expect(await readAhead.take('d')).toBe('D');
  });
});
