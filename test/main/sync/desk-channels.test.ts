import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileName } from '../../../src-main/cache/cache-file.js';
import { EventBus } from '../../../src-main/events.js';
import { ServerClient } from '../../../src-main/net/server-client.js';
import { OfflineUnlocker } from '../../../src-main/session/offline-unlock.js';
import { SessionService } from '../../../src-main/session/session-service.js';
import { CacheService } from '../../../src-main/sync/cache-service.js';
import type { SyncStatusView } from '../../../src-shared/ipc/cache.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { silentLogger } from '../../../src-shared/node/log.js';
import { TestClock } from '../../harness/clock.js';
import { testCustomers, testDirectoryConfig } from '../../harness/directory.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startTcpProxy, type TcpProxy } from '../../harness/tcp-proxy.js';
import { articleInput, createTicket, expectApplied, mutation, queueId, send, setState, testQueues } from '../../server/mutations/support.js';
import { signIn } from '../../server/feed/support/feed-client.js';
import { temporaryDirectory } from '../../server/support/temporary.js';
import { until } from '../support/until.js';
import { whileTheSyncWrites } from '../cache/support/sync-writing.js';

interface Desk {
  cache: CacheService;
  session: SessionService;
  statuses: SyncStatusView[];
  dir: string;
  close(): Promise<void>;
}

/** The Desk's services as desk.ts wires them, on `dir`, talking to `url`. */
function startDeskServices(url: string, dir = temporaryDirectory('kontor-desk-'), options: { retentionMonths?: number } = {}): Desk {
  const bus = new EventBus();
  const statuses: SyncStatusView[] = [];
  bus.subscribe((event, payload) => {
    if (event === 'sync.changed') statuses.push(payload as SyncStatusView);
  });
  const client = new ServerClient({ url }, 3000);
  const cache = new CacheService({ dir, server: client, bus, retry: { minMs: 100, maxMs: 400 }, ...options });
  const { serviceDn: _dn, servicePassword: _password, ...directory } = testDirectoryConfig();
  const session = new SessionService(
    client,
    (dn, password) => createDirectory(directory, { dn, password }),
    bus,
    silentLogger,
    { signedIn: (agentId, token) => cache.start(agentId, token), signedOut: () => cache.stop(), revoked: (agentId) => cache.discard(agentId) },
    new OfflineUnlocker(path.join(dir, 'offline'), { maxDays: 7 }),
  );
  return {
    cache,
    session,
    statuses,
    dir,
    async close() {
      await session.close();
      await cache.stop();
    },
  };
}

const custody = 'Wertpapiere::Verwahrung';

/** The signed-in agent's cache file. */
function cacheFile(cache: CacheService): string {
  const file = cache.withCache((open) => open.db.name);
  if (file === 'not-signed-in') throw new Error('not signed in');
  return file;
}

/** Whether the cache itself holds the ticket (`tickets.get` would fetch one it lacks from the server). */
async function inCache(cache: CacheService, ticketId: string): Promise<boolean> {
  const view = await cache.ticket(ticketId);
  return view.ok && view.value.source === 'cache';
}

describe('the Desk\'s cache channels against a real server', () => {
  let server: ServerOnTestDatabase;
  const open: Desk[] = [];
  const desk = (...args: Parameters<typeof startDeskServices>): Desk => {
    const started = startDeskServices(...args);
    open.push(started);
    return started;
  };
  beforeAll(async () => {
    // Synced from the directory at start: customer users and institutions reach the caches.
    server = await startServerOnFreshDatabase({ queues: testQueues, directory: { ...testDirectoryConfig(), syncIntervalMinutes: 60 } });
  });
  afterEach(async () => {
    for (const started of open.splice(0)) await started.close();
  });
  afterAll(() => server.close());

  it('keeps an edit with its attachment in the outbox until the server has it, then shows the ticket whole; attachments download once', async () => {
    const { cache, session, dir } = desk(server.url);
    expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
    await until(() => cache.status().state === 'online', 'the first sync');

    const ticketId = randomUUID();
    const content = Buffer.from('Depotauszug 2026\n'.repeat(500));
    const attachmentId = randomUUID();
    const edit = await cache.mutate(
      'ticket.create',
      {
        ticketId,
        queueId: queueId(custody),
        title: 'Depotübertrag mit Auszug',
        type: 'service-request',
        customerUserId: null,
        article: articleInput({ attachments: [{ id: attachmentId, filename: 'auszug.txt', contentType: 'text/plain', contentBase64: content.toString('base64') }] }),
      },
      null,
    );
    expect(edit.ok).toBe(true);
    await until(async () => {
      const view = await cache.ticket(ticketId);
      return view.ok && view.value.pending.length === 0 && view.value.ticket.number !== '';
    }, 'the ticket confirmed by the feed');
    const view = await cache.ticket(ticketId);
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value).toMatchObject({ source: 'cache', failed: [], ticket: { title: 'Depotübertrag mit Auszug' } });
    expect(view.value.articles).toHaveLength(1);
    expect(view.value.articles[0]?.attachments).toEqual([
      { id: attachmentId, filename: 'auszug.txt', contentType: 'text/plain', size: content.length, sha256: createHash('sha256').update(content).digest('hex') },
    ]);
    expect(view.value.history.length).toBeGreaterThan(0);
    // What the ids stand for comes from the cache: the queue's name, its SLA with the calendar the clocks count on, who created it.
    const state = session.state();
    if (state.state !== 'signed-in') throw new Error('signed out');
    const { context } = view.value;
    expect(context.queue).toEqual({ id: queueId(custody), name: custody });
    expect(context.sla?.firstResponseMinutes).toBeGreaterThan(0);
    expect(context.calendar?.id).toBe(context.sla?.calendarId);
    expect(context.calendar?.weekdays).toHaveLength(7);
    expect(context.agents[state.signedIn.agent.id]).toBe(state.signedIn.agent.displayName);
    expect(context).toMatchObject({ customer: null, institution: null });
    // The staged file leaves with the settled edit: its row is deleted first and the file just after
    // (a crash between leaves an unreferenced file that the next start sweeps), so it is waited for.
    const staged = path.join(dir, 'caches', `${cacheFileName(state.signedIn.agent.id)}-staged`);
    await until(() => !existsSync(staged) || readdirSync(staged).length === 0, 'the staged file removed');

    const articleId = view.value.articles[0]?.id ?? '';
    const first = await cache.attachmentFile(articleId, attachmentId);
    expect(first).toMatchObject({ ok: true, value: { meta: { id: attachmentId }, size: content.length, cached: false } });
    expect(first.ok && readFileSync(first.value.file).equals(content)).toBe(true);
    expect(await cache.attachmentFile(articleId, attachmentId)).toMatchObject({ ok: true, value: { size: content.length, cached: true } });
    // Opening it claims it for the ticket, a write that waits for the sync thread on the event loop.
    const claimed = await whileTheSyncWrites(cacheFile(cache), () => cache.attachmentFile(articleId, attachmentId));
    expect(claimed.value).toMatchObject({ ok: true, value: { cached: true } });
    expect(claimed.turns).toBeGreaterThan(10);
    // An attachment is found in the article named with it, not in any other.
    expect(await cache.attachmentFile(articleId, randomUUID())).toMatchObject({ ok: false, error: { reason: 'not-found' } });
    expect(await cache.attachmentFile(randomUUID(), attachmentId)).toMatchObject({ ok: false, error: { reason: 'not-found' } });
  });

  it('refuses an edit that breaks the catalogue when it is made, saying what was wrong', async () => {
    const { cache, session } = desk(server.url);
    expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
    const refused = await cache.mutate('ticket.create', { ticketId: randomUUID(), queueId: queueId(custody), title: 'x'.repeat(5000), type: 'incident', customerUserId: null, article: articleInput() }, null);
    expect(refused).toMatchObject({ ok: false, error: { reason: 'invalid-args' } });
    expect(!refused.ok && refused.error.message).toContain('args.title');
    expect(await cache.mutate('ticket.explode', {}, null)).toMatchObject({ ok: false, error: { reason: 'invalid-args' } });
  });

  it('takes an edit while the sync thread holds the cache\'s write lock without stopping the main thread', async () => {
    const { cache, session } = desk(server.url);
    expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
    const edit = await whileTheSyncWrites(cacheFile(cache), () =>
      cache.mutate('ticket.create', { ticketId: randomUUID(), queueId: queueId(custody), title: 'Während der Synchronisation', type: 'incident', customerUserId: null, article: articleInput() }, null),
    );
    expect(edit.value.ok).toBe(true);
    // About 40 turns of 5 ms in 200 ms; a main thread asleep in SQLite's busy handler turns none.
    expect(edit.turns).toBeGreaterThan(10);
  });

  it('writes nothing of an edit the disk has no room for, and takes it once there is room', async () => {
    const { cache, session } = desk(server.url);
    expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
    await until(() => cache.status().state === 'online', 'the first sync');
    // The main thread's connection may not grow the file any more, as on a full disk.
    const diskFull = (full: boolean) => cache.withCache((open) => open.db.pragma(`max_page_count = ${full ? String(open.db.pragma('page_count', { simple: true })) : '1073741823'}`));
    diskFull(true);
    const staged = `${cacheFile(cache)}-staged`;
    const stagedBefore = existsSync(staged) ? readdirSync(staged) : [];
    const large = Buffer.alloc(256 * 1024, 'Kontoauszug ');
    const ticketId = randomUUID();
    const edit = () =>
      cache.mutate(
        'ticket.create',
        {
          ticketId,
          queueId: queueId(custody),
          title: 'Auf vollem Datenträger',
          type: 'incident',
          customerUserId: null,
          article: articleInput({ body: 'y'.repeat(60_000), attachments: [{ id: randomUUID(), filename: 'auszug.txt', contentType: 'text/plain', contentBase64: large.toString('base64') }] }),
        },
        null,
      );
    // Thrown as SQLite's SQLITE_FULL: the dispatcher answers `cache-unwritable` (dispatcher.test.ts), the form keeps the text.
    await expect(edit()).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(cache.withCache((open) => open.outbox.entries().length)).toBe(0);
    expect(existsSync(staged) ? readdirSync(staged) : []).toEqual(stagedBefore);

    diskFull(false);
    expect((await edit()).ok).toBe(true);
    await until(async () => inCache(cache, ticketId), 'the edit on the server and back in the cache');
  });

  it('keeps a conflict with the server\'s value; "apply mine again" sends it on the server\'s version', async () => {
    const created = createTicket(custody, { title: 'Konflikt' });
    const token = await signIn(server.url, 'sobrien');
    expectApplied((await send(server.url, token, created))[0]);
    const { cache, session } = desk(server.url);
    expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
    await until(() => inCache(cache, created.ticketId), 'the ticket in the cache');
    // Someone else sets the priority first; the Desk's edit still names version 1.
    expectApplied((await send(server.url, token, mutation('ticket.setPriority', { ticketId: created.ticketId, priority: 5 }, 1)))[0]);
    const edit = await cache.mutate('ticket.setPriority', { ticketId: created.ticketId, priority: 1 }, 1);
    if (!edit.ok) throw new Error(edit.error.message);
    await until(async () => {
      const view = await cache.ticket(created.ticketId);
      return view.ok && view.value.failed.length === 1;
    }, 'the conflict');
    const view = await cache.ticket(created.ticketId);
    expect(view.ok && view.value.failed[0]).toMatchObject({ mutationId: edit.value.mutationId, status: 'conflict', args: { priority: 1 }, result: { status: 'conflict', server: { priority: 5 } } });

    const again = await cache.resolveEdit(edit.value.mutationId, 'apply-mine');
    expect(again.ok && again.value.mutationId).not.toBe(edit.value.mutationId);
    await until(async () => {
      const shown = await cache.ticket(created.ticketId);
      return shown.ok && shown.value.failed.length === 0 && shown.value.pending.length === 0 && shown.value.ticket.priority === 1;
    }, 'mine applied on the server\'s version');
    expect(await cache.resolveEdit(edit.value.mutationId, 'keep-theirs')).toMatchObject({ ok: false, error: { reason: 'not-found' } });
  });

  it('finds callers in the cache (umlauts folded), offline too, and says when the live directory added nothing or could not be asked', async () => {
    const { cache, session } = desk(server.url);
    expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
    await until(() => cache.status().state === 'online', 'the first sync');
    const customer = testCustomers.find((c) => /[äöüÄÖÜß]/u.test(c.displayName)) ?? testCustomers[0];
    if (!customer) throw new Error('the test directory has no customers');
    const surname = customer.displayName.split(' ').at(-1) ?? customer.displayName;
    const folded = surname.replace(/ä/gu, 'ae').replace(/ö/gu, 'oe').replace(/ü/gu, 'ue').replace(/ß/gu, 'ss');
    const found = await cache.searchCallers(folded.slice(0, 4), (q) => session.searchCustomers(q));
    const hit = found.ok ? found.value.callers.find((caller) => caller.id === customer.id) : undefined;
    expect(hit).toMatchObject({ source: 'cache', institution: { id: customer.institution.id } });
    expect(found.ok && found.value.directory).toBe('asked');
    // A number typed without spaces finds the caller, from the cache alone when the directory is down.
    const byPhone = await cache.searchCallers(customer.phone.replace(/\D/gu, ''), () => Promise.resolve({ ok: false, error: { reason: 'directory-unavailable', message: 'down' } }));
    expect(byPhone.ok && byPhone.value).toMatchObject({ directory: 'unavailable', callers: [expect.objectContaining({ id: customer.id, source: 'cache' })] });
  });

  it('opens offline with the password of the last online sign-in, refuses a wrong one, and asks to sign in once the server is back', async () => {
    const proxy: TcpProxy = await startTcpProxy('127.0.0.1', Number(new URL(server.url).port));
    const url = `http://127.0.0.1:${String(proxy.port)}`;
    const dir = temporaryDirectory('kontor-desk-');
    const created = createTicket(custody, { title: 'Offline lesbar' });
    expectApplied((await send(server.url, await signIn(server.url, 'sobrien'), created))[0]);
    let restarted: TcpProxy | null = null;
    try {
      const first = desk(url, dir);
      expect((await first.session.login('sobrien', demoPassword)).ok).toBe(true);
      await until(() => inCache(first.cache, created.ticketId), 'the ticket in the cache');
      await first.session.logout();
      await first.close();

      await proxy.close();
      const second = desk(url, dir);
      expect(await second.session.login('sobrien', 'wrong')).toMatchObject({ ok: false, error: { reason: 'invalid-credentials' } });
      expect(await second.session.login('mmueller', demoPassword)).toMatchObject({ ok: false, error: { reason: 'server-unreachable' } });
      expect(await second.session.login('sobrien', demoPassword)).toMatchObject({ ok: true, value: { state: 'signed-in', unlockedOffline: true } });
      await until(() => second.cache.status().state === 'offline', 'offline');
      expect(second.cache.status()).toMatchObject({ state: 'offline', unlocked: true });
      const view = await second.cache.ticket(created.ticketId);
      expect(view.ok && view.value.ticket.title).toBe('Offline lesbar');
      const edit = await second.cache.mutate('ticket.addArticle', { ticketId: created.ticketId, article: articleInput({ body: 'offline notiert' }) }, null);
      expect(edit.ok).toBe(true);

      restarted = await startTcpProxy('127.0.0.1', Number(new URL(server.url).port), proxy.port);
      await until(() => second.cache.status().state === 'signed-out', 'the request to sign in again', 10_000);
      expect((await second.session.login('sobrien', demoPassword)).ok).toBe(true);
      await until(async () => {
        const shown = await second.cache.ticket(created.ticketId);
        return shown.ok && shown.value.pending.length === 0 && shown.value.articles.some((article) => article.body === 'offline notiert');
      }, 'the offline note on the server and back');
    } finally {
      await restarted?.close();
    }
  });

  it('lets closed tickets past the retention window leave the cache and fetches one on demand; callers the cache lacks come from the directory', async () => {
    const clock = new TestClock(new Date(Date.now() - 2 * 365 * 86_400_000));
    const old = await startServerOnFreshDatabase({ queues: testQueues }, { now: clock.now });
    try {
      const token = await signIn(old.url, 'sobrien');
      const closed = createTicket(custody, { title: 'Alt und erledigt' });
      expectApplied((await send(old.url, token, closed))[0]);
      expectApplied((await send(old.url, token, setState(closed.ticketId, 1, 'closed-successful')))[0]);
      const openOne = createTicket(custody, { title: 'Alt, aber offen' });
      expectApplied((await send(old.url, token, openOne))[0]);
      clock.advance(2 * 365 * 86_400_000);

      const { cache, session } = desk(old.url, temporaryDirectory('kontor-desk-'), { retentionMonths: 12 });
      expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
      const titles = (): string[] => {
        const queue = cache.queuePage({ queueId: queueId(custody), limit: 10 });
        return queue.ok ? queue.value.tickets.map((shown) => shown.ticket.title) : [];
      };
      // Retention runs after each sync.
      await until(() => cache.status().state === 'online' && titles().length === 1, 'the sync and retention');
      expect(titles()).toEqual(['Alt, aber offen']);
      const fetched = await cache.ticket(closed.ticketId);
      expect(fetched.ok && fetched.value).toMatchObject({ source: 'server', ticket: { title: 'Alt und erledigt', state: 'closed-successful' } });
      expect(await cache.ticket(randomUUID())).toMatchObject({ ok: false, error: { reason: 'not-found' } });

      // This server never synced its directory: the cache knows no callers, the live directory adds them, marked as such.
      const customer = testCustomers[0];
      if (!customer) throw new Error('the test directory has no customers');
      const live = await cache.searchCallers(customer.displayName, (q) => session.searchCustomers(q));
      expect(live.ok && live.value).toMatchObject({ directory: 'asked', callers: [expect.objectContaining({ id: customer.id, source: 'directory' })] });
    } finally {
      await old.close();
    }
  });
});
