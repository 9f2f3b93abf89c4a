import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { createTicket, expectApplied, queueId, send, testQueues } from '../../server/mutations/support.js';
import { signIn } from '../../server/feed/support/feed-client.js';
import { temporaryDirectory } from '../../server/support/temporary.js';
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
});
