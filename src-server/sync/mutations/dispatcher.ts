import type { SignedInAgent } from '../../../src-shared/domain/people.js';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import { isMutationName, mutationRules, writtenFields, type MutationName } from '../../../src-shared/sync/mutations.js';
import { mutationEnvelopeSchema, type MutationEnvelope, type MutationResult } from '../../../src-shared/sync/protocol.js';
import type { Database, Queryable } from '../../db/database.js';
import { queueConfigLockKey } from '../../domain/queues.js';
import { recordAudit } from '../../auth/audit.js';
import { queueCustomerMails } from '../../mail/notifications.js';
import type { MailSettings } from '../../mail/settings.js';
import { stampPendingChanges, type Stamped } from '../sequencer.js';
import { storedResultKeyOf, type CustomerActor, type CustomerPolicy, type MutationActor, type UnknownSenderActor } from './actor.js';
import { unknownSenderMutationProblem, unknownSenderTicketProblem } from './customer-rules.js';
import { customerStanding } from './customer-standing.js';
import { mutationHandlers } from './handlers/index.js';
import { idTakenByViolation } from './id-clash.js';
import { reject, type Conflict, type MutationContext, type Outcome, type Rejection } from './outcome.js';
import { findStoredResult, findStoredResults, lacksSeq, sequenceNumbersOf, storeAppliedResult, storeRefusal, type Decided, type StoredResult } from './stored-results.js';
import { agentsOnly, type ValidMutation } from './define.js';

export interface MutationDependencies {
  db: Database;
  /** The service-account directory: customer users of phone tickets. */
  directory: Directory;
  customersBase: string;
  /** Stamps committed changes now (this instance's sequencer); resolves with what that round numbered. */
  stampChanges(): Promise<Stamped>;
  /** How customer mails are rendered (the configuration's `mail`, `mailSettingsFrom`). */
  mail: MailSettings;
  /** What customers may do themselves (the configuration's `customers`). */
  customers: CustomerPolicy;
}

type EnvelopeMutation = MutationEnvelope['mutations'][number];

interface Caller {
  actor: MutationActor;
  /** Whose stored results these are (`storedResultKeyOf`): an agent's id, or `customer:` and the customer user's. */
  resultKey: string;
  clientId: string;
  now: Date;
  mail: MailSettings;
  customers: CustomerPolicy;
}

/** How many mutations share one transaction: each writes in a subtransaction, and PostgreSQL caches 64 per backend. */
const mutationsPerTransaction = 32;
/** A batch transaction that deadlocked (two batches locking the same rows in opposite order) is run again this often. */
const deadlockRetries = 3;

/**
 * Applies a batch in order, each mutation exactly once per (agent, mutation id). Arguments are
 * checked and outside work (attachments, the directory) done first, without a transaction;
 * then the mutations run in one transaction (up to `mutationsPerTransaction` at a time), each
 * behind a SAVEPOINT: a mutation that does not apply rolls back to it, so nothing of it stays,
 * and its refusal is stored instead. A result is stored only if none was stored before for that
 * id; otherwise the stored result is answered unchanged. A mutation that did not apply holds
 * back the later mutations of the same ticket (`held-back`, not stored: they may be sent
 * again). The changes of the whole batch are numbered in one stamping round after the commit.
 */
export async function applyMutationBatch(deps: MutationDependencies, signedIn: SignedInAgent, envelope: MutationEnvelope, now: Date): Promise<MutationResult[]> {
  return applyAs(deps, { kind: 'agent', ...signedIn }, envelope, now);
}

/**
 * Applies a batch as a customer user (the portal, an inbound e-mail), exactly as an agent's
 * (`applyMutationBatch`) but through the customer's rules (docs/customer-actions.md): only
 * `ticket.create`, `ticket.addArticle` and `ticket.setState` to close, on the tickets of their
 * own institution; exactly once per (customer user, mutation id), apart from every agent's ids.
 * A customer user the directory sync no longer lists as valid in that institution has every
 * mutation refused (`permission-denied`). `envelope.clientId` names where it came from (the
 * portal session, the inbound message).
 */
export async function applyCustomerMutations(deps: MutationDependencies, customer: CustomerActor, envelope: MutationEnvelope, now: Date): Promise<MutationResult[]> {
  // Built by the server's own code, yet checked as the route checks a Desk's: ids, names, batch size.
  const checked = mutationEnvelopeSchema.parse(envelope);
  const refusal = await customerStanding(deps.db, customer);
  if (refusal !== null) return refuseUnlistedCustomer(deps, customer, checked, now, refusal);
  return applyAs(deps, customer, checked, now);
}

/**
 * Applies mail-in's mutation for a mail from an address no customer user has (docs/mail-in.md):
 * as a customer's, exactly once per (sender address, mutation id), but the only mutation that
 * applies is a ticket without customer user in the actor's queue (customer-rules.ts). There is
 * no customer user whose standing could be checked.
 */
export async function applyUnknownSenderMutations(deps: MutationDependencies, sender: UnknownSenderActor, envelope: MutationEnvelope, now: Date): Promise<MutationResult[]> {
  return applyAs(deps, sender, mutationEnvelopeSchema.parse(envelope), now);
}

/**
 * A customer the directory does not list (so) is refused as an agent without a session is: not
 * stored, since it says nothing about the mutations, which apply once the directory agrees.
 * Results stored before are answered as they are; the refusal is audited once for the batch.
 */
async function refuseUnlistedCustomer(deps: MutationDependencies, customer: CustomerActor, envelope: MutationEnvelope, now: Date, refusal: Rejection): Promise<MutationResult[]> {
  const key = storedResultKeyOf(customer);
  const stored = await findStoredResults(deps.db, key, envelope.mutations.map((mutation) => mutation.id));
  const decided = envelope.mutations.map((mutation): Decided => stored.get(mutation.id.toLowerCase()) ?? { result: { id: mutation.id, ...refusal }, changeId: null, seq: null });
  await recordAudit(deps.db, {
    event: 'mutation-denied',
    occurredAt: now,
    actorId: key,
    username: null,
    address: null,
    outcome: refusal.reason,
    detail: { reason: 'customer-not-listed', institutionId: customer.institutionId, via: customer.via, mutations: envelope.mutations.length },
  });
  return withSequenceNumbers(deps, decided);
}

async function applyAs(deps: MutationDependencies, actor: MutationActor, envelope: MutationEnvelope, now: Date): Promise<MutationResult[]> {
  const caller: Caller = { actor, resultKey: storedResultKeyOf(actor), clientId: envelope.clientId, now, mail: deps.mail, customers: deps.customers };
  const prepared: Prepared[] = [];
  for (const mutation of envelope.mutations) prepared.push(await prepare(deps, caller, mutation));
  const heldBack = new Set<string>();
  const decided: Decided[] = [];
  for (const part of transactionParts(prepared)) decided.push(...(await applyInOneTransaction(deps, caller, part, heldBack)));
  return withSequenceNumbers(deps, decided);
}

/**
 * Splits a batch into the parts that share a transaction: at most `mutationsPerTransaction`,
 * and a part ends after a ticket creation, because the day's ticket-number counter row stays
 * locked from the number until commit and every other creator waits for it.
 */
function transactionParts(prepared: readonly Prepared[]): Prepared[][] {
  const parts: Prepared[][] = [];
  let part: Prepared[] = [];
  for (const entry of prepared) {
    part.push(entry);
    if (part.length === mutationsPerTransaction || (entry.kind === 'ready' && entry.mutation.name === 'ticket.create')) {
      parts.push(part);
      part = [];
    }
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/** A mutation after the checks and the work outside the transaction, in envelope order. */
type Prepared =
  | { kind: 'refused'; mutation: EnvelopeMutation; refusal: Rejection }
  | { kind: 'unavailable'; mutation: EnvelopeMutation; error: unknown }
  | { kind: 'ready'; mutation: EnvelopeMutation & { name: MutationName }; valid: ValidMutation };

async function prepare(deps: MutationDependencies, caller: Caller, mutation: EnvelopeMutation): Promise<Prepared> {
  const refused = (refusal: Rejection): Prepared => ({ kind: 'refused', mutation, refusal });
  const { name } = mutation;
  if (!isMutationName(name)) return refused(reject('unknown-mutation', `name: there is no mutation "${name}"`));
  const handler = mutationHandlers[name];
  const { actor } = caller;
  // Before the arguments are looked at: a customer (or an unknown sender) learns nothing from a mutation that is not theirs.
  if (actor.kind === 'customer' && !handler.forCustomers) return refused(agentsOnly(name));
  const notForSender = actor.kind === 'unknown-sender' ? unknownSenderMutationProblem(name) : null;
  if (notForSender) return refused(notForSender);
  const parsed = handler.parse(mutation.args);
  if (!parsed.ok) return refused(reject('invalid-args', parsed.message));
  // The handler checks an unknown sender as the agent it is not; what it may send is checked here.
  const senderProblem = actor.kind === 'unknown-sender' ? unknownSenderTicketProblem(actor, mutation.args) : null;
  if (senderProblem) return refused(senderProblem);
  if (writtenFields[name].length > 0 && mutation.baseVersion === null) {
    return refused(reject('invalid-args', `baseVersion: required for ${name}, which writes ${writtenFields[name].join(', ')}`));
  }
  try {
    const unprepared = await parsed.mutation.prepare({ directory: deps.directory, customersBase: deps.customersBase, now: caller.now, actor: caller.actor });
    if (unprepared) return refused(unprepared);
  } catch (error) {
    // Decided in the transaction: a replay is answered from the store even while the directory cannot be reached.
    return { kind: 'unavailable', mutation, error };
  }
  return { kind: 'ready', mutation: { ...mutation, name }, valid: parsed.mutation };
}

/**
 * Runs prepared mutations in one transaction, BEGIN and the shared queue-list lock in one round
 * trip. A deadlock rolls all of them back and runs them again: nothing of the attempt stays,
 * and the held-back tickets are taken from before it.
 */
async function applyInOneTransaction(deps: MutationDependencies, caller: Caller, part: readonly Prepared[], heldBack: Set<string>): Promise<Decided[]> {
  for (let attempt = 0; ; attempt += 1) {
    const held = new Set(heldBack);
    try {
      const decided = await deps.db.transaction(
        async (tx) => {
          const results: Decided[] = [];
          // The first mutation's savepoint comes with BEGIN; later ones take their own.
          for (const [index, entry] of part.entries()) results.push(await decideInTransaction(tx, caller, entry, held, index === 0));
          return results;
        },
        // The lock is shared with every mutation, exclusive while the queue list is applied (queueConfigLockKey).
        { opening: `SELECT pg_advisory_xact_lock_shared(${String(queueConfigLockKey)}); SAVEPOINT mutation` },
      );
      for (const subject of held) heldBack.add(subject);
      return decided;
    } catch (error) {
      if (!isDeadlock(error) || attempt >= deadlockRetries) throw error;
    }
  }
}

async function decideInTransaction(tx: Queryable, caller: Caller, entry: Prepared, heldBack: Set<string>, savepointTaken: boolean): Promise<Decided> {
  const { mutation } = entry;
  const key = caller.resultKey;
  const subject = subjectOf(mutation.name, mutation.args);
  let result: Decided | null = null;
  if (subject !== null && heldBack.has(subject.key)) {
    // A stored result is answered even behind a mutation that did not apply (rare: a replay).
    result = await findStoredResult(tx, key, mutation.id);
    if (result === null) return { result: heldBackResult(mutation.id, subject), changeId: null, seq: null };
  }
  result ??= await decide(tx, caller, entry, savepointTaken);
  if (result.result.status !== 'applied' && subject !== null) heldBack.add(subject.key);
  return result;
}

/**
 * The entity a mutation is about (`mutationRules[name].subject`), read from the arguments before
 * validation, so that invalid ones hold back too; null for an unknown name or a missing id.
 */
function subjectOf(name: string, args: unknown): { key: string; entity: string; id: string } | null {
  if (!isMutationName(name) || typeof args !== 'object' || args === null) return null;
  const { entity, arg } = mutationRules[name].subject;
  const id: unknown = (args as Record<string, unknown>)[arg];
  return typeof id === 'string' ? { key: `${entity}:${id.toLowerCase()}`, entity, id: id.toLowerCase() } : null;
}

function heldBackResult(id: string, subject: { entity: string; id: string }): MutationResult {
  return { id, status: 'rejected', reason: 'held-back', message: `an earlier mutation of ${subject.entity} ${subject.id} in this batch did not apply` };
}

async function decide(tx: Queryable, caller: Caller, entry: Prepared, savepointTaken: boolean): Promise<Decided> {
  switch (entry.kind) {
    case 'refused':
      return storeRefused(tx, caller, entry.mutation, entry.refusal);
    case 'unavailable': {
      const stored = await findStoredResult(tx, caller.resultKey, entry.mutation.id);
      if (stored) return stored;
      throw entry.error;
    }
    case 'ready':
      return applyOnce(tx, caller, entry.mutation, entry.valid, savepointTaken);
  }
}

type Refused = Rejection | Conflict;

/**
 * One mutation behind its savepoint: nothing of it stays unless it applied, and its result is
 * stored with it, and so are the customer mails it causes (the mail outbox, docs/mail.md): a
 * replay or a mutation that did not apply queues none, a rolled-back transaction none either. The result's INSERT is what makes it exactly once: a result stored before
 * for the same (actor, mutation id) — a replay, or the same mutation sent twice at once, whose
 * INSERT waits for the other transaction's commit — rolls this one back to the savepoint and is
 * answered instead. A mutation that does not apply rolls back whatever its handler wrote and its
 * refusal is stored (a concurrent run that applied meanwhile wins, and both answer alike).
 */
async function applyOnce(tx: Queryable, caller: Caller, mutation: EnvelopeMutation & { name: MutationName }, valid: ValidMutation, savepointTaken: boolean): Promise<Decided> {
  const key = caller.resultKey;
  // Savepoints are not released: the next one nests inside, and COMMIT keeps them all (saves a round trip each).
  if (!savepointTaken) await tx.query('SAVEPOINT mutation');
  const ctx: MutationContext<MutationActor> = { tx, name: mutation.name, actor: caller.actor, customers: caller.customers, now: caller.now, baseVersion: mutation.baseVersion };
  let outcome: Outcome;
  try {
    outcome = await valid.apply(ctx);
  } catch (error) {
    // Two creators racing with one client id lose on the primary key, not on a check.
    if (!isUniqueViolation(error)) throw error;
    outcome = idTakenByViolation(error);
  }
  if (outcome.status === 'applied') {
    const result: StoredResult = { id: mutation.id, status: 'applied', version: outcome.version };
    const changeId = await storeAppliedResult(tx, { actorKey: key, clientId: caller.clientId, result, storedAt: caller.now }, outcome.changes);
    if (changeId !== null) {
      await queueCustomerMails(tx, caller.mail, outcome.changes, caller.now, outcome.recipients ?? null);
      return { result, changeId, seq: null };
    }
    await tx.query('ROLLBACK TO SAVEPOINT mutation');
    return storedResultOf(tx, key, mutation.id);
  }
  await tx.query('ROLLBACK TO SAVEPOINT mutation');
  return storeRefused(tx, caller, mutation, outcome);
}

/** Stores a result that did not apply (with an audit row for a denial); answers the one that counts. */
async function storeRefused(tx: Queryable, caller: Caller, mutation: EnvelopeMutation, outcome: Refused): Promise<Decided> {
  const key = caller.resultKey;
  const result: StoredResult = { id: mutation.id, ...outcome };
  const stored = await storeRefusal(tx, { actorKey: key, clientId: caller.clientId, result, storedAt: caller.now });
  if (stored && outcome.status === 'rejected' && outcome.reason === 'permission-denied') {
    await recordAudit(tx, {
      event: 'mutation-denied',
      occurredAt: caller.now,
      actorId: key,
      username: caller.actor.kind === 'agent' ? caller.actor.agent.username : null,
      address: null,
      outcome: outcome.reason,
      detail: { mutation: mutation.name, mutationId: mutation.id, ...auditedVia(caller.actor) },
    });
  }
  return stored ? { result, changeId: null, seq: null } : storedResultOf(tx, key, mutation.id);
}

/** How a customer or an unknown sender came, for the audit row of a denial; nothing for an agent. */
function auditedVia(actor: MutationActor): Record<string, string> {
  switch (actor.kind) {
    case 'agent':
      return {};
    case 'customer':
      return { via: actor.via };
    case 'unknown-sender':
      return { via: actor.via, from: actor.address };
  }
}

async function storedResultOf(tx: Queryable, key: string, mutationId: string): Promise<Decided> {
  const stored = await findStoredResult(tx, key, mutationId);
  if (!stored) throw new Error(`mutation result ${mutationId} vanished`);
  return stored;
}

function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '40P01';
}

function isUniqueViolation(error: unknown): error is { code: string; table?: unknown; constraint?: unknown } {
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
