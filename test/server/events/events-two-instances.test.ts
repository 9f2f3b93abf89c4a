import { stampPendingChanges } from '../../../src-server/sync/sequencer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponseSchema } from '../../../src-shared/api/sessions.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { notifyPermissionEpoch } from '../../../src-server/sync/events/permission-epoch.js';
import { testUsers } from '../../harness/directory.js';
import { slapdServerConfig, startServer, startServerOnFreshDatabase, type ServerOnTestDatabase, type StartedServer } from '../../harness/kontor-server.js';
import { LdapAdmin } from '../feed/support/ldap-admin.js';
import { postLogin, tokenFor } from '../support/http.js';
import { appendQueueChange, latestSeq } from './support/append-change.js';
import { connectEvents, refusedUpgrade, type EventsClient } from './support/events-client.js';

// Two Kontor Servers on one database, as behind a load balancer: a change stamped through
// either must reach agents connected to both, through PostgreSQL LISTEN/NOTIFY.
describe('GET /api/v1/events across two server instances', () => {
  let first: ServerOnTestDatabase | undefined;
  let second: StartedServer | undefined;
  const open: EventsClient[] = [];

  const instances = (): [ServerOnTestDatabase, StartedServer] => {
    if (!first || !second) throw new Error('servers did not start');
    return [first, second];
  };
  const signIn = (url: string, username: string): Promise<string> => tokenFor(url, username);
  const connect = async (url: string, token: string): Promise<EventsClient> => {
    const client = await connectEvents(url, token);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    first = await startServerOnFreshDatabase();
    second = await startServer(slapdServerConfig(first.database.url));
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await second?.close();
    await first?.close();
  });

  it('tells an agent on instance 1 about a change stamped through instance 2', async () => {
    const [one, two] = instances();
    const client = await connect(one.url, await signIn(one.url, 'mmueller'));
    const seq = await appendQueueChange(two.server.db);
    expect(await client.next((event) => event.seq >= seq)).toEqual({ type: 'changed', seq });
  });

  it('sends the latest stamped seq on connect, so a reconnecting Desk knows whether to pull', async () => {
    const [one, two] = instances();
    const token = await signIn(two.url, 'sobrien');
    // A sign-in may write the agent's change row; numbered before the connect, so that "latest" holds still.
    await stampPendingChanges(one.server.db);
    const before = await connect(two.url, token);
    const seen = await before.next(() => true);
    expect(seen.seq).toBe(await latestSeq(one.server.db));
    before.close();
    await before.closed;

    // Missed while disconnected: the reconnect says so at once.
    const missed = await appendQueueChange(one.server.db);
    const after = await connect(two.url, token);
    expect(await after.next(() => true)).toEqual({ type: 'changed', seq: missed });
  });

  it('refuses the upgrade with 401 before opening a socket: no token, a malformed or an unknown one', async () => {
    const [one] = instances();
    const cases: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-token' }, { authorization: `Bearer ${'x'.repeat(43)}` }];
    for (const headers of cases) {
      const refused = await refusedUpgrade(one.url, headers);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ reason: 'unauthenticated' });
    }
  });

  it("closes an agent's sockets on every instance when their permission epoch changes, and only theirs", async () => {
    const [one, two] = instances();
    const [weberOnOne, weberOnTwo] = await Promise.all([signIn(one.url, 'lweber'), signIn(two.url, 'lweber')]);
    const [meierOnOne, meierOnTwo] = await Promise.all([signIn(one.url, 'hmeier'), signIn(two.url, 'hmeier')]);
    const weber = await Promise.all([connect(one.url, weberOnOne), connect(two.url, weberOnTwo)]);
    const meier = await Promise.all([connect(one.url, meierOnOne), connect(two.url, meierOnTwo)]);

    await one.server.db.transaction((tx) => notifyPermissionEpoch(tx, testUsers.lweber.id));
    for (const client of weber) expect(await client.closed).toEqual({ code: 4001, reason: 'permissions-changed' });

    // Notifications arrive in order: a change after the epoch reaching Meier's sockets proves
    // the epoch left them open.
    const seq = await appendQueueChange(two.server.db);
    for (const client of meier) expect(await client.next((event) => event.seq >= seq)).toEqual({ type: 'changed', seq });

    // Weber's sessions are still valid: the Desk reconnects and pulls with its new permissions.
    const again = await connect(one.url, weberOnOne);
    expect(await again.next(() => true)).toEqual({ type: 'changed', seq });
  });

  it('closes the socket on one instance when the other re-reads a group membership that changed', async () => {
    const [one, two] = instances();
    const ldap = await LdapAdmin.connect();
    const person = await ldap.addPerson('events');
    try {
      await ldap.addToGroup('kontor-itops', person.dn);
      const login = loginResponseSchema.parse((await postLogin(one.url, person.username, demoPassword)).json);
      const client = await connect(one.url, login.token);
      await ldap.addToGroup('kontor-tax', person.dn);
      const outcome = await two.server.membershipRefresh.refreshNow();
      expect(outcome.changed).toContain(login.agent.id);
      expect(await client.closed).toEqual({ code: 4001, reason: 'permissions-changed' });
    } finally {
      await ldap.removePerson(person.dn, ['kontor-itops', 'kontor-tax']);
      await ldap.close();
    }
  });

  it('catches up with a change stamped while the LISTEN connections were lost', async () => {
    const [one, two] = instances();
    const client = await connect(one.url, await signIn(one.url, 'pschulz'));
    await client.next(() => true);
    // Every instance's listening connection dies (a PostgreSQL restart, a network cut) …
    const killed = await two.server.db.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
    );
    expect(killed.rows.length).toBeGreaterThanOrEqual(2);
    // … and the NOTIFY of this change reaches nobody: the instance reads the newest seq once it listens again.
    const seq = await appendQueueChange(two.server.db);
    expect(await client.next((event) => event.seq >= seq)).toEqual({ type: 'changed', seq });
  });

  it('answers a plain GET without upgrade with 426, and without a token with 401', async () => {
    const [one] = instances();
    const token = await signIn(one.url, 'dnowak');
    const plain = await fetch(`${one.url}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ reason: 'invalid-request' });
    expect((await fetch(`${one.url}/api/v1/events`)).status).toBe(401);
  });
});
