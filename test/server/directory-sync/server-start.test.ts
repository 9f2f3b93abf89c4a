import { once } from 'node:events';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createServer, type KontorServer, type ServerOptions } from '../../../src-server/app.js';
import { ConfigError, parseServerConfig } from '../../../src-server/config.js';
import { directorySyncedChannel } from '../../../src-server/directory-sync/sync-directory.js';
import type { LdapDirectoryConfig } from '../../../src-shared/node/directory/config.js';
import { createTestDatabase, type TestDatabase } from '../../harness/database.js';
import { testCustomers, testDirectoryConfig, testDirectoryMapping, testInstitutions, testUsers } from '../../harness/directory.js';
import { slapdServerConfig, type ServerConfigOverrides } from '../../harness/kontor-server.js';
import { waitForStamped } from '../feed/support/domain.js';
import { applyChanges, idsOf, pullAll, signIn } from '../feed/support/feed-client.js';
import { captureLog } from '../support/capture-log.js';

/** The demo people who are agents under `testRoles` (see slapd.test.ts); other files' probe agents may come along. */
const demoAgents = ['mmueller', 'sobrien', 'hmeier', 'pschulz', 'dnowak', 'lweber', 'kraus', 'twagner', 'afischer'] as const;

const expectedCustomers = testCustomers.map((customer) => ({
  id: customer.id,
  username: customer.username,
  displayName: customer.displayName,
  email: customer.email,
  phone: customer.phone,
  institutionId: customer.institution.id,
  valid: true,
  version: 1,
}));

interface LogLine {
  level: number;
  msg: string;
}

const warnLevel = 40;

interface DirectoryGate {
  /** An LDAPS URL that reaches the run's slapd once the gate is open. */
  url: string;
  /** Resolves when a client has connected (and waits at the gate). */
  connected: Promise<void>;
  open(): void;
  close(): Promise<void>;
}

/** A forwarder to the run's slapd that holds every connection until `open()`: the directory answers when the test says so. */
async function startDirectoryGate(): Promise<DirectoryGate> {
  const target = new URL(inject('ldap').ldapsUrl);
  const sockets = new Set<Socket>();
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let connected = (): void => undefined;
  const firstConnection = new Promise<void>((resolve) => (connected = resolve));
  const server = createTcpServer((client) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    connected();
    void opened.then(() => {
      if (client.destroyed) return;
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(upstream);
      upstream.on('error', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `ldaps://127.0.0.1:${String(port)}`,
    connected: firstConnection,
    open,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('the scheduled directory sync of a running server', () => {
  let database: TestDatabase | undefined;
  let server: KontorServer | undefined;
  let gate: DirectoryGate | undefined;

  afterEach(async () => {
    gate?.open();
    await server?.close();
    await gate?.close();
    await database?.drop();
    server = undefined;
    gate = undefined;
    database = undefined;
  });

  interface SyncingServerOptions {
    directory?: Partial<LdapDirectoryConfig>;
    overrides?: ServerConfigOverrides;
    options?: ServerOptions;
  }

  /** A server on a fresh database with the run's slapd and `directory.syncIntervalMinutes`; not listening yet. */
  async function createServerSyncingEvery(minutes: number, { directory = {}, overrides = {}, options = {} }: SyncingServerOptions = {}): Promise<KontorServer> {
    database = await createTestDatabase();
    const config = slapdServerConfig(database.url, { directory: { ...testDirectoryConfig(directory), syncIntervalMinutes: minutes }, ...overrides });
    server = await createServer(config, options);
    return server;
  }

  it('syncs at start: the institutions, customer users and agents of the directory reach the feed before anyone signs in', async () => {
    const running = await createServerSyncingEvery(1);
    let synced = (): void => undefined;
    const firstSync = new Promise<void>((resolve) => (synced = resolve));
    const unlisten = await running.db.listen(directorySyncedChannel, () => synced());
    const url = await running.listen();
    await firstSync;
    await unlisten();
    await waitForStamped(running.db);

    const token = await signIn(url, 'sobrien');
    const state = applyChanges((await pullAll(url, token)).changes);
    expect(idsOf(state, 'institution')).toEqual(Object.values(testInstitutions).map((institution) => institution.id).sort());
    expect([...(state.get('customer-user')?.values() ?? [])]).toEqual(expect.arrayContaining(expectedCustomers));
    expect(idsOf(state, 'customer-user')).toHaveLength(expectedCustomers.length);
    expect(idsOf(state, 'agent')).toEqual(expect.arrayContaining(demoAgents.map((key) => testUsers[key].id)));
    // A tax agent who never signed in, as a custody agent's Desk sees them: an owner candidate in tax.
    const { hmeier } = testUsers;
    expect(state.get('agent')?.get(hmeier.id)).toEqual({
      id: hmeier.id,
      username: hmeier.username,
      displayName: hmeier.displayName,
      email: hmeier.email,
      ownerGroups: ['tax'],
      valid: true,
      version: 1,
    });
  });

  it('close() during the sync at start lets it finish, then closes the directory and the database without a warning', async () => {
    const log = captureLog();
    gate = await startDirectoryGate();
    const running = await createServerSyncingEvery(1, { directory: { url: gate.url }, overrides: { logging: { level: 'info' } }, options: { logStream: log.stream } });
    await running.listen();
    await gate.connected;
    // The sync at start waits for the directory. It answers only once close() is past the HTTP
    // server: a close() that did not wait for the run would by then close the directory under it.
    const httpClosed = once(running.app.server, 'close');
    const closing = running.close();
    await httpClosed;
    gate.open();
    await closing;

    const lines = log.text().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LogLine);
    expect(lines.filter((line) => line.msg.startsWith('directory synced in '))).toHaveLength(1);
    expect(lines.filter((line) => line.level >= warnLevel)).toEqual([]);
  });

  it('does not sync on a schedule with an interval of 0', async () => {
    const running = await createServerSyncingEvery(0);
    await running.listen();
    expect(running.directorySync).toBeNull();
  });
});

describe('directory.syncIntervalMinutes', () => {
  const ldap = (): Record<string, unknown> => ({ ...testDirectoryConfig() });
  const ldif = (): Record<string, unknown> => ({ kind: 'ldif', file: 'directory.ldif', mapping: testDirectoryMapping() });
  const parse = (directory: Record<string, unknown>): unknown => parseServerConfig({ ...slapdServerConfig('postgres://unused'), directory }, process.cwd());

  it('is 15 minutes unless set, for an LDAP and an LDIF directory', () => {
    expect(parse(ldap())).toMatchObject({ directory: { kind: 'ldap', syncIntervalMinutes: 15 } });
    expect(parse(ldif())).toMatchObject({ directory: { kind: 'ldif', syncIntervalMinutes: 15 } });
  });

  it('takes whole minutes from 0 to a day', () => {
    for (const minutes of [0, 1, 1440]) expect(parse({ ...ldif(), syncIntervalMinutes: minutes })).toMatchObject({ directory: { syncIntervalMinutes: minutes } });
    for (const minutes of [-1, 1.5, 1441, '15']) {
      expect(() => parse({ ...ldap(), syncIntervalMinutes: minutes })).toThrow(ConfigError);
      expect(() => parse({ ...ldif(), syncIntervalMinutes: minutes })).toThrow(/directory\.syncIntervalMinutes/u);
    }
  });
});
