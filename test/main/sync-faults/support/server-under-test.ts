import { chmodSync } from 'node:fs';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../harness/database.js';
import { testDirectoryConfig } from '../../../harness/directory.js';
import { FaultProxy } from '../../../harness/fault-proxy.js';
import { testRoles } from '../../../harness/kontor-server.js';
import { spawnServerProcess, type ServerProcess } from '../../../harness/server-process.js';
import { waitUntilReady } from '../../../server/resilience/support/faults.js';
import { testQueues } from '../../../server/mutations/support.js';
import { temporaryDirectory } from '../../../server/support/temporary.js';

/**
 * Kontor Server in a process of its own on a fresh database of the run's PostgreSQL and on the
 * run's slapd, reached by the Desks only through a fault proxy on a loopback port that stays
 * the same when the server is stopped and started again (on a new port of its own).
 */
export class ServerUnderTest {
  private process: ServerProcess | null = null;
  private starts = 0;

  private constructor(
    readonly runDir: string,
    readonly database: TestDatabase,
    /** For checks straight in PostgreSQL. */
    readonly admin: pg.Pool,
    readonly proxy: FaultProxy,
    private readonly config: Record<string, unknown>,
  ) {}

  static async start(prefix: string): Promise<ServerUnderTest> {
    const runDir = temporaryDirectory(prefix);
    chmodSync(runDir, 0o755);
    const database = await createTestDatabase();
    const admin = new pg.Pool({ connectionString: database.url, max: 2 });
    admin.on('error', () => undefined);
    const config = {
      listen: { host: '127.0.0.1', port: 0 },
      database: { url: database.url },
      // Other test files add probe people to the shared slapd: no scheduled sync carries them in here.
      directory: { ...testDirectoryConfig(), syncIntervalMinutes: 0 },
      roles: testRoles,
      queues: testQueues,
      // The SLA timer would write escalation marks between a Desk's last pull and the comparison bootstrap.
      sla: { timerIntervalSeconds: 3600 },
      logging: { level: 'warn' },
    };
    // Port 1 until the server runs: nothing listens there, every connection is refused.
    const proxy = await FaultProxy.start(1);
    const world = new ServerUnderTest(runDir, database, admin, proxy, config);
    try {
      await world.up();
      return world;
    } catch (error) {
      await world.close();
      throw error;
    }
  }

  /** The address the Desks are configured with: the proxy's. */
  get url(): string {
    return this.proxy.url;
  }

  /** The server's own address (for the test's HTTP checks, past the proxy). */
  get directUrl(): string {
    if (!this.process) throw new Error('Kontor Server is not running');
    return this.process.url;
  }

  get running(): boolean {
    return this.process !== null;
  }

  get startCount(): number {
    return this.starts;
  }

  /** Starts the server (if it is down) and points the proxy at it once it is ready. */
  async up(): Promise<void> {
    if (this.process) return;
    const started = await spawnServerProcess(this.runDir, 'kontor-server', this.config);
    this.starts += 1;
    await waitUntilReady(started.url, () => {
      if (started.exit()) throw new Error(`Kontor Server ended:\n${started.logTail()}`);
    });
    this.process = started;
    this.proxy.retarget(Number(new URL(started.url).port));
  }

  /** Stops the server: SIGTERM lets it finish what it does, SIGKILL does not. */
  async down(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const running = this.process;
    if (!running) return;
    this.process = null;
    this.proxy.retarget(1);
    if (signal === 'SIGKILL') process.kill(running.pid, 'SIGKILL');
    await running.stop();
  }

  /** Fails when the server ended on its own (a crash is a finding, not a fault we made). */
  expectRunning(): void {
    const exit = this.process?.exit();
    if (exit) throw new Error(`Kontor Server ended by itself (${JSON.stringify(exit)}):\n${this.process?.logTail() ?? ''}`);
  }

  async close(): Promise<void> {
    await this.down('SIGTERM').catch(() => undefined);
    await this.proxy.close();
    await this.admin.end().catch(() => undefined);
    await this.database.drop();
  }
}
