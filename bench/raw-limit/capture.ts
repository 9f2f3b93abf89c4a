import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashSessionToken } from '../../src-server/auth/tokens.js';
import type { Database } from '../../src-server/db/database.js';
import { mutationResponseSchema, type MutationEnvelope } from '../../src-shared/sync/protocol.js';
import { api, signIn, type SignedIn } from '../support/api.js';
import { startBenchServer } from '../support/server-process.js';
import { AgentWorkload, benchMutationNames, type BenchMutationName } from '../support/workload.js';
import type { CapturedLine } from './sql-values.js';
import { buildTemplates, type StatementTemplate } from './statement-template.js';

/** What a captured value stands for, and so what the replay puts in its place. */
export type FreshRole = 'mutation' | 'ticket' | 'article' | 'number' | 'client' | 'agent' | 'session' | 'queue';

export interface CapturedMutation {
  name: BenchMutationName;
  /** The request's statements up to its transaction's COMMIT, in the order Kontor sent them. */
  statements: StatementTemplate[];
  /** Round trips before the transaction (the session look-up) and in it. */
  before: number;
  inTransaction: number;
  /** The stamping round after COMMIT, which Kontor shares among all requests waiting for it (group commit). */
  stamping: StatementTemplate[];
  /** Captured value (binary ones as `bytes:` + base64) → what it stands for. */
  fresh: Map<string, FreshRole>;
  /** How many of the captured requests of this kind sent exactly this sequence. */
  agreeing: number;
  requests: number;
}

interface Request {
  name: BenchMutationName;
  envelope: MutationEnvelope;
  sentAt: number;
  receivedAt: number;
}

/** The capture hook's clock: wall-clock milliseconds are the same in both processes. */
const clock = (): number => Date.now();
/** Requests are this far apart, so that every statement falls into one request's window. */
const gapMs = 40;
const marginMs = 3;

/**
 * The SQL Kontor sends for each benchmark mutation, derived at run time: a second Kontor Server
 * (same configuration and database, with bench/raw-limit/capture-hook.ts loaded) serves
 * `repetitions` requests of each kind, one at a time, as `mmueller` on `queueName`; what it sent
 * during a request belongs to that request. Per kind the most frequent sequence is taken (a
 * background statement, such as the sequencer's once-a-second look, may fall into a window).
 */
export async function captureMutationSql(runDir: string, databaseUrl: string, db: Database, queueName: string, customerIds: readonly string[], repetitions = 5): Promise<Map<BenchMutationName, CapturedMutation>> {
  const captureDir = path.join(runDir, 'capture');
  mkdirSync(captureDir, { recursive: true });
  const file = path.join(captureDir, 'statements.jsonl');
  const server = await startBenchServer(captureDir, databaseUrl, { captureSqlTo: file });
  const requests: Request[] = [];
  let agent: SignedIn;
  let queueId: string;
  try {
    agent = await signIn(server.url, 'mmueller');
    const queue = (await db.query<{ id: string }>('SELECT id FROM queues WHERE name = $1', [queueName])).rows[0];
    if (!queue) throw new Error(`queue ${queueName} is missing`);
    queueId = queue.id;
    const workload = new AgentWorkload(queueId, customerIds);
    for (let round = 0; round < repetitions; round += 1) {
      for (const name of benchMutationNames) {
        await sleep(gapMs);
        const envelope = workload.single(name);
        const sentAt = clock();
        const response = await api(`${server.url}/api/v1/sync/mutations`, { method: 'POST', token: agent.token, body: envelope });
        const receivedAt = clock();
        if (response.status !== 200) throw new Error(`the captured ${name} got HTTP ${response.status}: ${JSON.stringify(response.json)} (see ${path.join(captureDir, 'server.log')})`);
        const { results } = mutationResponseSchema.parse(response.json);
        if (results[0]?.status !== 'applied') throw new Error(`the captured ${name} did not apply: ${JSON.stringify(results)}`);
        workload.record(results);
        requests.push({ name, envelope, sentAt, receivedAt });
      }
    }
    await sleep(gapMs);
  } finally {
    await server.stop();
  }
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as CapturedLine);
  const ticketIds = requests.map((request) => argsOf(request).ticketId);
  const numbers = new Map((await db.query<{ id: string; number: string }>('SELECT id::text AS id, number FROM tickets WHERE id = ANY($1::uuid[])', [ticketIds])).rows.map((row) => [row.id, row.number]));
  const identity = { agentId: agent.agentId, tokenHash: hashSessionToken(agent.token), queueId, numbers };
  return new Map(benchMutationNames.map((name) => [name, chooseCapture(name, requests.filter((request) => request.name === name), lines, identity)]));
}

function argsOf(request: Request): { ticketId: string; article?: { articleId: string } } {
  const [mutation] = request.envelope.mutations;
  if (!mutation) throw new Error('a captured request without a mutation');
  return mutation.args as { ticketId: string; article?: { articleId: string } };
}

function chooseCapture(
  name: BenchMutationName,
  requests: readonly Request[],
  lines: readonly CapturedLine[],
  identity: { agentId: string; tokenHash: Buffer; queueId: string; numbers: ReadonlyMap<string, string> },
): CapturedMutation {
  const windows = requests.map((request) => ({
    request,
    lines: lines.filter((line) => line.startedAt >= request.sentAt - marginMs && line.startedAt <= request.receivedAt + marginMs).sort((a, b) => a.order - b.order),
  }));
  const bySignature = new Map<string, typeof windows>();
  for (const window of windows) {
    const signature = signatureOf(window.lines);
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), window]);
  }
  // The most frequent sequence; among equally frequent ones the shortest (a stray statement only adds).
  const [chosen] = [...bySignature.values()].sort((a, b) => b.length - a.length || (a[0]?.lines.length ?? 0) - (b[0]?.lines.length ?? 0));
  const window = chosen?.[0];
  if (!window) throw new Error(`no statements captured for ${name}`);
  const failed = window.lines.find((line) => line.error !== null);
  if (failed) throw new Error(`a captured statement of ${name} failed: ${failed.error ?? ''}`);
  const start = window.lines.findIndex((line) => /^\s*BEGIN\b/iu.test(line.text));
  const connection = window.lines[start]?.connection;
  const end = window.lines.findIndex((line, index) => index > start && line.connection === connection && /^\s*(COMMIT|ROLLBACK)\b/iu.test(line.text));
  if (start < 0 || end < 0) throw new Error(`no transaction found among the captured statements of ${name}`);

  const args = argsOf(window.request);
  const fresh = new Map<string, FreshRole>([
    [window.request.envelope.mutations[0]?.id ?? '', 'mutation'],
    [window.request.envelope.clientId, 'client'],
    [args.ticketId, 'ticket'],
    [identity.agentId, 'agent'],
    [`bytes:${identity.tokenHash.toString('base64')}`, 'session'],
    [identity.queueId, 'queue'],
  ]);
  if (args.article) fresh.set(args.article.articleId, 'article');
  const number = identity.numbers.get(args.ticketId);
  if (number !== undefined) fresh.set(number, 'number');
  return {
    name,
    statements: buildTemplates(window.lines.slice(0, end + 1), new Set(fresh.keys())),
    before: roundTrips(window.lines.slice(0, start)),
    inTransaction: roundTrips(window.lines.slice(start, end + 1)),
    stamping: buildTemplates(window.lines.slice(end + 1), new Set()),
    fresh,
    agreeing: chosen.length,
    requests: requests.length,
  };
}

/** A statement sent without waiting for the previous answer shares its round trip. */
export function roundTrips(statements: readonly { pipelined: boolean }[]): number {
  return statements.filter((statement) => !statement.pipelined).length;
}

/** The statements in order, each with the connection that sent it (named by first use), and how. */
function signatureOf(lines: readonly CapturedLine[]): string {
  const names = new Map<number, number>();
  return lines.map((line) => `${names.get(line.connection) ?? names.set(line.connection, names.size).size - 1}|${line.pipelined ? 'p' : 's'}|${line.name ?? ''}|${line.text}`).join('\n');
}

/** What was captured, per mutation: round trips and statements, so that a reader sees what the replay sends. */
export function describeCapture(captured: ReadonlyMap<BenchMutationName, CapturedMutation>): string {
  const lines = [...captured.values()].map((mutation) => {
    const statements = mutation.statements.reduce((sum, statement) => sum + statement.statements, 0);
    const stamping = mutation.stamping.reduce((sum, statement) => sum + statement.statements, 0);
    return (
      `    ${mutation.name}: ${mutation.before} round trip(s) before its transaction, ${mutation.inTransaction} in it (${statements} statements in all), ` +
      `then a stamping round of ${roundTrips(mutation.stamping)} round trips (${stamping} statements) shared by the requests waiting for it ` +
      `[${mutation.agreeing} of ${mutation.requests} captured requests sent exactly this]`
    );
  });
  return ['  SQL per mutation, captured from a second Kontor Server on the same database (bench/raw-limit/capture.ts):', ...lines].join('\n');
}
