import type { SignedInAgent } from '../../../src-shared/domain/people.js';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import { isMutationName, writtenFields, type MutationName } from '../../../src-shared/sync/mutations.js';
import type { MutationEnvelope, MutationResult } from '../../../src-shared/sync/protocol.js';
import type { Database } from '../../db/database.js';
import { queueConfigLockKey } from '../../domain/queues.js';
import { recordAudit } from '../../auth/audit.js';
import { stampPendingChanges, type Stamped } from '../sequencer.js';
import { mutationHandlers } from './handlers/index.js';
import { reject, type Conflict, type MutationContext, type Outcome, type Rejection } from './outcome.js';
import { findStoredResult, lacksSeq, sequenceNumbersOf, storeAppliedResult, storeRefusal, type Decided, type StoredResult } from './stored-results.js';
import type { ValidMutation } from './define.js';

export interface MutationDependencies {
  db: Database;
  /** The service-account directory: customer users of phone tickets. */
  directory: Directory;
  customersBase: string;
  /** Stamps committed changes now (this instance's sequencer); resolves with what that round numbered. */
  stampChanges(): Promise<Stamped>;
}

type EnvelopeMutation = MutationEnvelope['mutations'][number];

interface Caller {
  actor: SignedInAgent;
  clientId: string;
  now: Date;
}

/**
 * Applies a batch in order, each mutation exactly once per (agent, mutation id): each runs in
 * its own transaction, which stores its result and commits only if no result for that id was
 * stored before; otherwise the stored result is answered unchanged. A mutation that did not
 * apply holds back the later mutations of the same ticket (`held-back`, not stored: they may
 * be sent again). The changes of the whole batch are numbered in one stamping round after it.
 */
export async function applyMutationBatch(deps: MutationDependencies, actor: SignedInAgent, envelope: MutationEnvelope, now: Date): Promise<MutationResult[]> {
  const caller: Caller = { actor, clientId: envelope.clientId, now };
  const heldBack = new Set<string>();
  const decided: Decided[] = [];
  for (const mutation of envelope.mutations) {
    const ticketId = ticketIdOf(mutation.args);
    let result: Decided | null = null;
    if (ticketId !== null && heldBack.has(ticketId)) {
      // A stored result is answered even behind a mutation that did not apply (rare: a replay).
      result = await findStoredResult(deps.db, actor.agent.id, mutation.id);
      if (result === null) {
        decided.push({ result: heldBackResult(mutation.id, ticketId), changeId: null, seq: null });
        continue;
      }
    }
    result ??= await decide(deps, caller, mutation);
    decided.push(result);
    if (result.result.status !== 'applied' && ticketId !== null) heldBack.add(ticketId);
  }
  return withSequenceNumbers(deps, decided);
}

/** The ticket id a mutation names, read before validation so that invalid ones hold back too. */
function ticketIdOf(args: unknown): string | null {
  if (typeof args !== 'object' || args === null || !('ticketId' in args)) return null;
  return typeof args.ticketId === 'string' ? args.ticketId.toLowerCase() : null;
}

function heldBackResult(id: string, ticketId: string): MutationResult {
  return { id, status: 'rejected', reason: 'held-back', message: `an earlier mutation of ticket ${ticketId} in this batch did not apply` };
}

async function decide(deps: MutationDependencies, caller: Caller, mutation: EnvelopeMutation): Promise<Decided> {
  const refuse = (rejection: Rejection): Promise<Decided> => storeRefused(deps, caller, mutation, rejection);
  const { name } = mutation;
  if (!isMutationName(name)) return refuse(reject('unknown-mutation', `name: there is no mutation "${name}"`));
  const parsed = mutationHandlers[name].parse(mutation.args);
  if (!parsed.ok) return refuse(reject('invalid-args', parsed.message));
  if (writtenFields[name].length > 0 && mutation.baseVersion === null) {
    return refuse(reject('invalid-args', `baseVersion: required for ${name}, which writes ${writtenFields[name].join(', ')}`));
  }
  let unprepared: Rejection | null;
  try {
    unprepared = await parsed.mutation.prepare({ directory: deps.directory, customersBase: deps.customersBase, now: caller.now });
  } catch (error) {
    // A replay is answered from the store even while the directory cannot be reached.
    const stored = await findStoredResult(deps.db, caller.actor.agent.id, mutation.id);
    if (stored) return stored;
    throw error;
  }
  if (unprepared) return refuse(unprepared);
  return applyOnce(deps, caller, { ...mutation, name }, parsed.mutation);
}

type Refused = Rejection | Conflict;

/** Thrown inside a mutation's transaction to roll all of it back. */
class NotApplied extends Error {
  /** Null: a result for this mutation was stored before. */
  constructor(readonly outcome: Refused | null) {
    super('the mutation did not apply');
  }
}

/**
 * One mutation in its transaction: nothing of it stays unless it applied, and its result is
 * stored with it. The result's INSERT is what makes it exactly once: a result stored before
 * for the same (agent, mutation id) — a replay, or the same mutation sent twice at once, whose
 * INSERT waits for the first one's commit — rolls this run back and is answered instead.
 * A mutation that does not apply rolls back whatever its handler wrote and its refusal is
 * stored on its own (a concurrent run that applied meanwhile wins, and both answer alike).
 */
async function applyOnce(deps: MutationDependencies, caller: Caller, mutation: EnvelopeMutation & { name: MutationName }, valid: ValidMutation): Promise<Decided> {
  const agentId = caller.actor.agent.id;
  let outcome: Refused;
  try {
    return await deps.db.transaction(async (tx) => {
      // Shared with every mutation, exclusive while the queue list is applied (queueConfigLockKey).
      await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [queueConfigLockKey]);
      const ctx: MutationContext = { tx, name: mutation.name, actor: caller.actor, now: caller.now, baseVersion: mutation.baseVersion };
      let applied: Outcome;
      try {
        applied = await valid.apply(ctx);
      } catch (error) {
        // Two creators racing with one client id lose on the primary key, not on a check.
        if (!isUniqueViolation(error)) throw error;
        throw new NotApplied(reject('already-exists', 'an id of this mutation exists already'));
      }
      if (applied.status !== 'applied') throw new NotApplied(applied);
      const result: StoredResult = { id: mutation.id, status: 'applied', version: applied.version };
      const changeId = await storeAppliedResult(tx, { agentId, clientId: caller.clientId, result, storedAt: caller.now }, applied.changes);
      if (changeId === null) throw new NotApplied(null);
      return { result, changeId, seq: null };
    });
  } catch (error) {
    if (!(error instanceof NotApplied)) throw error;
    if (error.outcome === null) return storedResultOf(deps, agentId, mutation.id);
    outcome = error.outcome;
  }
  return storeRefused(deps, caller, mutation, outcome);
}

/** Stores a result that did not apply (with an audit row for a denial, in one transaction); answers the one that counts. */
async function storeRefused(deps: MutationDependencies, caller: Caller, mutation: EnvelopeMutation, outcome: Refused): Promise<Decided> {
  const agentId = caller.actor.agent.id;
  const result: StoredResult = { id: mutation.id, ...outcome };
  const entry = { agentId, clientId: caller.clientId, result, storedAt: caller.now };
  let stored: boolean;
  if (outcome.status === 'rejected' && outcome.reason === 'permission-denied') {
    stored = await deps.db.transaction(async (tx) => {
      const inserted = await storeRefusal(tx, entry);
      if (inserted) {
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
      return inserted;
    });
  } else {
    stored = await storeRefusal(deps.db, entry);
  }
  return stored ? { result, changeId: null, seq: null } : storedResultOf(deps, agentId, mutation.id);
}

async function storedResultOf(deps: MutationDependencies, agentId: string, mutationId: string): Promise<Decided> {
  const stored = await findStoredResult(deps.db, agentId, mutationId);
  if (!stored) throw new Error(`mutation result ${mutationId} vanished`);
  return stored;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * Fills in the sequence number of every applied mutation from its last change row: one
 * stamping round of this instance's sequencer for the whole batch (the changes committed, so
 * it numbers them); rows another instance numbered are read, and if some are still without a
 * number (the round failed), this stamps directly.
 */
async function withSequenceNumbers(deps: MutationDependencies, decided: readonly Decided[]): Promise<MutationResult[]> {
  const missing = [...new Set(decided.flatMap((entry) => (needsSeq(entry) && entry.changeId !== null ? [entry.changeId] : [])))];
  let seqs: ReadonlyMap<string, number> = new Map();
  if (missing.length > 0) {
    seqs = await deps.stampChanges();
    if (missing.some((id) => !seqs.has(id))) {
      seqs = await sequenceNumbersOf(deps.db, missing);
      if (seqs.size < missing.length) {
        await stampPendingChanges(deps.db);
        seqs = await sequenceNumbersOf(deps.db, missing);
      }
    }
  }
  return decided.map(({ result, changeId, seq }) => {
    if (!lacksSeq(result)) return result;
    const number = seq ?? (changeId === null ? undefined : seqs.get(changeId));
    if (number === undefined) throw new Error(`mutation ${result.id} applied but its change has no sequence number yet`);
    return { ...result, seq: number };
  });
}

/** An applied result whose seq has not been read yet (results stored by earlier versions may carry it). */
function needsSeq(entry: Decided): boolean {
  return lacksSeq(entry.result) && entry.seq === null;
}
