import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loginResponseSchema } from '../../../src-shared/api/sessions.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { startServerOnFreshDatabase, tlsListen, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { postLogin } from '../support/http.js';
import { appendQueueChange } from './support/append-change.js';
import { connectEvents } from './support/events-client.js';

// Off loopback the Desk reaches the server over HTTPS only, so the events socket is wss://.
describe('GET /api/v1/events over TLS', () => {
  let running: ServerOnTestDatabase | undefined;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ listen: tlsListen() });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('pushes over wss:// to a client trusting the configured CA', async () => {
    if (!running) throw new Error('server did not start');
    const { caFile } = inject('pki');
    const login = await postLogin(running.url, 'sobrien', demoPassword, { caFile });
    expect(login.status, login.text).toBe(201);
    const client = await connectEvents(running.url, loginResponseSchema.parse(login.json).token, { ca: readFileSync(caFile) });
    const seq = await appendQueueChange(running.server.db);
    expect(await client.next((event) => event.seq >= seq)).toEqual({ type: 'changed', seq });
    client.close();
    await client.closed;
  });
});
