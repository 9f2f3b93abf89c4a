import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { mutationResponseSchema } from '../src-shared/sync/protocol.js';
import type { BenchAgent } from './mutations.js';
import { api, type SignedIn } from './support/api.js';
import { DeskPuller } from './support/desk-puller.js';
import { EventsListener } from './support/events.js';
import { latencySummary } from './support/stats.js';
import { AgentWorkload } from './support/workload.js';

export interface PushLatencyRun {
  samples: number;
  /** Push arrived at the other agent − mutation response arrived at the writer (may be negative). */
  pushAfterResponseMs: number[];
  /** Push arrived − mutation request sent: an upper bound of commit → push. */
  pushAfterSendMs: number[];
  /** The other agent's pull carried the change − mutation request sent. */
  visibleAfterSendMs: number[];
}

/**
 * One agent changes tickets one mutation at a time, `pauseMs` apart; a second agent, connected
 * to the events WebSocket, pulls on every push as the Desk does. Measures when the push and
 * the change itself reach the second agent.
 */
export async function runPushLatency(
  baseUrl: string,
  writer: BenchAgent,
  reader: SignedIn,
  readerCursor: string,
  options: { samples: number; pauseMs: number; customerIds: readonly string[] },
): Promise<PushLatencyRun> {
  const run: PushLatencyRun = { samples: 0, pushAfterResponseMs: [], pushAfterSendMs: [], visibleAfterSendMs: [] };
  const events = await EventsListener.open(baseUrl, reader.token);
  const puller = new DeskPuller(baseUrl, reader, readerCursor);
  events.onPush = () => puller.pull();
  const workload = new AgentWorkload(writer.queueId, options.customerIds);
  try {
    for (let i = 0; i < options.samples; i += 1) {
      const envelope = workload.nextBatch(1);
      const sent = performance.now();
      const response = await api(`${baseUrl}/api/v1/sync/mutations`, { method: 'POST', token: writer.agent.token, body: envelope });
      const answered = performance.now();
      const { results } = mutationResponseSchema.parse(response.json);
      workload.record(results);
      const [result] = results;
      if (result?.status !== 'applied') throw new Error(`the writer's mutation did not apply: ${JSON.stringify(result)}`);
      const [pushedAt, visibleAt] = await Promise.all([events.arrivalOf(result.seq), puller.visibleAt(result.seq)]);
      run.pushAfterResponseMs.push(pushedAt - answered);
      run.pushAfterSendMs.push(pushedAt - sent);
      run.visibleAfterSendMs.push(visibleAt - sent);
      run.samples += 1;
      await sleep(options.pauseMs);
    }
  } finally {
    events.close();
  }
  return run;
}

export function describePushLatency(run: PushLatencyRun): string {
  return [
    `  ${run.samples} mutations, one at a time:`,
    `    push − writer's response:     ${latencySummary(run.pushAfterResponseMs)}`,
    `    push − writer's request sent: ${latencySummary(run.pushAfterSendMs)}`,
    `    change pulled by the other agent − request sent: ${latencySummary(run.visibleAfterSendMs)}`,
  ].join('\n');
}
