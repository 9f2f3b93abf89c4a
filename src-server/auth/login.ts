import { loginResponseSchema, type LoginFailureReason, type LoginRequest, type LoginResponse } from '../../src-shared/api/sessions.js';
import { agentSchema, type SignedInAgent } from '../../src-shared/domain/people.js';
import type { Directory } from '../../src-shared/node/directory/types.js';
import { normaliseUsername } from '../../src-shared/username.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { upsertAgent } from './agents.js';
import { recordAudit, type AuditDetail } from './audit.js';
import { checkWithDirectory } from './directory-check.js';
import { isCustomerDn } from '../../src-shared/node/directory/bases.js';
import { grantRoles } from './roles.js';
import { createSession, type SessionTimeouts } from './session-store.js';
import { admitAttempt, recordAttempt, settleAttempt, type SignInRealm } from './throttle.js';
import { hashSessionToken, newSessionToken } from './tokens.js';

export type LoginRefusal = LoginFailureReason | 'invalid-request';

export type LoginOutcome =
  | { ok: true; response: LoginResponse }
  | { ok: false; reason: LoginRefusal; message: string; retryAfterSeconds?: number };

/** Just enough of pino for a warning with its cause. */
export interface WarningLog {
  warn(details: object, message: string): void;
}

export interface LoginDependencies {
  db: Database;
  directory: Directory;
  config: Pick<ServerConfig, 'roles' | 'throttle' | 'directory'>;
  timeouts: SessionTimeouts;
  now: () => Date;
  log: WarningLog;
}

/** One message per reason, the same for an unknown user and a wrong password. */
const messages: Record<Exclude<LoginRefusal, 'too-many-attempts'>, string> = {
  'invalid-credentials': 'The user name or the password is wrong.',
  'empty-password': 'The password is empty.',
  'no-agent-role': 'This account has no Kontor agent role. Ask your team lead to add you to an agent group.',
  'password-expired': 'The password has expired. Change it in the directory, then sign in again.',
  'account-locked': 'The account is locked in the directory.',
  'account-disabled': 'The account is disabled in the directory.',
  'directory-unavailable': 'The directory cannot be reached. Try again later.',
  'invalid-request': 'username: contains characters a user name cannot have',
};

/** A user name with a control character is refused before the directory sees it (agents' and customers' sign-in alike). */
export const controlCharacter = /\p{Cc}/u;

/** PostgreSQL text cannot hold NUL; a hostile user name is recorded with its control characters spelt out. */
export function storable(username: string): string {
  return username.replace(/\p{Cc}/gu, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/**
 * A refused sign-in, an agent's or a customer's (the realm says which): the throttle's attempt
 * and the audit row in one transaction, the user name stored as `storable` makes it. An attempt
 * the throttle admitted (`attemptId`) has its pending mark settled instead of a second row.
 */
export async function recordRefusedSignIn(
  db: Database,
  refusal: { realm: SignInRealm; username: string; address: string; reason: string; at: Date; actorId: string | null; detail: AuditDetail; attemptId?: string | null },
): Promise<void> {
  const recorded = storable(refusal.username);
  await db.transaction(async (tx) => {
    if (refusal.attemptId) await settleAttempt(tx, refusal.attemptId, refusal.reason);
    else await recordAttempt(tx, { realm: refusal.realm, username: recorded, address: refusal.address, outcome: refusal.reason, at: refusal.at });
    await recordAudit(tx, { event: 'login', occurredAt: refusal.at, actorId: refusal.actorId, username: recorded, address: refusal.address, outcome: refusal.reason, detail: refusal.detail });
  });
}

/** What a throttled sign-in is told. */
export function tooManyAttemptsMessage(retryAfterSeconds: number | undefined): string {
  return `Too many failed attempts. Try again in ${String(retryAfterSeconds ?? 0)} seconds.`;
}

/** POST /api/v1/sessions as ARCHITECTURE.md "Identity and sessions" describes it. */
export async function login(deps: LoginDependencies, request: LoginRequest, address: string): Promise<LoginOutcome> {
  const username = normaliseUsername(request.username);
  // The attempt the throttle admitted, once it has: its pending mark is what a refusal settles.
  let attemptId: string | null = null;
  const refuse = async (reason: LoginRefusal, detail: AuditDetail, actorId: string | null = null, retryAfterSeconds?: number): Promise<LoginOutcome> => {
    await recordRefusedSignIn(deps.db, { realm: 'agent', username, address, reason, at: deps.now(), actorId, detail, attemptId });
    if (reason === 'too-many-attempts') return { ok: false, reason, message: tooManyAttemptsMessage(retryAfterSeconds), retryAfterSeconds };
    return { ok: false, reason, message: messages[reason] };
  };

  // Refused before the directory sees anything: an empty password would be an anonymous bind.
  if (request.password === '') return refuse('empty-password', { directory: 'not-contacted' });
  if (controlCharacter.test(username)) return refuse('invalid-request', { directory: 'not-contacted' });

  const admission = await admitAttempt(deps.db, { realm: 'agent', username, address, now: deps.now() }, deps.config.throttle);
  if (admission.throttled) return refuse('too-many-attempts', { directory: 'not-contacted' }, null, admission.retryAfterSeconds);
  attemptId = admission.attemptId;

  const { mapping } = deps.config.directory;
  const verdict = await checkWithDirectory(deps.directory, { username, password: request.password }, { base: mapping.peopleBase, isCustomer: (dn) => isCustomerDn(mapping, dn) });
  if (!verdict.ok) {
    if (verdict.error !== undefined) deps.log.warn({ err: verdict.error, reason: verdict.reason }, 'directory could not answer a login');
    const detail: AuditDetail = { directory: verdict.reach, ...(verdict.matches === undefined ? {} : { matches: verdict.matches }) };
    return refuse(verdict.reason, detail, verdict.person?.id ?? null);
  }

  const { person, groups } = verdict;
  const granted = grantRoles(groups, deps.config.roles);
  if (granted.roles.length === 0) {
    return refuse('no-agent-role', { directory: 'bound', groups: groups.map((group) => group.name) }, person.id);
  }
  const agent = agentSchema.safeParse({
    id: person.id,
    dn: person.dn,
    username: person.username,
    displayName: person.displayName,
    email: person.email,
    roles: granted.roles,
  });
  if (!agent.success) {
    deps.log.warn({ issues: agent.error.issues, dn: person.dn }, 'directory entry cannot describe an agent');
    return refuse('directory-unavailable', { directory: 'bound', unusableEntry: true }, person.id);
  }
  return startSession(deps, { agent: agent.data, permissions: granted.permissions }, { username, address, attemptId: admission.attemptId });
}

async function startSession(deps: LoginDependencies, signedIn: SignedInAgent, who: { username: string; address: string; attemptId: string }): Promise<LoginOutcome> {
  const token = newSessionToken();
  const now = deps.now();
  const { expiresAt } = await deps.db.transaction(async (tx) => {
    await upsertAgent(tx, signedIn, now);
    const expiry = await createSession(tx, { tokenHash: hashSessionToken(token), agentId: signedIn.agent.id, address: who.address, now }, deps.timeouts);
    await settleAttempt(tx, who.attemptId, 'success');
    await recordAudit(tx, {
      event: 'login',
      occurredAt: now,
      actorId: signedIn.agent.id,
      username: who.username,
      address: who.address,
      outcome: 'success',
      detail: { directory: 'bound', roles: signedIn.agent.roles },
    });
    return expiry;
  });
  const response = loginResponseSchema.parse({
    token,
    expiresAt: expiresAt.toISOString(),
    idleTimeoutSeconds: Math.round(deps.timeouts.idleMs / 1000),
    agent: signedIn.agent,
    permissions: signedIn.permissions,
  });
  return { ok: true, response };
}
