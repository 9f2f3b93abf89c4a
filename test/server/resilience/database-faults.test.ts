import { chmodSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiErrorSchema } from '../../../src-shared/api/sessions.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { testDirectoryConfig, testUsers } from '../../harness/directory.js';
import { testRoles } from '../../harness/kontor-server.js';
import { postgresUrl, startPostgres, type TestPostgres } from '../../harness/postgres.js';
import { sleep } from '../../harness/process.js';
import { spawnServerProcess, type ServerProcess } from '../../harness/server-process.js';
import { startSlapd, type TestSlapd } from '../../harness/slapd.js';
import { connectEvents } from '../events/support/events-client.js';
import { testQueues } from '../mutations/support.js';
import { postLogin, request, tokenFor } from '../support/http.js';
import { temporaryDirectory } from '../support/temporary.js';
import { eventually, terminateBackends, waitUntilReady, type BackendKind } from './support/faults.js';
import { bootstrap, noAnomalies, Reader, Writer } from './support/load.js';

/** PostgreSQL ends a session idle in a transaction after this; the freeze lasts longer. */
const idleInTransactionTimeoutSeconds = 2;

// Two Kontor Servers in processes of their own on one PostgreSQL cluster and one slapd of this
// file (so that restarting them disturbs no other test file), under load from writers and
// readers, while PostgreSQL, slapd and the instances themselves fail the ways operators see.
describe('Kontor Server when the database and the directory fail', () => {
  let postgres: TestPostgres | undefined;
  let slapd: TestSlapd | undefined;
  let admin: pg.Pool | undefined;
  let databaseUrl: string;
  let servers: ServerProcess[] = [];

  const urls = (): string[] => servers.map((server) => server.url);
  const started = (): { postgres: TestPostgres; slapd: TestSlapd; admin: pg.Pool } => {
    if (!postgres || !slapd || !admin) throw new Error('the servers of this file did not start');
    return { postgres, slapd, admin };
  };
  const expectRunning = (): void => {
    for (const server of servers) expect(server.exit(), `${server.name} ended:\n${server.logTail()}`).toBeNull();
  };

  beforeAll(async () => {
    const runDir = temporaryDirectory('kontor-faults-');
    // initdb and PostgreSQL run as the postgres user, which must reach its folder below this one.
    chmodSync(runDir, 0o755);
    const [cluster, directory] = await Promise.all([startPostgres(path.join(runDir, 'postgres')), startSlapd(path.join(runDir, 'slapd'), inject('pki'))]);
    [postgres, slapd] = [cluster, directory];
    databaseUrl = postgresUrl(cluster, cluster.templateDatabase);
    admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // The admin's own connections die with every restart; the next query opens a new one.
    admin.on('error', () => undefined);
    const config = {
      listen: { host: '127.0.0.1', port: 0 },
      database: { url: databaseUrl, idleInTransactionTimeoutSeconds },
      directory: testDirectoryConfig({ url: directory.ldapsUrl, serviceDn: directory.serviceDn, servicePassword: directory.servicePassword, timeoutMs: 2000 }),
      roles: testRoles,
      queues: testQueues,
      logging: { level: 'warn' },
    };
    servers = await Promise.all(['instance-a', 'instance-b'].map((name) => spawnServerProcess(runDir, name, config)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await admin?.end().catch(() => undefined);
    await Promise.all([slapd?.stop(), postgres?.stop()]);
  });

  it('wakes every open events socket once its LISTEN connection is back', async () => {
    const { admin } = started();
    const [first] = servers;
    if (!first) throw new Error('no server');
    const events = await connectEvents(first.url, await tokenFor(first.url, 'mmueller'));
    try {
      const told = await events.next(() => true);
      expect(await terminateBackends(admin, 'listener')).toBe(2);
      // Nothing changed meanwhile: the push after the reconnect is the wake-up, with the same seq.
      const woken = await events.next((event) => event !== told, 15_000);
      expect(woken.seq).toBeGreaterThanOrEqual(told.seq);
      expect(events.events.length).toBeGreaterThanOrEqual(2);
    } finally {
      events.close();
    }
  });

  it('keeps both instances up through every fault, applies each acknowledged mutation exactly once, and readers converge', async () => {
    const { postgres, slapd, admin } = started();
    const anomalies = noAnomalies();
    const [a, b] = urls();
    if (!a || !b) throw new Error('two servers expected');
    const writerAgents: [string, string][] = [
      ['mmueller', 'ServiceLine'], ['lweber', 'Wertpapiere'], ['sobrien', 'Wertpapiere::Verwahrung'],
      ['hmeier', 'Steuern'], ['dnowak', 'IT-Betrieb'], ['pschulz', 'Interner Helpdesk'],
    ];
    const writers = await Promise.all(
      writerAgents.map(async ([agent, queue], index) => new Writer(index % 2 === 0 ? [a, b] : [b, a], await tokenFor(a, agent), queue, anomalies)),
    );
    const readerAgents = ['mmueller', 'dnowak', testUsers.kraus.username];
    const readerTokens = await Promise.all(readerAgents.map((agent) => tokenFor(b, agent)));
    const readers = readerTokens.map((token, index) => new Reader(index % 2 === 0 ? [b, a] : [a, b], token, anomalies));
    for (const client of [...writers, ...readers]) client.start();

    const applied = (): number => writers.reduce((sum, w) => sum + w.acknowledged.tickets.size + w.acknowledged.articles.size, 0);
    /** After a fault: both instances run, both are ready again, and the writers get work done. */
    const recovered = async (what: string): Promise<void> => {
      await Promise.all([waitUntilReady(a, expectRunning), waitUntilReady(b, expectRunning)]);
      const before = applied();
      await eventually(`writers make progress after ${what}`, () => applied() >= before + 20, expectRunning);
    };

    const terminated: Record<BackendKind, number> = { 'idle pooled': 0, 'in a transaction': 0, listener: 0, sequencer: 0 };
    await recovered('the start');
    for (const kind of Object.keys(terminated) as BackendKind[]) {
      for (let round = 0; round < 2; round += 1) {
        terminated[kind] += await terminateBackends(admin, kind);
        await recovered(`terminating the ${kind} backend`);
      }
      expect(terminated[kind], kind).toBeGreaterThan(0);
    }

    await postgres.restart();
    await recovered('a PostgreSQL restart');

    // Frozen past the idle-in-transaction timeout: PostgreSQL ends its sessions, it wakes up to dead connections.
    const frozen = servers[0];
    if (!frozen) throw new Error('no server');
    process.kill(frozen.pid, 'SIGSTOP');
    await sleep((idleInTransactionTimeoutSeconds + 2) * 1000);
    process.kill(frozen.pid, 'SIGCONT');
    await recovered('freezing an instance');

    await slapd.restart(async () => {
      await eventually('readiness says the directory is gone', async () => (await request(`${a}/api/v1/health/ready`)).status === 503, expectRunning, 10_000);
      expect((await request(`${a}/api/v1/health/live`)).status).toBe(200);
      const response = await postLogin(a, 'hmeier', demoPassword);
      expect(response.status, response.text).toBe(503);
      expect(apiErrorSchema.parse(response.json).reason).toBe('directory-unavailable');
    });
    for (const url of [a, b]) expect((await postLogin(url, 'hmeier', demoPassword)).status).toBe(201);
    await recovered('a slapd restart');

    await Promise.all([...writers, ...readers].map((client) => client.stop()));
    expectRunning();

    // Every change numbered (the sequencer resumed), then each reader catches up and must hold
    // exactly what a fresh bootstrap of the same agent holds.
    await eventually('every change has a sequence number', async () => (await admin.query('SELECT 1 FROM change_log WHERE seq IS NULL LIMIT 1')).rowCount === 0);
    for (const [index, reader] of readers.entries()) {
      await reader.pullToEnd();
      const fresh = await bootstrap([a], readerTokens[index] ?? '', anomalies);
      expect(reader.replica.size, readerAgents[index]).toBeGreaterThan(0);
      expect(new Map([...reader.replica].sort()), readerAgents[index]).toEqual(new Map([...fresh].sort()));
    }

    // Exactly once: each acknowledged ticket and note is there once, and nothing else of the load is.
    const tickets = new Map(writers.flatMap((w) => [...w.acknowledged.tickets]));
    const articles = new Map(writers.flatMap((w) => [...w.acknowledged.articles]));
    const storedTickets = await admin.query<{ id: string; title: string }>(`SELECT id, title FROM tickets WHERE title LIKE 'fault-load %'`);
    const storedNotes = await admin.query<{ id: string; body: string }>(`SELECT id, body FROM articles WHERE body LIKE 'fault-note %'`);
    expect(new Map(storedTickets.rows.map((row) => [row.id, row.title]))).toEqual(tickets);
    expect(new Map(storedNotes.rows.map((row) => [row.id, row.body]))).toEqual(articles);
    expect(new Set(storedNotes.rows.map((row) => row.body)).size).toBe(storedNotes.rows.length);

    expect(anomalies).toEqual(noAnomalies());
    const sends = writers.reduce((sum, w) => sum + w.acknowledged.sends, 0);
    const retries = writers.reduce((sum, w) => sum + w.acknowledged.retries, 0);
    console.info(
      `faults: terminated ${JSON.stringify(terminated)}, 1 PostgreSQL restart, 1 freeze, 1 slapd restart; ` +
        `${String(tickets.size)} tickets + ${String(articles.size)} notes acknowledged in ${String(sends)} requests (${String(retries)} retried); anomalies 0`,
    );
  }, 400_000);
});
