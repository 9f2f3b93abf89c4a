import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { uuidv7 } from '../support/ids.js';
import { formatRate, latencySummary, Tally } from '../support/stats.js';
import { benchMutationNames, type BenchMutationName } from '../support/workload.js';
import type { CapturedMutation, FreshRole } from './capture.js';
import { SharedRounds } from './shared-rounds.js';
import type { SqlParam } from './sql-values.js';
import { learnProduced, renderParams, type ReplayValues, type StatementTemplate } from './statement-template.js';

/**
 * `sequential`: each statement after the previous one answered, as Kontor sends them (the limit).
 * `pipelined`: all statements of a mutation in one write, without waiting (pg's pipeline mode,
 * which still ends every statement with a Sync, so PostgreSQL answers each on its own).
 * `one-query`: all statements of a mutation as one simple-protocol query, parameters written in
 * as literals: one write, one answer. The last two show what the round trips cost; values Kontor
 * reads before it writes (a history row's id, the queue's group) are sent as captured there,
 * since the answer is not back yet.
 */
export type ReplayMode = 'sequential' | 'pipelined' | 'one-query';

/** Who a replay connection acts for: one of the benchmark's signed-in Desks. */
export interface ReplayIdentity {
  agentId: string;
  tokenHash: Buffer;
  queueId: string;
}

export interface ReplayRun {
  mode: ReplayMode;
  connections: number;
  seconds: number;
  /** The machine's 1-minute load average when the run began. */
  loadAverage: number;
  mutations: number;
  stampingRounds: number;
  latenciesMs: number[];
  byName: Map<string, number[]>;
  results: Tally;
}

type Captured = ReadonlyMap<BenchMutationName, CapturedMutation>;
interface ReplayTicket {
  id: string;
  number: string;
}

/**
 * Sends the captured SQL of the benchmark's mutations straight to PostgreSQL for `durationMs`:
 * one connection per identity, each sending one mutation after the other in the benchmark's mix
 * (a create first, then create, note, priority change in turn, notes and priority changes on
 * its own recent tickets), then waiting for a stamping round on a connection of its own that
 * all of them share, as Kontor's requests share its sequencer's rounds. Fresh values: new
 * UUIDv7 ids for mutation, ticket and article; the connection's agent, session, queue and
 * client id; a new ticket number of the same day and length (the counter statement still runs
 * and still locks the day's row); ids that earlier statements returned (history rows).
 */
export async function runRawReplay(databaseUrl: string, captured: Captured, identities: readonly ReplayIdentity[], mode: ReplayMode, durationMs: number): Promise<ReplayRun> {
  // Pipeline mode only changes what happens when a query is sent before the previous answered.
  const pipeline = mode === 'pipelined' || [...captured.values()].some((mutation) => [...mutation.statements, ...mutation.stamping].some((statement) => statement.pipelined));
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: databaseUrl, pipeline });
    await client.connect();
    return client;
  };
  const create = mutationOf(captured, 'ticket.create');
  const stamper = await connect();
  const clients = await Promise.all(identities.map(connect));
  const run: ReplayRun = { mode, connections: clients.length, seconds: durationMs / 1000, loadAverage: os.loadavg()[0] ?? 0, mutations: 0, stampingRounds: 0, latenciesMs: [], byName: new Map(), results: new Tally() };
  const rounds = new SharedRounds(async () => {
    run.stampingRounds += 1;
    try {
      await send(stamper, create.stamping, new Map(), mode);
    } catch (error) {
      run.results.add(`stamping ${errorLabel(error)}`);
    }
  });
  const started = performance.now();
  const end = started + durationMs;
  try {
    await Promise.all(
      clients.map(async (client, index) => {
        const identity = identities[index];
        if (!identity) return;
        const clientId = uuidv7();
        const tickets: ReplayTicket[] = [];
        for (let turn = 0; performance.now() < end; ) {
          const name = tickets.length === 0 ? 'ticket.create' : (benchMutationNames[turn++ % benchMutationNames.length] ?? 'ticket.create');
          const mutation = mutationOf(captured, name);
          const ticket = name === 'ticket.create' ? { id: uuidv7(), number: freshTicketNumber(create) } : (tickets[tickets.length - 1 - randomInt(Math.min(tickets.length, 200))] ?? { id: '', number: '' });
          const values = valuesFor(mutation.fresh, { ...identity, clientId, ticket });
          const sent = performance.now();
          try {
            await send(client, mutation.statements, values, mode);
            if (create.stamping.length > 0) await rounds.request();
          } catch (error) {
            run.results.add(errorLabel(error));
            // Harmless when a pipelined COMMIT after the failed statement has ended the transaction already.
            await client.query('ROLLBACK').catch(() => undefined);
            continue;
          }
          const latency = performance.now() - sent;
          run.mutations += 1;
          run.results.add('applied');
          run.latenciesMs.push(latency);
          const byName = run.byName.get(name) ?? [];
          byName.push(latency);
          run.byName.set(name, byName);
          if (name === 'ticket.create') tickets.push(ticket);
        }
      }),
    );
    run.seconds = (performance.now() - started) / 1000;
  } finally {
    await Promise.all([stamper, ...clients].map((client) => client.end().catch(() => undefined)));
  }
  return run;
}

function mutationOf(captured: Captured, name: BenchMutationName): CapturedMutation {
  const mutation = captured.get(name);
  if (!mutation) throw new Error(`no captured SQL for ${name}`);
  return mutation;
}

/**
 * The statements of one mutation. `sequential`: round trip by round trip as Kontor sent them
 * (statements it pipelined go together), taking ids from each answer for the statements after.
 */
async function send(client: pg.Client, statements: readonly StatementTemplate[], values: ReplayValues, mode: ReplayMode): Promise<void> {
  if (mode === 'one-query') {
    await client.query(statements.map((statement) => withLiterals(statement.text, renderParams(statement, values))).join(';\n'));
    return;
  }
  const batches = mode === 'pipelined' ? [statements] : roundTripsOf(statements);
  for (const batch of batches) {
    const answers = await sendTogether(client, batch, values);
    batch.forEach((statement, index) => learnProduced(statement, answers[index], values));
  }
}

function roundTripsOf(statements: readonly StatementTemplate[]): StatementTemplate[][] {
  const batches: StatementTemplate[][] = [];
  for (const statement of statements) {
    const last = batches.at(-1);
    if (statement.pipelined && last) last.push(statement);
    else batches.push([statement]);
  }
  return batches;
}

/** Statements in one write, answers awaited together (pg's pipeline mode); the first failure is thrown after all answered. */
async function sendTogether(client: pg.Client, statements: readonly StatementTemplate[], values: ReplayValues): Promise<unknown[]> {
  const query = (statement: StatementTemplate): Promise<unknown> => {
    const params = renderParams(statement, values);
    if (statement.name !== null) return client.query({ name: statement.name, text: statement.text, values: params ?? [] });
    return params === null ? client.query(statement.text) : client.query(statement.text, params);
  };
  const [only] = statements;
  if (statements.length === 1 && only) return [await query(only)];
  // pg writes each query on its own; corked, they leave in one write.
  const stream = (client as unknown as { connection: { stream: Socket } }).connection.stream;
  stream.cork();
  const answers = statements.map(query);
  stream.uncork();
  const settled = await Promise.allSettled(answers);
  const failed = settled.find((answer) => answer.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((answer) => (answer.status === 'fulfilled' ? answer.value : undefined));
}

/** The values of one replayed mutation, by the captured value they stand in for. */
function valuesFor(fresh: ReadonlyMap<string, FreshRole>, context: ReplayIdentity & { clientId: string; ticket: ReplayTicket }): ReplayValues {
  const values: ReplayValues = new Map();
  for (const [captured, role] of fresh) {
    const value = {
      mutation: uuidv7,
      article: uuidv7,
      ticket: () => context.ticket.id,
      number: () => context.ticket.number,
      client: () => context.clientId,
      agent: () => context.agentId,
      queue: () => context.queueId,
      session: () => context.tokenHash,
    }[role]();
    values.set(captured, value);
  }
  return values;
}

let replayNumbers = 0;
/** Kontor's per-day counter does not reach 900,000 in a benchmark run: numbers from there on are free. */
function freshTicketNumber(create: CapturedMutation): string {
  const captured = [...create.fresh].find(([, role]) => role === 'number')?.[0];
  if (captured === undefined) throw new Error('the captured ticket.create has no ticket number');
  replayNumbers += 1;
  if (replayNumbers >= 100_000) throw new Error('the replay ran out of ticket numbers');
  return `${captured.slice(0, -6)}${String(900_000 + replayNumbers)}`;
}

function errorLabel(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return `error ${code || (error instanceof Error ? error.message : String(error))}`;
}

const pgUtils = createRequire(import.meta.url)('pg/lib/utils') as { prepareValue(value: unknown): unknown };

/** A statement with its parameters written in, as pg would have sent them (text, untyped: PostgreSQL infers the same types). */
function withLiterals(text: string, params: readonly SqlParam[] | null): string {
  if (params === null) return text;
  return text.replace(/\$(\d+)/gu, (_, position: string) => {
    const value = params[Number(position) - 1];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'`;
    return pg.escapeLiteral(String(pgUtils.prepareValue(value)));
  });
}

const modeLabels: Record<ReplayMode, string> = {
  sequential: 'raw limit: the captured SQL straight from pg, each statement after the previous one answered, as Kontor sends it',
  pipelined: 'pipelined replay (round trips removed; not reachable as is, Kontor decides between statements): all statements of a mutation in one write, pg pipeline mode',
  'one-query': 'one-query replay (as above, and one answer): all statements of a mutation as one simple-protocol query, parameters as literals',
};

export function describeReplayRun(run: ReplayRun): string {
  return [
    `  ${modeLabels[run.mode]}`,
    `    ${run.connections} connections + 1 for the shared stamping rounds, ${run.seconds.toFixed(1)} s, load average ${run.loadAverage.toFixed(2)} before: ` +
      `${formatRate(run.mutations, run.seconds, 'mutations')} (${(run.mutations / Math.max(1, run.stampingRounds)).toFixed(1)} mutations per stamping round)`,
    `    latency per mutation: ${latencySummary(run.latenciesMs)}`,
    ...[...run.byName].map(([name, latencies]) => `      ${name}: ${latencySummary(latencies)}`),
    `    results: ${run.results.toString()}`,
  ].join('\n');
}

/** "Kontor: 225/s = 41 % of the limit 550/s". */
export function describeShare(kontorPerSecond: number, run: ReplayRun, what: string): string {
  const limit = run.mutations / run.seconds;
  return `  Kontor: ${Math.round(kontorPerSecond).toLocaleString('en-US')}/s = ${Math.round((100 * kontorPerSecond) / limit)} % of ${what} ${Math.round(limit).toLocaleString('en-US')}/s`;
}
