import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../../src-server/config.js';
import { notifyPermissionEpoch } from '../../../src-server/sync/events/permission-epoch.js';
import { testUsers } from '../../harness/directory.js';
import { startServer, type StartedServer } from '../../harness/kontor-server.js';
import { tokenFor } from '../support/http.js';
import { appendQueueChange } from './support/append-change.js';
import { connectEvents } from './support/events-client.js';

const embeddedConfigFile = fileURLToPath(new URL('../../../resources/config/server.embedded.json', import.meta.url));

/** The embedded default (PGlite in memory, one instance): LISTEN/NOTIFY works there too. */
describe('GET /api/v1/events on PGlite', () => {
  let running: StartedServer | undefined;
  const server = (): StartedServer => {
    if (!running) throw new Error('server did not start');
    return running;
  };
  const signIn = (username: string): Promise<string> => tokenFor(server().url, username);

  beforeAll(async () => {
    const config = await loadServerConfig(embeddedConfigFile);
    running = await startServer({ ...config, demoSeed: undefined, logging: { level: 'silent' } });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('pushes a stamped change and closes the sockets of an agent whose epoch changed', async () => {
    const client = await connectEvents(server().url, await signIn('lweber'));
    const seq = await appendQueueChange(server().server.db);
    expect(await client.next((event) => event.seq >= seq)).toEqual({ type: 'changed', seq });

    await server().server.db.transaction((tx) => notifyPermissionEpoch(tx, testUsers.lweber.id));
    expect(await client.closed).toEqual({ code: 4001, reason: 'permissions-changed' });
  });
});
