/**
 * `npm run bench`: starts a private PostgreSQL and a Kontor Server (own process, demo LDIF
 * directory), then prints figures for the budgets of ARCHITECTURE.md. Never asserts.
 * Options: --seconds N (per mutation phase, default 15), --tickets N (feed seed, default
 * 20000), --articles N (per ticket, default 5), --clients N (default 8), --only a,b,c,
 * --transport tcp|unix (how everything reaches PostgreSQL, default tcp). `--only s` is the SLA
 * math alone (no server); `--only d` seeds the generated bank (--seed-tickets N, default 100000)
 * and measures the recompute after a calendar change. `--only u` seeds --tickets N (unless b or e
 * ran) and measures the Desk's screens in Chromium (bench/desk-ui.ts). `--only r` seeds the
 * generated bank (--seed-tickets N) and measures the team leads' reports (bench/reports.ts).
 * `--only e --sync-only` stops after the Desk's initial sync (no queue, search or commit → visible).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashSessionToken } from '../src-server/auth/tokens.js';
import { openPostgres } from '../src-server/db/database.js';
import { seedBank } from '../src-server/seed/seed-bank.js';
import { generateBank } from '../src-shared/node/bank/index.js';
import { buildDemoDirectory } from '../src-shared/node/demo-directory.js';
import { postgresUrl, startPostgres, type TestPostgres } from '../test/harness/postgres.js';
import { describePull, pullAll } from './feed.js';
import { describeDeskSync, describeVisible, runCommitToVisible, runDeskSync } from './desk-sync.js';
import { describeDeskUi, runDeskUi } from './desk-ui.js';
import { createLongTicket, longTicketWord } from './desk-ui/long-ticket.js';
import { describeMutationsRun, runMutations, type BenchAgent } from './mutations.js';
import { describePushLatency, runPushLatency } from './push-latency.js';
import { describeReportsBench, runReportsBench } from './reports.js';
import { describeSeedBench, runSeedBench } from './seed.js';
import { describeSlaMath, runSlaMath } from './sla-math.js';
import { captureMutationSql, describeCapture, type CapturedMutation } from './raw-limit/capture.js';
import { describeReplayRun, describeShare, runRawReplay, type ReplayMode } from './raw-limit/replay.js';
import { signIn } from './support/api.js';
import { startCpuMeter, type CpuMeter } from './support/cpu-usage.js';
import { seedTickets } from './support/seed.js';
import { startBenchServer, type BenchServer } from './support/server-process.js';
import type { BenchMutationName } from './support/workload.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    tickets: { type: 'string', default: '20000' },
    articles: { type: 'string', default: '5' },
    only: { type: 'string', default: 'a,b,c' },
    'sync-only': { type: 'boolean', default: false },
    clients: { type: 'string', default: '8' },
    transport: { type: 'string', default: 'tcp' },
    'seed-tickets': { type: 'string', default: '100000' },
  },
});
const seconds = Number(values.seconds);
const only = new Set(values.only.split(','));
if (values.transport !== 'tcp' && values.transport !== 'unix') throw new Error('--transport is tcp or unix');
/**
 * How the server, the seed and the raw replay reach PostgreSQL: over loopback TCP (default, as
 * to a database on another host), or over its Unix socket (what a server on the database's own
 * machine can use; a round trip costs less CPU on both sides).
 */
function databaseUrlOf(postgres: TestPostgres, database: string, socketDir: string): string {
  if (values.transport === 'tcp') return postgresUrl(postgres, database);
  return `postgres://${postgres.user}@/${database}?host=${encodeURIComponent(socketDir)}&port=${postgres.port}`;
}
const demoCustomers = buildDemoDirectory().customers;
const customerIds = demoCustomers.map((customer) => customer.id);

/** Who works where in the mutation benchmark: 8 Desks, each on a queue its agent has rights in. */
const loadAgents: [username: string, queue: string][] = [
  ['mmueller', 'ServiceLine'],
  ['sobrien', 'Depot'],
  ['hmeier', 'Steuern'],
  ['pschulz', 'Helpdesk'],
  ['dnowak', 'IT-Betrieb'],
  ['lweber', 'Wertpapiere::Abwicklung'],
  ['extern.kraus', 'Wertpapiere'],
  // The demo directory has seven agents who may sign in; the eighth Desk is a second session.
  ['mmueller', 'Wertpapiere'],
];

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const running: { postgres?: TestPostgres; server?: BenchServer } = {};

async function main(): Promise<void> {
  if (only.has('s')) {
    // Pure computation, no server: warmed up first, then measured.
    runSlaMath(2_000);
    print('\n(s) SLA math per call on the Frankfurt calendar (Hesse, TARGET2, bank holidays), 20,000 tickets');
    print(describeSlaMath(runSlaMath(20_000)));
    if ([...only].every((part) => part === 's')) return;
  }
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kontor-bench-'));
  chmodSync(runDir, 0o755);
  let postgres: TestPostgres | undefined;
  let server: BenchServer | undefined;
  try {
    mkdirSync(path.join(runDir, 'postgres'), { mode: 0o755 });
    postgres = running.postgres = await startPostgres(path.join(runDir, 'postgres'));
    const admin = new pg.Client({ connectionString: postgresUrl(postgres, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE kontor_bench TEMPLATE ${postgres.templateDatabase}`);
    await admin.end();
    const databaseUrl = databaseUrlOf(postgres, 'kontor_bench', path.join(runDir, 'postgres'));
    if (only.has('d')) {
      const seedAdmin = new pg.Client({ connectionString: postgresUrl(postgres, 'postgres') });
      await seedAdmin.connect();
      await seedAdmin.query(`CREATE DATABASE kontor_seed TEMPLATE ${postgres.templateDatabase}`);
      await seedAdmin.end();
      const seedDb = openPostgres(databaseUrlOf(postgres, 'kontor_seed', path.join(runDir, 'postgres')), { max: 2 });
      try {
        print(`\n(d) seeding the generated bank (${Number(values['seed-tickets']).toLocaleString('en-US')} tickets over a year), then a calendar change`);
        print(describeSeedBench(await runSeedBench(seedDb, Number(values['seed-tickets']))));
      } finally {
        await seedDb.close();
      }
      if ([...only].every((part) => part === 'd' || part === 's')) return;
    }
    if (only.has('r')) {
      // The generated bank (the demo directory's people) over a year, on a database and a server of its own.
      const reportsAdmin = new pg.Client({ connectionString: postgresUrl(postgres, 'postgres') });
      await reportsAdmin.connect();
      await reportsAdmin.query(`CREATE DATABASE kontor_reports TEMPLATE ${postgres.templateDatabase}`);
      await reportsAdmin.end();
      const reportsUrl = databaseUrlOf(postgres, 'kontor_reports', path.join(runDir, 'postgres'));
      const reportsDb = openPostgres(reportsUrl, { max: 2 });
      const count = Number(values['seed-tickets']);
      try {
        const to = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
        await seedBank(reportsDb, generateBank({ seed: 'kontor-demo' }), { tickets: count, from: new Date(to.getTime() - 365 * 86_400_000), to });
      } finally {
        await reportsDb.close();
      }
      mkdirSync(path.join(runDir, 'reports'), { mode: 0o755 });
      const reportsServer = await startBenchServer(path.join(runDir, 'reports'), reportsUrl, { queues: 'embedded' });
      try {
        print(`\n(r) team-lead reports over the generated bank (${count.toLocaleString('en-US')} tickets over a year), load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
        print(describeReportsBench(await runReportsBench(reportsServer.url, count)));
      } finally {
        await reportsServer.stop();
      }
      if ([...only].every((part) => part === 'r' || part === 's')) return;
    }
    const db = openPostgres(databaseUrl, { max: 2 });
    try {
      // (a)'s limit replays the SQL Kontor sends; a capture server of its own derives it, before the measured one starts.
      const captured = only.has('a') ? await captureMutationSql(runDir, databaseUrl, db, 'ServiceLine', customerIds) : null;
      server = running.server = await startBenchServer(runDir, databaseUrl);
      print(`Kontor benchmarks — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL 15 (fsync off, as in the tests) over ${values.transport === 'tcp' ? 'loopback TCP' : 'its Unix socket'}`);
      // Figures from a busy machine mean little: say how busy it was.
      print(`load average before the run: ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
      const queues = new Map((await db.query<{ id: string; name: string }>('SELECT id, name FROM queues')).rows.map((row) => [row.name, row.id]));
      const agents: BenchAgent[] = [];
      for (const [username, queue] of loadAgents.slice(0, Number(values.clients))) {
        const queueId = queues.get(queue);
        if (queueId === undefined) throw new Error(`queue ${queue} is missing`);
        agents.push({ agent: await signIn(server.url, username), queueId });
      }
      const [writer] = agents;
      if (!writer) throw new Error('no agents');
      const reader = await signIn(server.url, 'pschulz');
      const url = server.url;

      if (only.has('c')) {
        print('\n(c) commit → push over the events WebSocket, and → pulled by a second agent');
        const { cursor } = await pullAll(url, reader, '');
        const idle = await runPushLatency(url, writer, reader, cursor, { samples: 200, pauseMs: 25, customerIds });
        print(`  idle server:\n${describePushLatency(idle)}`);
        const load = runMutations(url, agents, customerIds, 1, Math.max(10, seconds) * 1000);
        const { cursor: loaded } = await pullAll(url, reader, cursor);
        const busy = await runPushLatency(url, writer, reader, loaded, { samples: 150, pauseMs: 25, customerIds });
        await load;
        print(`  while 8 other clients send single mutations:\n${describePushLatency(busy)}`);
      }

      if (only.has('a')) {
        print(`\n(a) server mutations: ${agents.length} concurrent clients (ticket.create, ticket.addArticle, ticket.setPriority, a third each)`);
        if (captured) print(describeCapture(captured));
        const pids = { server: server.pid, postmaster: postgres.pid };
        const meter = (): CpuMeter => startCpuMeter(pids);
        // Every measured phase starts from a vacuumed database: the stamping's scan for unnumbered
        // change rows slows down with the dead rows a phase leaves, and a later phase must not pay for them.
        const settle = async (): Promise<void> => {
          await db.query('VACUUM (ANALYZE)');
        };
        await runMutations(url, agents, customerIds, 1, 2000); // warm-up, not reported
        await settle();
        let cpu = meter();
        const single = await runMutations(url, agents, customerIds, 1, seconds * 1000);
        print(describeMutationsRun(single, agents.length));
        print(cpu.stop());
        if (captured) await measureLimit(databaseUrl, captured, agents, single.mutations / single.seconds, { meter, settle });
        await settle();
        cpu = meter();
        print(describeMutationsRun(await runMutations(url, agents, customerIds, 10, seconds * 1000), agents.length));
        print(cpu.stop());
      }

      const size = { tickets: Number(values.tickets), articlesPerTicket: Number(values.articles) };
      if (only.has('b')) {
        print(`\n(b) change feed: bootstrap of the whole database by an agent who sees every queue (mmueller)`);
        const seeding = performance.now();
        await seedTickets(db, size, 'bootstrap');
        print(`  seeded ${size.tickets.toLocaleString('en-US')} tickets × ${size.articlesPerTicket} articles in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
        // Where the CPU went: the server, PostgreSQL and the puller share the machine's cores.
        const cpu = startCpuMeter({ server: server.pid, postmaster: postgres.pid });
        const bootstrap = await pullAll(url, writer.agent, '', { serverPid: server.pid });
        print(`  bootstrap (snapshot):\n${describePull(bootstrap)}\n${cpu.stop()}`);
        const more = { tickets: Math.max(1, Math.round(size.tickets / 10)), articlesPerTicket: size.articlesPerTicket };
        await seedTickets(db, more, 'catch-up');
        const catchUp = await pullAll(url, writer.agent, bootstrap.cursor);
        print(`  catch-up through the log after ${more.tickets.toLocaleString('en-US')} more tickets:\n${describePull(catchUp)}`);
      }
      if (only.has('e')) {
        print(`\n(e) Kontor Desk: mmueller's initial sync into an empty cache, in a Desk process of its own (CacheService as desk.ts wires it)`);
        if (!only.has('b')) {
          const seeding = performance.now();
          await seedTickets(db, size, 'desk');
          print(`  seeded ${size.tickets.toLocaleString('en-US')} tickets × ${size.articlesPerTicket} articles in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
        }
        const first = queues.get('ServiceLine');
        if (first === undefined) throw new Error('queue ServiceLine is missing');
        const others = [...queues.values()].filter((id) => id !== first);
        print(describeDeskSync(await runDeskSync(url, { server: server.pid, postmaster: postgres.pid }, await signIn(url, 'mmueller'), [first, ...others], { syncOnly: values['sync-only'] })));
        // --sync-only: the initial sync alone, for trying a change of its path (about two minutes at 100k tickets).
        if (values['sync-only']) return;
        const helpdesk = queues.get('Helpdesk');
        if (helpdesk === undefined) throw new Error('queue Helpdesk is missing');
        const deskDir = path.join(runDir, 'desk-visible');
        const writerAgent = await signIn(url, 'pschulz');
        print('  commit → visible in a second Desk\'s cache (pschulz writes in Helpdesk, dnowak\'s Desk reads), idle:');
        print(`    ${describeVisible(await runCommitToVisible(url, writerAgent, await signIn(url, 'dnowak'), helpdesk, 200, deskDir))}`);
        const load = runMutations(url, agents, customerIds, 1, Math.max(15, seconds) * 1000);
        print(`  the same while ${String(agents.length)} clients send single mutations:`);
        print(`    ${describeVisible(await runCommitToVisible(url, writerAgent, await signIn(url, 'dnowak'), helpdesk, 150, deskDir))}`);
        await load;
      }
      if (only.has('u')) {
        print(`\n(u) Kontor Desk's screens over the full cache: mmueller in the built renderer (headless Chromium, 1680 × 1000), a Desk process with the browser host`);
        if (!only.has('b') && !only.has('e')) {
          const seeding = performance.now();
          await seedTickets(db, size, 'desk-ui');
          print(`  seeded ${size.tickets.toLocaleString('en-US')} tickets × ${size.articlesPerTicket} articles in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
        }
        const serviceLine = queues.get('ServiceLine');
        const customer = demoCustomers.find((person) => person.username === 'jweiss');
        if (serviceLine === undefined || customer === undefined) throw new Error('queue ServiceLine or customer jweiss is missing');
        const numberOf = async (ticketId: string): Promise<string> => (await db.query<{ number: string }>('SELECT number FROM tickets WHERE id = $1', [ticketId])).rows[0]?.number ?? '';
        const ticket = await createLongTicket(url, await signIn(url, 'mmueller'), serviceLine, customer.id, numberOf);
        print(`  load average before (u): ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
        // A seeded number (bench/support/seed.ts numbers the first seed from 2001-01-01), the long ticket's, title words, article words, people with umlauts.
        const searches = ['20010101000123', ticket.number, 'ticket 4711', 'Wertpapierabwicklung', longTicketWord, 'Müller', 'Mueller'];
        print(describeDeskUi(await runDeskUi({ url, ticket, scrollQueueId: serviceLine, searches })));
      }
    } finally {
      await db.close();
    }
  } finally {
    await server?.stop();
    await postgres?.stop();
    if (!process.env['KONTOR_KEEP_BENCH_DIR']) rmSync(runDir, { recursive: true, force: true });
    else print(`kept ${runDir}`);
  }
}

/** The same SQL without Kontor in between, from as many connections as there are clients; Kontor's rate as a share of it. */
async function measureLimit(
  databaseUrl: string,
  captured: ReadonlyMap<BenchMutationName, CapturedMutation>,
  agents: readonly BenchAgent[],
  kontorPerSecond: number,
  phase: { meter: () => CpuMeter; settle: () => Promise<void> },
): Promise<void> {
  const identities = agents.map(({ agent, queueId }) => ({ agentId: agent.agentId, tokenHash: hashSessionToken(agent.token), queueId }));
  const modes: [ReplayMode, string][] = [
    ['sequential', 'the limit'],
    ['pipelined', 'the pipelined replay'],
    ['one-query', 'the one-query replay'],
  ];
  for (const [mode, what] of modes) {
    await runRawReplay(databaseUrl, captured, identities, mode, 2000); // warm-up, not reported
    await phase.settle();
    const cpu = phase.meter();
    const run = await runRawReplay(databaseUrl, captured, identities, mode, seconds * 1000);
    print(describeReplayRun(run));
    print(cpu.stop());
    print(describeShare(kontorPerSecond, run, what));
  }
}

// Ctrl-C: stop PostgreSQL and the server by PID before leaving ('exit' handlers do not run on a signal).
process.once('SIGINT', () => {
  void Promise.all([running.server?.stop(), running.postgres?.stop()]).finally(() => process.exit(130));
});

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
