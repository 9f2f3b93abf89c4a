import type { SignedInAgent } from '../../../src-shared/domain/people.js';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import { isMutationName, writtenFields, type MutationName } from '../../../src-shared/sync/mutations.js';
import type { MutationEnvelope, MutationResult } from '../../../src-shared/sync/protocol.js';
import type { Database, Queryable } from '../../db/database.js';
import { queueConfigLockKey } from '../../domain/queues.js';
import { recordAudit } from '../../auth/audit.js';
import { appendChanges } from '../change-log.js';
import { stampPendingChanges } from '../sequencer.js';
import { mutationHandlers } from './handlers/index.js';
import { reject, type MutationContext, type Outcome, type Rejection } from './outcome.js';
import { findStoredResult, findStoredResults, lacksSeq, recordSequenceNumbers, storeResult, type StoredResult } from './stored-results.js';
import type { ValidMutation } from './define.js';

export interface MutationDependencies {
  db: Database;
  /** The service-account directory: customer users of phone tickets. */
  directory: Directory;
  customersBase: string;
  /** Stamps committed changes now (this instance's sequencer). */
  stampChanges(): Promise<void>;
}

type EnvelopeMutation = MutationEnvelope['mutations'][number];

interface Caller {
  actor: SignedInAgent;
  clientId: string;
  now: Date;
}

/**
 * Applies a batch in order, each mutation exactly once per (agent, mutation id): a stored
 * result is answered unchanged; otherwise the mutation runs in its own transaction with its
 * result stored in the same transaction. A mutation that did not apply holds back the later
 * mutations of the same ticket (`held-back`, not stored: they may be sent again).
 */
export async function applyMutationBatch(deps: MutationDependencies, actor: SignedInAgent, envelope: MutationEnvelope, now: Date): Promise<MutationResult[]> {
  const caller: Caller = { actor, clientId: envelope.clientId, now };
  const stored = await findStoredResults(deps.db, actor.agent.id, envelope.mutations.map((m) => m.id));
  const heldBack = new Set<string>();
  const results: StoredResult[] = [];
  for (const mutation of envelope.mutations) {
    const ticketId = ticketIdOf(mutation.args);
    let result = stored.get(mutation.id.toLowerCase()) ?? null;
    if (result === null && ticketId !== null && heldBack.has(ticketId)) {
      results.push(heldBackResult(mutation.id, ticketId));
      continue;
    }
    result ??= await decide(deps, caller, mutation);
    results.push(result);
    if (result.status !== 'applied' && ticketId !== null) heldBack.add(ticketId);
  }
  return withSequenceNumbers(deps, actor.agent.id, results);
}

/** The ticket id a mutation names, read before validation so that invalid ones hold back too. */
function ticketIdOf(args: unknown): string | null {
  if (typeof args !== 'object' || args === null || !('ticketId' in args)) return null;
  return typeof args.ticketId === 'string' ? args.ticketId.toLowerCase() : null;
}

function heldBackResult(id: string, ticketId: string): MutationResult {
  return { id, status: 'rejected', reason: 'held-back', message: `an earlier mutation of ticket ${ticketId} in this batch did not apply` };
}

async function decide(deps: MutationDependencies, caller: Caller, mutation: EnvelopeMutation): Promise<StoredResult> {
  const refuse = (rejection: Rejection): Promise<StoredResult> =>
    storeResult(deps.db, { agentId: caller.actor.agent.id, clientId: caller.clientId, result: { id: mutation.id, ...rejection }, changeId: null, storedAt: caller.now });
  const { name } = mutation;
  if (!isMutationName(name)) return refuse(reject('unknown-mutation', `name: there is no mutation "${name}"`));
  const parsed = mutationHandlers[name].parse(mutation.args);
  if (!parsed.ok) return refuse(reject('invalid-args', parsed.message));
  if (writtenFields[name].length > 0 && mutation.baseVersion === null) {
    return refuse(reject('invalid-args', `baseVersion: required for ${name}, which writes ${writtenFields[name].join(', ')}`));
  }
  const unprepared = await parsed.mutation.prepare({ directory: deps.directory, customersBase: deps.customersBase, now: caller.now });
  if (unprepared) return refuse(unprepared);
  return deps.db.transaction((tx) => applyOnce(tx, caller, { ...mutation, name }, parsed.mutation));
}

/** One mutation in its transaction: nothing of it stays unless it applied, and its result is stored with it. */
async function applyOnce(tx: Queryable, caller: Caller, mutation: EnvelopeMutation & { name: MutationName }, valid: ValidMutation): Promise<StoredResult> {
  const agentId = caller.actor.agent.id;
  // Shared with every mutation, exclusive while the queue list is applied (queueConfigLockKey).
  // Then: the same mutation sent twice at once (a retry while the first is still running)
  // waits here and finds the first one's result.
  await tx.query('SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock(hashtextextended($2, 0))', [
    queueConfigLockKey,
    `kontor-mutation:${agentId}:${mutation.id.toLowerCase()}`,
  ]);
  const earlier = await findStoredResult(tx, agentId, mutation.id);
  if (earlier) return earlier;

  const ctx: MutationContext = { tx, name: mutation.name, actor: caller.actor, now: caller.now, baseVersion: mutation.baseVersion };
  await tx.query('SAVEPOINT mutation');
  let outcome: Outcome;
  try {
    outcome = await valid.apply(ctx);
  } catch (error) {
    // Two creators racing with one client id lose on the primary key, not on a check.
    if (!isUniqueViolation(error)) throw error;
    outcome = reject('already-exists', 'an id of this mutation exists already');
  }
  const store = (result: StoredResult, changeId: string | null): Promise<StoredResult> =>
    storeResult(tx, { agentId, clientId: caller.clientId, result, changeId, storedAt: caller.now });
  if (outcome.status !== 'applied') {
    await tx.query('ROLLBACK TO SAVEPOINT mutation');
    if (outcome.status === 'rejected' && outcome.reason === 'permission-denied') {
      await recordAudit(tx, {
        event: 'mutation-denied',
        occurredAt: caller.now,
        actorId: agentId,
        username: caller.actor.agent.username,
        address: null,
        outcome: outcome.reason,
        detail: { mutation: mutation.name, mutationId: mutation.id },
      });
    }
    return store({ id: mutation.id, ...outcome }, null);
  }
  const changeIds = await appendChanges(tx, outcome.changes);
  return store({ id: mutation.id, status: 'applied', version: outcome.version }, changeIds.at(-1) ?? null);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * Fills in the sequence number of every applied mutation: wakes the sequencer (the changes
 * committed, so it numbers them), stamps directly if that did not help, and records the
 * numbers in the stored results so that a replay answers the same.
 */
async function withSequenceNumbers(deps: MutationDependencies, agentId: string, results: StoredResult[]): Promise<MutationResult[]> {
  const missing = results.filter(lacksSeq).map((result) => result.id);
  let seqs = new Map<string, number>();
  if (missing.length > 0) {
    await deps.stampChanges();
    seqs = await recordSequenceNumbers(deps.db, agentId, missing);
    if (seqs.size < new Set(missing.map((id) => id.toLowerCase())).size) {
      await stampPendingChanges(deps.db);
      seqs = await recordSequenceNumbers(deps.db, agentId, missing);
    }
  }
  return results.map((result) => {
    if (!lacksSeq(result)) return result;
    const seq = seqs.get(result.id.toLowerCase());
    if (seq === undefined) throw new Error(`mutation ${result.id} applied but its change has no sequence number yet`);
    return { ...result, seq };
  });
}
