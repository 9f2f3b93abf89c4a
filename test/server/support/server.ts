import { Writable } from 'node:stream';
import { createServer, type KontorServer, type ServerOptions } from '../../../src-server/app.js';
import { parseServerConfig, type RoleConfig, type ServerConfig, type ServerConfigInput } from '../../../src-server/config.js';
import { testDirectoryConfig } from '../../harness/directory.js';

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

/** A server config for the run's slapd and the given database; overrides are validated like a file. */
export function slapdServerConfig(databaseUrl: string | undefined, overrides: Partial<Record<keyof ServerConfigInput, unknown>> = {}): ServerConfig {
  return parseServerConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      database: databaseUrl === undefined ? {} : { url: databaseUrl },
      directory: testDirectoryConfig(),
      roles: testRoles,
      logging: { level: 'silent' },
      ...overrides,
    },
    process.cwd(),
  );
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

/** A clock the test moves by hand; the server reads it for expiry, throttling and audit times. */
export class TestClock {
  private current: Date;
  constructor(start: Date = new Date()) {
    this.current = start;
  }
  readonly now = (): Date => this.current;
  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.current;
  }
}

export const minutes = (count: number): number => count * 60_000;

/** Collects every log line the server writes, for tests that check what must never be logged. */
export function captureLog(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
