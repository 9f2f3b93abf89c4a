import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/events.js';
import { ServerClient } from '../../../src-main/net/server-client.js';
import { SessionService } from '../../../src-main/session/session-service.js';
import type { SessionState } from '../../../src-shared/ipc/session.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { silentLogger } from '../../../src-shared/node/log.js';
import { minutes, TestClock } from '../../harness/clock.js';
import { testDirectoryConfig } from '../../harness/directory.js';
import { freePort } from '../../harness/free-port.js';
import { startServerOnFreshDatabase, type StartedServer } from '../../harness/kontor-server.js';
import { startTcpProxy, type TcpProxy } from '../../harness/tcp-proxy.js';

let server: StartedServer;
let proxy: TcpProxy;

beforeAll(async () => {
  server = await startServerOnFreshDatabase();
  // The Desk's own directory session goes through a proxy, so that the test can cut it.
  const ldaps = new URL(testDirectoryConfig().url);
  proxy = await startTcpProxy('127.0.0.1', Number(ldaps.port));
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** The Desk's session service as the hosts wire it: real server, real directory through the proxy. */
function deskSession(serverUrl = server.url) {
  const bus = new EventBus();
  const published: SessionState[] = [];
  bus.subscribe((_event, payload) => published.push(payload as SessionState));
  const { serviceDn, servicePassword, ...desk } = testDirectoryConfig({ url: `ldaps://127.0.0.1:${proxy.port}` });
  const service = new SessionService(new ServerClient({ url: serverUrl }), (dn, password) => createDirectory(desk, { dn, password }), bus, silentLogger);
  return { service, published };
}

describe('the Desk session service', () => {
  it('signs in at the server, then binds to the directory as the returned DN', async () => {
    const { service, published } = deskSession();
    const result = await service.login('hmeier', demoPassword);
    expect(result.ok).toBe(true);
    const state = service.state();
    if (state.state !== 'signed-in') throw new Error('not signed in');
    expect(state.signedIn.agent.username).toBe('hmeier');
    expect(state.signedIn.agent.dn.toLowerCase()).toContain('meier');
    expect(state.directory).toBe('connected');
    expect(published.at(-1)).toEqual(state);
    // The token is the main process's own: nothing published to the renderer carries it.
    expect(JSON.stringify(published)).not.toMatch(/token/iu);
    await service.logout();
    expect(service.state()).toEqual({ state: 'signed-out' });
  });

  it('gives the server reason for a refused login and never opens a directory session', async () => {
    const { service } = deskSession();
    expect(await service.login('hmeier', 'wrong')).toMatchObject({ ok: false, error: { reason: 'invalid-credentials' } });
    expect(await service.login('hmeier', '')).toMatchObject({ ok: false, error: { reason: 'empty-password' } });
    expect(await service.login('jschmidt', demoPassword)).toMatchObject({ ok: false, error: { reason: 'no-agent-role' } });
    expect(service.state()).toEqual({ state: 'signed-out' });
  });

  it('says the server is unreachable when nothing listens', async () => {
    const { service } = deskSession(`http://127.0.0.1:${await freePort()}`);
    expect(await service.login('hmeier', demoPassword)).toMatchObject({ ok: false, error: { reason: 'server-unreachable' } });
  });

  it('searches customers with hostile input and returns only the right entries or a clear error', async () => {
    const { service } = deskSession();
    await service.login('mmueller', demoPassword);
    const globex = await service.searchCustomers('Globex (Europe) *Ltd*');
    expect(globex.ok && globex.value.customers.map((c) => c.institution?.name)).toEqual(Array(3).fill('Globex (Europe) *Ltd*'));
    for (const hostile of ['*)(uid=*', '*', '\\', ')(|(objectClass=*)', 'x'.repeat(200)]) {
      const result = await service.searchCustomers(hostile);
      if (result.ok) for (const customer of result.value.customers) expect(JSON.stringify(customer).toLowerCase()).toContain(hostile.toLowerCase().replace(/[()*\\]/gu, '').slice(0, 3) || '');
      else expect(result.error.reason).toBe('invalid-input');
    }
    expect(await service.searchCustomers('a\u0000b')).toMatchObject({ ok: false, error: { reason: 'invalid-input' } });
    expect(await service.searchCustomers('x'.repeat(10_000))).toMatchObject({ ok: false, error: { reason: 'invalid-input' } });
    await service.logout();
  });

  it('re-establishes the directory session when the connection drops mid-session', async () => {
    const { service } = deskSession();
    await service.login('sobrien', demoPassword);
    expect((await service.searchCustomers('Löwe')).ok).toBe(true);
    proxy.dropConnections();
    const after = await service.searchCustomers('Löwe');
    expect(after.ok && after.value.customers.some((c) => c.displayName === 'Jürgen Löwe')).toBe(true);
    expect(service.state()).toMatchObject({ state: 'signed-in', directory: 'connected' });
    await service.logout();
  });

  it('refuses customer search before sign-in', async () => {
    const { service } = deskSession();
    expect(await service.searchCustomers('Globex')).toMatchObject({ ok: false, error: { reason: 'not-signed-in' } });
  });
});

describe('the Desk session service when the server throttles logins', () => {
  // A server of its own with a small limit and a clock the test moves, so that the waits are exact.
  const clock = new TestClock();
  let throttled: StartedServer;
  beforeAll(async () => {
    throttled = await startServerOnFreshDatabase({ throttle: { perUsername: { maxFailures: 2, windowMinutes: 15 } } }, { now: clock.now });
  });
  afterAll(async () => {
    await throttled.close();
  });

  it('passes on how long the server asks the agent to wait, and nothing of the kind for other refusals', async () => {
    const { service } = deskSession(throttled.url);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const refused = await service.login('sobrien', 'wrong');
      expect(refused).toMatchObject({ ok: false, error: { reason: 'invalid-credentials' } });
      expect(!refused.ok && refused.error).not.toHaveProperty('retryAfterSeconds');
    }
    expect(await service.login('sobrien', demoPassword)).toMatchObject({
      ok: false,
      error: { reason: 'too-many-attempts', retryAfterSeconds: 15 * 60 },
    });
    clock.advance(minutes(14.5));
    expect(await service.login('sobrien', demoPassword)).toMatchObject({
      ok: false,
      error: { reason: 'too-many-attempts', retryAfterSeconds: 30 },
    });
    expect(service.state()).toEqual({ state: 'signed-out' });
    clock.advance(minutes(0.5) + 1_000);
    expect((await service.login('sobrien', demoPassword)).ok).toBe(true);
    await service.logout();
  });
});
