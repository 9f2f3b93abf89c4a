import { z } from 'zod';
import type { PortalSignInFailureReason, PortalSignInRequest } from '../../src-shared/portal/api.js';
import type { Directory } from '../../src-shared/node/directory/types.js';
import { normaliseUsername } from '../../src-shared/username.js';
import { recordAudit, type AuditDetail } from '../auth/audit.js';
import { controlCharacter, recordRefusedSignIn, tooManyAttemptsMessage, type WarningLog } from '../auth/login.js';
import type { SessionTimeouts } from '../auth/session-store.js';
import { admitAttempt, settleAttempt } from '../auth/throttle.js';
import { hashSessionToken, newSessionToken } from '../auth/tokens.js';
import type { ServerConfig } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { createCustomerSession, revokeCustomerSession } from './customer-sessions.js';
import { checkCustomerWithDirectory } from './customer-directory-check.js';

export type SignInRefusal = PortalSignInFailureReason | 'invalid-request';

export type SignInOutcome =
  | { ok: true; token: string; customerUserId: string; expiresAt: Date }
  | { ok: false; reason: SignInRefusal; message: string; retryAfterSeconds?: number };

export interface SignInDependencies {
  db: Database;
  directory: Directory;
  config: Pick<ServerConfig, 'throttle' | 'directory'>;
  timeouts: SessionTimeouts;
  now: () => Date;
  log: WarningLog;
}

/** One message per reason, the same for an unknown user and a wrong password. The portal shows its own words per reason. */
const messages: Record<Exclude<SignInRefusal, 'too-many-attempts'>, string> = {
  'invalid-credentials': 'The user name or the password is wrong.',
  'empty-password': 'The password is empty.',
  'not-a-customer': 'This account is not a customer account of a client institution. Agents work in Kontor Desk.',
  'customer-not-known-yet': 'The service portal does not know this account yet. Try again later or call the service desk.',
  'password-expired': 'The password has expired. Change it, then sign in again.',
  'account-locked': 'The account is locked.',
  'account-disabled': 'The account is disabled.',
  'directory-unavailable': 'The sign-in service cannot be reached. Try again later.',
  'invalid-request': 'username: contains characters a user name cannot have',
};

const standingSchema = z.object({ valid: z.boolean(), institution_id: z.string().nullable() });

/** Where a sign-in request came from: the client's address and the session token its cookie still carried, if any. */
export interface SignInOrigin {
  address: string;
  previousTokenHash: Buffer | null;
}

/**
 * A customer's sign-in (docs/portal.md): the agents' rules throughout, from the same throttle
 * table (in the customers' realm: a user name's failures here do not lock an agent out of the
 * Desk, an address's count everywhere) and into the same audit log (`detail.actor: customer`).
 * The directory decides who the person is; Kontor's copy of the directory (the scheduled sync)
 * must list them, valid, in the same institution, because every mutation of theirs is checked
 * against that copy. A success revokes the session the browser's cookie still named.
 */
export async function signInCustomer(deps: SignInDependencies, request: PortalSignInRequest, origin: SignInOrigin): Promise<SignInOutcome> {
  const username = normaliseUsername(request.username);
  const { address } = origin;
  // The attempt the throttle admitted, once it has: its pending mark is what a refusal settles.
  let attemptId: string | null = null;
  const refuse = async (reason: SignInRefusal, detail: AuditDetail, actorId: string | null = null, retryAfterSeconds?: number): Promise<SignInOutcome> => {
    await recordRefusedSignIn(deps.db, { realm: 'customer', username, address, reason, at: deps.now(), actorId, detail: { actor: 'customer', ...detail }, attemptId });
    if (reason === 'too-many-attempts') return { ok: false, reason, message: tooManyAttemptsMessage(retryAfterSeconds), retryAfterSeconds };
    return { ok: false, reason, message: messages[reason] };
  };

  if (request.password === '') return refuse('empty-password', { directory: 'not-contacted' });
  if (controlCharacter.test(username)) return refuse('invalid-request', { directory: 'not-contacted' });

  const admission = await admitAttempt(deps.db, { realm: 'customer', username, address, now: deps.now() }, deps.config.throttle);
  if (admission.throttled) return refuse('too-many-attempts', { directory: 'not-contacted' }, null, admission.retryAfterSeconds);
  attemptId = admission.attemptId;

  const verdict = await checkCustomerWithDirectory(deps.directory, deps.config.directory.mapping, { username, password: request.password });
  if (!verdict.ok) {
    if (verdict.error !== undefined) deps.log.warn({ err: verdict.error, reason: verdict.reason }, 'directory could not answer a customer sign-in');
    const detail: AuditDetail = { directory: verdict.reach, ...(verdict.matches === undefined ? {} : { matches: verdict.matches }) };
    return refuse(verdict.reason, detail, verdict.person?.id ?? null);
  }
  const { person } = verdict;
  if (person.institution === null) return refuse('not-a-customer', { directory: 'bound', institution: 'none' }, person.id);

  const standingRow = (await deps.db.query('SELECT valid, institution_id FROM customer_users WHERE id = $1', [person.id])).rows[0];
  const standing = standingRow === undefined ? null : standingSchema.parse(standingRow);
  if (standing?.valid !== true || standing.institution_id !== person.institution.id) {
    return refuse('customer-not-known-yet', { directory: 'bound', stored: standing === null ? 'absent' : standing.valid ? 'other-institution' : 'invalid' }, person.id);
  }
  return startSession(deps, { customerUserId: person.id, institutionId: person.institution.id }, { username, attemptId: admission.attemptId, ...origin });
}

async function startSession(deps: SignInDependencies, customer: { customerUserId: string; institutionId: string }, who: { username: string; attemptId: string } & SignInOrigin): Promise<SignInOutcome> {
  const token = newSessionToken();
  const now = deps.now();
  const { expiresAt } = await deps.db.transaction(async (tx) => {
    await revokePreviousSession(tx, who, now);
    const expiry = await createCustomerSession(tx, { tokenHash: hashSessionToken(token), ...customer, address: who.address, now }, deps.timeouts);
    await settleAttempt(tx, who.attemptId, 'success');
    await recordAudit(tx, {
      event: 'login',
      occurredAt: now,
      actorId: customer.customerUserId,
      username: who.username,
      address: who.address,
      outcome: 'success',
      detail: { actor: 'customer', directory: 'bound', institution: customer.institutionId },
    });
    return expiry;
  });
  return { ok: true, token, customerUserId: customer.customerUserId, expiresAt };
}

/**
 * One browser, one live session: the session its cookie still named ends with the new one's
 * start, whoever's it was, so that a cookie planted in the browser before the sign-in (session
 * fixation) or left from a colleague's sign-in is worthless afterwards.
 */
async function revokePreviousSession(tx: Queryable, origin: SignInOrigin, now: Date): Promise<void> {
  if (origin.previousTokenHash === null) return;
  const previous = await revokeCustomerSession(tx, origin.previousTokenHash, now);
  if (previous === null) return;
  await recordAudit(tx, {
    event: 'session-revoked',
    occurredAt: now,
    actorId: previous.customerUserId,
    username: previous.username,
    address: origin.address,
    outcome: 'signed-in-again',
    detail: { actor: 'customer' },
  });
}
