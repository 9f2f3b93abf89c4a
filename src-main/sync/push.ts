import { limits } from '../../src-shared/limits.js';
import { mutationResponseSchema } from '../../src-shared/sync/protocol.js';
import type { Outbox } from '../cache/outbox.js';
import type { ServerClient } from '../net/server-client.js';

/** How many edits one request carries at most (the server's batch limit is larger). */
const batchSize = 100;

export type PushOutcome =
  | { kind: 'idle' }
  | { kind: 'sent'; applied: number; failed: number }
  /** The session ended: the engine pauses and asks the agent to sign in; the outbox is kept. */
  | { kind: 'unauthorized' }
  /** Unreachable, busy (429) or failing (5xx): try again later; the outbox is kept. */
  | { kind: 'retry-later'; message: string };

/** Rounds of one push at most: each round sends the oldest pending edit of every subject. */
const maxRounds = 50;

/**
 * Sends the outbox in the order the edits were made, round after round (each round the oldest
 * pending edit of every subject, the next one on the version the previous made), and records
 * the server's answer per edit. The same mutation ids are sent again after any failure: the
 * server applies each exactly once and answers a repeat from its stored result.
 */
export async function pushOutbox(outbox: Outbox, client: ServerClient, token: string): Promise<PushOutcome> {
  let applied = 0;
  let failed = 0;
  for (let round = 0; round < maxRounds; round += 1) {
    const sent = await pushRound(outbox, client, token);
    if (sent.kind !== 'sent') return sent.kind === 'idle' && round > 0 ? { kind: 'sent', applied, failed } : sent;
    applied += sent.applied;
    failed += sent.failed;
  }
  return { kind: 'sent', applied, failed };
}

async function pushRound(outbox: Outbox, client: ServerClient, token: string): Promise<PushOutcome> {
  const entries = outbox.sendable(batchSize);
  if (entries.length === 0) return { kind: 'idle' };
  // Attachments travel inside the batch: it takes edits while they fit the server's request limit (at least one).
  const mutations = [];
  let bytes = 1024;
  for (const entry of entries) {
    const mutation = { id: entry.mutationId, name: entry.name, args: outbox.wireArgs(entry), baseVersion: entry.baseVersion };
    bytes += JSON.stringify(mutation).length + 1;
    if (mutations.length > 0 && bytes > limits.mutationBatchMaxBytes) break;
    mutations.push(mutation);
  }
  const response = await client.call('POST', '/api/v1/sync/mutations', mutationResponseSchema, { token, body: { clientId: outbox.clientId(), mutations } });
  if (response.kind === 'unreachable') return { kind: 'retry-later', message: response.message };
  if (response.kind === 'error') {
    if (response.status === 401) return { kind: 'unauthorized' };
    return { kind: 'retry-later', message: response.error.message };
  }
  const results = response.value?.results ?? [];
  outbox.record(results);
  const applied = results.filter((result) => result.status === 'applied').length;
  return { kind: 'sent', applied, failed: results.length - applied };
}
