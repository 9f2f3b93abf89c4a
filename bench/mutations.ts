import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { mutationResponseSchema } from '../src-shared/sync/protocol.js';
import { api, type SignedIn } from './support/api.js';
import { latencySummary, formatRate, Tally } from './support/stats.js';
import { AgentWorkload } from './support/workload.js';

export interface BenchAgent {
  agent: SignedIn;
  queueId: string;
}

export interface MutationsRun {
  batchSize: number;
  seconds: number;
  /** The machine's 1-minute load average when the run began. */
  loadAverage: number;
  requests: number;
  mutations: number;
  latenciesMs: number[];
  /** For single-mutation requests: latencies by mutation name. */
  byName: Map<string, number[]>;
  results: Tally;
}

/**
 * Every agent sends batches of `batchSize` mutations, one request after the other, for
 * `durationMs`: as many Desks pushing their outboxes at once.
 */
export async function runMutations(baseUrl: string, agents: readonly BenchAgent[], customerIds: readonly string[], batchSize: number, durationMs: number): Promise<MutationsRun> {
  const run: MutationsRun = { batchSize, seconds: durationMs / 1000, loadAverage: os.loadavg()[0] ?? 0, requests: 0, mutations: 0, latenciesMs: [], byName: new Map(), results: new Tally() };
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    agents.map(async ({ agent, queueId }) => {
      const workload = new AgentWorkload(queueId, customerIds);
      while (performance.now() < end) {
        const envelope = workload.nextBatch(batchSize);
        const sent = performance.now();
        const response = await api(`${baseUrl}/api/v1/sync/mutations`, { method: 'POST', token: agent.token, body: envelope });
        const latency = performance.now() - sent;
        run.latenciesMs.push(latency);
        const [only] = envelope.mutations;
        if (batchSize === 1 && only) {
          const latencies = run.byName.get(only.name) ?? [];
          latencies.push(latency);
          run.byName.set(only.name, latencies);
        }
        run.requests += 1;
        if (response.status !== 200) {
          run.results.add(`http ${response.status}`, envelope.mutations.length);
          continue;
        }
        const { results } = mutationResponseSchema.parse(response.json);
        run.mutations += results.length;
        for (const result of results) run.results.add(result.status === 'rejected' ? `rejected/${result.reason}` : result.status);
        workload.record(results);
      }
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

export function describeMutationsRun(run: MutationsRun, clients: number): string {
  return [
    `  ${clients} clients, batches of ${run.batchSize}, ${run.seconds.toFixed(1)} s, load average ${run.loadAverage.toFixed(2)} before: ${formatRate(run.mutations, run.seconds, 'mutations')} ` +
      `(${formatRate(run.requests, run.seconds, 'requests')})`,
    `    latency per request: ${latencySummary(run.latenciesMs)}`,
    ...[...run.byName].map(([name, latencies]) => `      ${name}: ${latencySummary(latencies)}`),
    `    results: ${run.results.toString()}`,
  ].join('\n');
}
