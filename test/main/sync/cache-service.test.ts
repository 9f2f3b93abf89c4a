import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileName, openCache } from '../../../src-main/cache/cache-file.js';
import { Outbox } from '../../../src-main/cache/outbox.js';
import { EventBus } from '../../../src-main/events.js';
import { ServerClient } from '../../../src-main/net/server-client.js';
import { SessionService } from '../../../src-main/session/session-service.js';
import { CacheService } from '../../../src-main/sync/cache-service.js';
import type { SyncStatusView } from '../../../src-shared/ipc/cache.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { silentLogger } from '../../../src-shared/node/log.js';
import { testDirectoryConfig } from '../../harness/directory.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { articleInput, createTicket, expectApplied, queueId, send, testQueues } from '../../server/mutations/support.js';
import { signIn } from '../../server/feed/support/feed-client.js';
import { temporaryDirectory } from '../../server/support/temporary.js';
import { damageRoots, migrationsTables } from '../cache/support/damage.js';
import { until } from '../support/until.js';


// The Desk's services as the hosts wire them: signing in opens the agent's cache and syncs it;
// the renderer's channels read it; signing out closes it.
describe('the agent\'s cache behind the Desk\'s channels', () => {
  let server: ServerOnTestDatabase;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ queues: testQueues });
  });
  afterAll(() => server.close());

  it('fills at sign-in, shows a queue and finds a ticket as the agent types, and closes at sign-out', async () => {
    const created = createTicket('Wertpapiere::Verwahrung', { title: 'Depotübertrag Müller' });
    expectApplied((await send(server.url, await signIn(server.url, 'sobrien'), created))[0]);

    const bus = new EventBus();
    const statuses: SyncStatusView[] = [];
    let changes = 0;
    bus.subscribe((event, payload) => {
      if (event === 'sync.changed') statuses.push(payload as SyncStatusView);
      if (event === 'cache.changed') changes += 1;
    });
    const client = new ServerClient({ url: server.url });
    const cache = new CacheService({ dir: temporaryDirectory('kontor-desk-'), server: client, bus });
    const { serviceDn: _dn, servicePassword: _password, ...directory } = testDirectoryConfig();
    const session = new SessionService(client, (dn, password) => createDirectory(directory, { dn, password }), bus, silentLogger, {
      signedIn: (agentId, token) => cache.start(agentId, token),
      signedOut: () => cache.stop(),
      revoked: (agentId) => cache.discard(agentId),
    });
    try {
      expect(cache.queuePage({ queueId: queueId('Wertpapiere::Verwahrung'), limit: 10 })).toMatchObject({ ok: false, error: { reason: 'not-signed-in' } });
      expect((await session.login('sobrien', demoPassword)).ok).toBe(true);
      await until(() => cache.status().state === 'online', 'the first sync');
      expect(changes).toBeGreaterThan(0);

      const page = cache.queuePage({ queueId: queueId('Wertpapiere::Verwahrung'), limit: 10 });
      expect(page.ok && page.value.tickets.map((shown) => shown.ticket.id)).toEqual([created.ticketId]);
      // Titles answer before the index is built (the hit alone does not mean it is): wait for both.
      await until(() => {
        const found = cache.search('mueller', 10);
        return found.ok && found.value.hits.length === 1 && found.value.index.indexed === found.value.index.total;
      }, 'the search index');
      const found = cache.search('Müll', 10);
      expect(found.ok && found.value).toMatchObject({ hits: [{ ticketId: created.ticketId, foundIn: 'ticket' }], index: { indexed: 1, total: 1 } });

      await session.logout();
      expect(cache.status()).toEqual({ state: 'closed' });
      expect(statuses.at(-1)).toEqual({ state: 'closed' });
      expect(cache.search('mueller', 10)).toMatchObject({ ok: false, error: { reason: 'not-signed-in' } });
    } finally {
      await session.close();
      await cache.stop();
    }
  });

  /** The Desk's session and cache services over one user-data folder, as desk.ts wires them. */
  function desk(dir: string) {
    const bus = new EventBus();
    const client = new ServerClient({ url: server.url });
    // The session is made below; a cache is damaged only once someone signed in.
    const cache = new CacheService({ dir, server: client, bus, onRebuilt: (outcome) => void session.cacheRebuilt(outcome) });
    const { serviceDn: _dn, servicePassword: _password, ...directory } = testDirectoryConfig();
    const session = new SessionService(client, (dn, password) => createDirectory(directory, { dn, password }), bus, silentLogger, {
      signedIn: (agentId, token) => cache.start(agentId, token),
      signedOut: () => cache.stop(),
      revoked: (agentId) => cache.discard(agentId),
    });
    return { cache, session, close: async () => { await session.close(); await cache.stop(); } };
  }

  /** Signs sobrien in on a fresh user-data folder until the first sync is done, and out: the agent's cache file is left behind. */
  async function cacheOfAFirstSignIn(): Promise<{ dir: string; agentId: string; file: string }> {
    const dir = temporaryDirectory('kontor-desk-');
    const first = desk(dir);
    try {
      const signedIn = await first.session.login('sobrien', demoPassword);
      const agentId = signedIn.ok && signedIn.value.state === 'signed-in' ? signedIn.value.signedIn.agent.id : '';
      await until(() => first.cache.status().state === 'online', 'the first sync');
      await first.session.logout();
      return { dir, agentId, file: path.join(dir, 'caches', cacheFileName(agentId)) };
    } finally {
      await first.close();
    }
  }

  it('a damaged cache file is made afresh at sign-in: the agent is told, an edit not sent yet reaches the server', async () => {
    const { dir, agentId, file } = await cacheOfAFirstSignIn();
    // An edit made on this workstation that the server has not seen (the Desk was closed before it went out).
    const ticketId = randomUUID();
    const db = openCache(path.dirname(file), agentId);
    const made = new Outbox(db).enqueue('ticket.create', { ticketId, queueId: queueId('Wertpapiere::Verwahrung'), title: 'Offline erfasst', type: 'incident', customerUserId: null, article: articleInput() }, null);
    db.close();
    expect(made.ok).toBe(true);
    // The pages the migration runner reads first: the damage shows when the file is opened.
    damageRoots(file, migrationsTables);

    const second = desk(dir);
    try {
      const signedIn = await second.session.login('sobrien', demoPassword);
      expect(signedIn.ok && signedIn.value).toMatchObject({ state: 'signed-in', cacheRebuilt: { editsSaved: 1, draftsSaved: 0, complete: true, keptFile: null } });
      await until(() => {
        const page = second.cache.queuePage({ queueId: queueId('Wertpapiere::Verwahrung'), limit: 50 });
        return page.ok && page.value.tickets.some((shown) => shown.ticket.id === ticketId && shown.pending.length === 0);
      }, 'the edit on the server and back in the fresh cache');
    } finally {
      await second.close();
    }
  });

  it('a cache of another Kontor Desk version ends the sign-in with its reason and leaves the file as it was', async () => {
    const { dir, file } = await cacheOfAFirstSignIn();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations ("name", "applied_at") VALUES (?, ?)').run('9999-from-the-future', new Date().toISOString());
    db.close();
    const bytes = readFileSync(file);

    const second = desk(dir);
    try {
      const refused = await second.session.login('sobrien', demoPassword);
      expect(refused).toMatchObject({ ok: false, error: { reason: 'cache-other-version', message: expect.stringMatching(/9999-from-the-future/u) as unknown } });
      expect(second.session.state()).toEqual({ state: 'signed-out' });
      expect(second.cache.status()).toEqual({ state: 'closed' });
      expect(readFileSync(file).equals(bytes)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('a cache found damaged only while it syncs is made afresh at once, the agent told, the sync carried on', async () => {
    const { dir, file } = await cacheOfAFirstSignIn();
    // The tickets' own pages, which opening the file does not read: the sync's first write finds them.
    damageRoots(file, ['tickets']);
    const created = createTicket('Wertpapiere::Verwahrung', { title: 'Nach dem Schaden angelegt' });
    expectApplied((await send(server.url, await signIn(server.url, 'sobrien'), created))[0]);

    const second = desk(dir);
    try {
      const signedIn = await second.session.login('sobrien', demoPassword);
      expect(signedIn.ok && signedIn.value).toMatchObject({ state: 'signed-in', cacheRebuilt: null });
      await until(() => {
        const state = second.session.state();
        return state.state === 'signed-in' && state.cacheRebuilt !== null;
      }, 'the damage found and the cache made afresh');
      expect(second.session.state()).toMatchObject({ cacheRebuilt: { damage: expect.stringMatching(/malformed/u) as unknown, complete: true, keptFile: null } });
      await until(() => {
        const page = second.cache.queuePage({ queueId: queueId('Wertpapiere::Verwahrung'), limit: 50 });
        return second.cache.status().state === 'online' && page.ok && page.value.tickets.some((shown) => shown.ticket.id === created.ticketId);
      }, 'the fresh cache synced');
    } finally {
      await second.close();
    }
  });
});
