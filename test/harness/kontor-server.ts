import path from 'node:path';
import { inject } from 'vitest';
import { createServer, type KontorServer, type ServerOptions } from '../../src-server/app.js';
import { parseServerConfig, type RoleConfig, type ServerConfig, type ServerConfigInput } from '../../src-server/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testDirectoryConfig } from './directory.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Roles for the tests, independent of the embedded default so that tuning the demo does not
 * break them. They name groups by cn in another case and by DN with other spacing on purpose.
 */
export const testRoles: RoleConfig[] = [
  { name: 'serviceline', ldapGroups: ['kontor-serviceline'], grants: { serviceline: ['rw'], settlement: ['ro', 'move_into'] } },
  { name: 'settlement', ldapGroups: ['CN=Kontor-Settlement, OU=Groups, DC=kontor, DC=example'], grants: { settlement: ['rw'] } },
  { name: 'custody', ldapGroups: ['KONTOR-CUSTODY'], grants: { custody: ['rw'] } },
  { name: 'tax', ldapGroups: ['kontor-tax'], grants: { tax: ['rw'] } },
  { name: 'itops', ldapGroups: ['kontor-itops'], grants: { itops: ['rw'] } },
  { name: 'helpdesk', ldapGroups: ['kontor-helpdesk'], grants: { helpdesk: ['rw'] } },
  { name: 'teamlead', ldapGroups: ['kontor-teamleads'], grants: { serviceline: ['ro', 'priority'], settlement: ['ro', 'owner'] } },
  { name: 'contractor', ldapGroups: ['kontor-contractors'], grants: { settlement: ['note', 'ro'], itops: ['ro'] } },
];

/** Top-level sections of a server config file to replace, e.g. `{ roles, throttle }`. */
export type ServerConfigOverrides = Partial<Record<keyof ServerConfigInput, unknown>>;

/**
 * A server config for the run's slapd and the given database, with `testRoles`, listening on a
 * free loopback port and logging nothing; overrides are validated like a file. The directory,
 * overridden or not, has no scheduled sync unless it sets `syncIntervalMinutes`.
 */
export function slapdServerConfig(databaseUrl: string, overrides: ServerConfigOverrides = {}): ServerConfig {
  const { directory = testDirectoryConfig(), ...rest } = overrides;
  return parseServerConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      database: { url: databaseUrl },
      directory: withoutScheduledSync(directory),
      roles: testRoles,
      logging: { level: 'silent' },
      ...rest,
    },
    root,
  );
}

/**
 * Other files add probe people to the shared slapd's groups; a test server that synced it on its
 * own would carry them into feeds whose exact contents tests compare.
 */
function withoutScheduledSync(directory: unknown): unknown {
  return typeof directory === 'object' && directory !== null ? { syncIntervalMinutes: 0, ...directory } : directory;
}

export interface StartedServer {
  server: KontorServer;
  url: string;
  close(): Promise<void>;
}

/** Creates and starts a server; `close()` in afterAll. */
export async function startServer(config: ServerConfig, options: ServerOptions = {}): Promise<StartedServer> {
  const server = await createServer(config, options);
  try {
    const url = await server.listen();
    return { server, url, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}

export interface ServerOnTestDatabase extends StartedServer {
  database: TestDatabase;
}

/**
 * A fresh database of this run and a server on it (`slapdServerConfig` with `overrides`);
 * `close()` stops the server, then drops the database.
 */
export async function startServerOnFreshDatabase(overrides: ServerConfigOverrides = {}, options: ServerOptions = {}): Promise<ServerOnTestDatabase> {
  const database = await createTestDatabase();
  try {
    const started = await startServer(slapdServerConfig(database.url, overrides), options);
    return {
      ...started,
      database,
      async close() {
        await started.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** A listen section for HTTPS on a free loopback port with the run's test certificate. */
export function tlsListen(): { host: string; port: number; tls: { certFile: string; keyFile: string } } {
  const pki = inject('pki');
  return { host: '127.0.0.1', port: 0, tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile } };
}
