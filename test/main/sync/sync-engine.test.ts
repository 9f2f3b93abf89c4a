import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../../src-main/cache/cache-file.js';
import { Outbox } from '../../../src-main/cache/outbox.js';
import { ServerClient } from '../../../src-main/net/server-client.js';
import { nextIndexLimit, SyncEngine, type SyncEngineOptions, type SyncStatus } from '../../../src-main/sync/sync-engine.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startTcpProxy, type TcpProxy } from '../../harness/tcp-proxy.js';
import { createTicket, expectApplied, queueId, send, testQueues } from '../../server/mutations/support.js';
import { request } from '../../server/support/http.js';
import { pullAll, signIn } from '../../server/feed/support/feed-client.js';
import { waitForStamped } from '../../server/feed/support/domain.js';
import { temporaryDirectory } from '../../server/support/temporary.js';
import { until } from '../support/until.js';

const ticketsIn = (cache: Database.Database): string[] => (cache.prepare('SELECT "id" FROM tickets ORDER BY "id"').all() as { id: string }[]).map((row) => row.id);


describe('the sync engine keeps an agent\'s cache current', () => {
  let server: ServerOnTestDatabase;
  let proxy: TcpProxy;
  let port: number;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ queues: testQueues });
    port = Number(new URL(server.url).port);
    proxy = await startTcpProxy('127.0.0.1', port);
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });

  /** An engine through the proxy with pages of three changes: a bootstrap takes dozens of pages. */
  function transferEngine(cache: Database.Database, token: string, options: Pick<SyncEngineOptions, 'changesEveryMs' | 'onChanged' | 'onStatus'>): SyncEngine {
    return new SyncEngine({ cache, client: new ServerClient({ url: `http://127.0.0.1:${String(proxy.port)}` }), token, retry: { minMs: 50, maxMs: 200 }, pollMs: 3_600_000, pageSize: 3, ...options });
  }

  function engineFor(cache: Database.Database, token: string, statuses: SyncStatus[]): SyncEngine {
    // Polling far off: what arrives, arrives by the server's push.
    return new SyncEngine({ cache, client: new ServerClient({ url: `http://127.0.0.1:${String(proxy.port)}` }), token, onStatus: (status) => statuses.push(status), retry: { minMs: 50, maxMs: 200 }, pollMs: 3_600_000 });
  }

  it('brings another agent\'s edit on the server push, pushes its own, and goes offline and back by itself', async () => {
    const token = await signIn(server.url, 'sobrien');
    const cache = openCache(temporaryDirectory('kontor-engine-'), 'sobrien');
    const statuses: SyncStatus[] = [];
    const engine = engineFor(cache, token, statuses);
    try {
      engine.start();
      await until(() => engine.status.state === 'online', 'the first sync');

      // Someone else's edit arrives by the push, without a poll.
      const other = createTicket('Wertpapiere::Verwahrung');
      expectApplied((await send(server.url, await signIn(server.url, 'sobrien'), other))[0]);
      const latency = await until(() => ticketsIn(cache).includes(other.ticketId), 'the pushed ticket');
      expect(latency).toBeLessThan(2000);

      // The server goes away: the engine says so, keeps the edit made meanwhile, and recovers alone.
      await proxy.close();
      const outbox = new Outbox(cache);
      const mine = randomUUID();
      expect(outbox.enqueue('ticket.create', { ticketId: mine, queueId: queueId('Wertpapiere::Verwahrung'), title: 'Offline erfasst', type: 'incident', customerUserId: null, article: { articleId: randomUUID(), channel: 'phone', visibility: 'internal', subject: 'Anruf', body: 'Offline notiert.' } }, null).ok).toBe(true);
      void engine.runNow();
      await until(() => engine.status.state === 'offline', 'offline');
      const offline = engine.status;
      expect(offline).toMatchObject({ state: 'offline' });
      proxy = await startTcpProxy('127.0.0.1', port, proxy.port);
      await until(() => ticketsIn(cache).includes(mine) && outbox.entries().length === 0, 'the offline edit on the server and back in the cache');
      expect(engine.status.state).toBe('online');
      expect(statuses.some((status) => status.state === 'offline')).toBe(true);
    } finally {
      await engine.stop();
      cache.close();
    }
  });

  it('says when it cannot store what arrives (a full disk), not that the server is gone, and goes on once there is room', async () => {
    const token = await signIn(server.url, 'sobrien');
    const cache = openCache(temporaryDirectory('kontor-engine-'), 'sobrien-full');
    const statuses: SyncStatus[] = [];
    const engine = engineFor(cache, token, statuses);
    try {
      engine.start();
      await until(() => engine.status.state === 'online', 'the first sync');
      // The file may not grow any more, as on a full disk: SQLite answers SQLITE_FULL to the next page.
      const pages = cache.pragma('page_count', { simple: true }) as number;
      cache.pragma(`max_page_count = ${String(pages)}`);
      const others = Array.from({ length: 20 }, (_, i) => createTicket('Wertpapiere::Verwahrung', { title: `Voll ${String(i)} ${'x'.repeat(150)}` }));
      for (const result of await send(server.url, await signIn(server.url, 'sobrien'), ...others)) expectApplied(result);
      await until(() => engine.status.state === 'offline', 'the failed store', 10_000);
      expect(engine.status).toMatchObject({ state: 'offline', cause: 'cache', message: expect.stringMatching(/full/u) as unknown, unlocked: false });
      expect(ticketsIn(cache)).not.toContain(others[0]?.ticketId);

      cache.pragma('max_page_count = 1073741823');
      await until(() => engine.status.state === 'online' && others.every((other) => ticketsIn(cache).includes(other.ticketId)), 'the tickets stored once there is room', 10_000);
      expect(statuses.filter((status) => status.state === 'offline').every((status) => 'cause' in status && status.cause === 'cache')).toBe(true);
    } finally {
      await engine.stop();
      cache.close();
    }
  });

  it('pauses when the session ends, keeps the outbox, and goes on after the agent signs in again', async () => {
    const token = await signIn(server.url, 'sobrien');
    const cache = openCache(temporaryDirectory('kontor-engine-'), 'sobrien-2');
    const engine = engineFor(cache, token, []);
    try {
      engine.start();
      await until(() => engine.status.state === 'online', 'the first sync');
      expect((await request(`${server.url}/api/v1/sessions/current`, { method: 'DELETE', token })).status).toBe(204);
      const outbox = new Outbox(cache);
      const ticketId = randomUUID();
      outbox.enqueue('ticket.create', { ticketId, queueId: queueId('Wertpapiere::Verwahrung'), title: 'Nach Abmeldung', type: 'incident', customerUserId: null, article: { articleId: randomUUID(), channel: 'phone', visibility: 'internal', subject: 'Anruf', body: 'Text.' } }, null);
      void engine.runNow();
      await until(() => engine.status.state === 'signed-out', 'signed out');
      expect(outbox.entries().map((entry) => entry.status)).toEqual(['pending']);
      engine.resume(await signIn(server.url, 'sobrien'));
      await until(() => ticketsIn(cache).includes(ticketId) && outbox.entries().length === 0, 'the kept edit after signing in again');
    } finally {
      await engine.stop();
      cache.close();
    }
  });

  it('stores a long transfer in growing groups of pages, and after a cut keeps what arrived and goes on from there', async () => {
    const writer = await signIn(server.url, 'sobrien');
    const created = Array.from({ length: 40 }, () => createTicket('Wertpapiere::Verwahrung'));
    for (const result of await send(server.url, writer, ...created)) expectApplied(result);
    const cache = openCache(temporaryDirectory('kontor-engine-'), 'sobrien-3');
    const stored: number[] = [];
    const cursors = cache.prepare('SELECT "cursor" FROM sync_state').pluck();
    const engine = transferEngine(cache, writer, {
      // Told after every stored group, as the groups are what this counts.
      changesEveryMs: 0,
      onChanged: () => stored.push(ticketsIn(cache).length),
    });
    try {
      engine.start();
      // Cut the connection once part of the snapshot is stored: what is stored stays, the rest comes after it.
      await until(() => stored.length >= 3, 'the first groups');
      const before = cursors.get();
      proxy.dropConnections();
      await until(() => engine.status.state === 'online', 'the whole snapshot');
      expect(before).not.toBe('');
      const pages = (await pullAll(server.url, writer, '', 3)).pages.length;
      // Fewer commits than pages: the first page alone, then groups growing to the limit.
      expect(stored.length).toBeLessThan(pages / 2);
      expect(ticketsIn(cache)).toEqual(expect.arrayContaining(created.map((ticket) => ticket.ticketId)));
    } finally {
      await engine.stop();
      cache.close();
    }
  });

  it('tells a long transfer\'s changes at most once a second and its progress at most four times a second, the end at once', async () => {
    const writer = await signIn(server.url, 'sobrien');
    for (const result of await send(server.url, writer, ...Array.from({ length: 20 }, () => createTicket('Wertpapiere::Verwahrung')))) expectApplied(result);
    // Numbered in the log before the transfer begins: it is one transfer, not a second pull after a push.
    await waitForStamped(server.server.db);
    const cache = openCache(temporaryDirectory('kontor-engine-'), 'sobrien-4');
    // What the screens are told, in order, with when.
    const told: { what: string; at: number; tickets: number }[] = [];
    const engine = transferEngine(cache, writer, {
      onChanged: () => told.push({ what: 'changed', at: Date.now(), tickets: ticketsIn(cache).length }),
      onStatus: (status) => told.push({ what: status.state, at: Date.now(), tickets: 0 }),
    });
    try {
      engine.start();
      await until(() => engine.status.state === 'online', 'the whole snapshot', 20_000);
      const changes = told.filter((event) => event.what === 'changed');
      const progress = told.filter((event) => event.what === 'syncing');
      const pages = (await pullAll(server.url, writer, '', 3)).pages.length;
      const lasted = (told.at(-1)?.at ?? 0) - (told[0]?.at ?? 0);
      // Dozens of pages, stored in a growing number of groups: the first told at once, the others
      // folded into one a second (and the last at once); the progress at most every 250 ms.
      expect(pages).toBeGreaterThan(30);
      expect(changes.length).toBeGreaterThanOrEqual(2);
      expect(changes.length).toBeLessThanOrEqual(2 + Math.floor(lasted / 1000));
      expect(progress.length).toBeLessThanOrEqual(1 + Math.ceil(lasted / 250));
      for (let i = 1; i < changes.length - 1; i += 1) expect((changes[i]?.at ?? 0) - (changes[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(990);
      for (let i = 1; i < progress.length; i += 1) expect((progress[i]?.at ?? 0) - (progress[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(240);
      // The last change told holds the whole snapshot, and comes before the cache is said to be online.
      const last = changes.at(-1);
      expect(last?.tickets).toBe(ticketsIn(cache).length);
      expect(told.findIndex((event) => event.what === 'online')).toBeGreaterThan(last === undefined ? told.length : told.indexOf(last));
    } finally {
      await engine.stop();
      cache.close();
    }
  });
});

describe('the size of a search-index batch', () => {
  it('shrinks a batch that took several slices, halfway at a time, and never below one ticket', () => {
    // 25 tickets in 100 ms: about 4 would have taken the 15 ms slice.
    expect(nextIndexLimit(25, 100, 25)).toBe(14);
    let limit = 25;
    for (let batch = 0; batch < 10; batch += 1) limit = nextIndexLimit(limit, limit * 4, 25);
    expect(limit).toBe(4);
    expect(nextIndexLimit(1, 500, 25)).toBe(1);
  });

  it('grows a quick batch back, up to the configured size', () => {
    expect(nextIndexLimit(4, 3, 25)).toBe(12);
    expect(nextIndexLimit(12, 0, 25)).toBe(25);
    expect(nextIndexLimit(2, 1, 5)).toBe(5);
  });
});
