import type { Database, Queryable, SqlValue } from '../db/database.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMinutes: number;
}

export interface ThrottleConfig {
  perUsername: ThrottleRule;
  perAddress: ThrottleRule;
}

/**
 * Who signs in: agents at the Desk (`POST /api/v1/sessions`) or customers at the portal. A user
 * name's failures count within its realm only, so that failures on the portal, which client
 * institutions reach, cannot lock an agent out of the Desk (and the Desk cannot lock out a
 * customer). An address's failures count across both: one attacker, one address.
 */
export type SignInRealm = 'agent' | 'customer';

export type ThrottleVerdict = { throttled: false } | { throttled: true; retryAfterSeconds: number };

/**
 * Only a wrong password counts against the limits. A throttled attempt does not (or an
 * attacker could keep a victim locked out for ever), nor does an empty password, a directory
 * outage, or a right password without an agent role.
 */
export const throttledOutcome = 'invalid-credentials';

/**
 * The outcome of an attempt admitted and not yet answered by the directory. It counts as a
 * failure until it is settled, so that concurrent guesses cannot pass the check together; one
 * left by a crash counts until it ages out of the window.
 */
export const pendingOutcome = 'pending';

export type Admission = { throttled: false; attemptId: string } | { throttled: true; retryAfterSeconds: number };

/**
 * Decides whether an attempt may go to the directory and, if so, records it as pending, in one
 * transaction that holds a lock on the user name (in its realm) and one on the address. Every
 * server instance decides from the shared database, one attempt after the other per name and
 * address, so a burst of concurrent guesses, on one instance or several, gets no more through
 * than the rules allow. The attempt's outcome is written with `settleAttempt`.
 */
export async function admitAttempt(db: Database, attempt: { realm: SignInRealm; username: string; address: string; now: Date }, config: ThrottleConfig): Promise<Admission> {
  return db.transaction(async (tx) => {
    // Always the user name first, then the address: two attempts never wait for each other in a circle.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`kontor-sign-in-username:${attempt.realm}:${attempt.username}`]);
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`kontor-sign-in-address:${attempt.address}`]);
    const verdict = await checkThrottle(tx, attempt, config);
    if (verdict.throttled) return verdict;
    const attemptId = await recordAttempt(tx, { ...attempt, outcome: pendingOutcome, at: attempt.now });
    return { throttled: false, attemptId };
  });
}

/** Writes the outcome of an admitted attempt over its pending mark. */
export async function settleAttempt(db: Queryable, attemptId: string, outcome: string): Promise<void> {
  await db.query('UPDATE login_attempts SET outcome = $2 WHERE id = $1::bigint', [attemptId, outcome]);
}

/**
 * Whether the rules let an attempt through now, from the shared database (every instance sees
 * the same counts); failures and attempts still pending count. Called by `admitAttempt` under
 * its locks.
 */
export async function checkThrottle(
  db: Queryable,
  attempt: { realm: SignInRealm; username: string; address: string; now: Date },
  config: ThrottleConfig,
): Promise<ThrottleVerdict> {
  // A success resets the count for the user name in its realm (the owner knows the password),
  // never for the address (an attacker could reset it with an account of their own).
  const byUsername = await blockingFailure(
    db,
    `realm = $5 AND username = $6 AND attempted_at > COALESCE(
       (SELECT max(attempted_at) FROM login_attempts WHERE realm = $5 AND username = $6 AND outcome = 'success' AND attempted_at <= $2),
       '-infinity'::timestamptz)`,
    [attempt.realm, attempt.username],
    attempt.now,
    config.perUsername,
  );
  const byAddress = await blockingFailure(db, 'address = $5', [attempt.address], attempt.now, config.perAddress);
  const waits = [byUsername, byAddress].filter((wait): wait is number => wait !== null);
  return waits.length === 0 ? { throttled: false } : { throttled: true, retryAfterSeconds: Math.max(...waits) };
}

/**
 * Seconds until the rule lets the next attempt through, or null if it does now. The
 * maxFailures-th newest failure in the window is the one whose ageing out frees a slot.
 * `scope` reads its keys as $5, $6, … and may use $2, the moment of the attempt.
 */
async function blockingFailure(db: Queryable, scope: string, keys: readonly SqlValue[], now: Date, rule: ThrottleRule): Promise<number | null> {
  const windowMs = rule.windowMinutes * 60_000;
  const result = await db.query<{ attempted_at: Date }>(
    `SELECT attempted_at FROM login_attempts
     WHERE ${scope} AND outcome = ANY($3::text[]) AND attempted_at > $1 AND attempted_at <= $2
     ORDER BY attempted_at DESC OFFSET $4 LIMIT 1`,
    [new Date(now.getTime() - windowMs), now, [throttledOutcome, pendingOutcome], rule.maxFailures - 1, ...keys],
  );
  const blocking = result.rows[0];
  if (!blocking) return null;
  return Math.max(1, Math.ceil((new Date(blocking.attempted_at).getTime() + windowMs - now.getTime()) / 1000));
}

/** Records an attempt; returns its id (for `settleAttempt` when its outcome is still to come). */
export async function recordAttempt(
  db: Queryable,
  attempt: { realm: SignInRealm; username: string; address: string; outcome: string; at: Date },
): Promise<string> {
  const inserted = await db.query<{ id: string }>(
    'INSERT INTO login_attempts (realm, username, address, outcome, attempted_at) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id',
    [attempt.realm, attempt.username, attempt.address, attempt.outcome, attempt.at],
  );
  const id = inserted.rows[0]?.id;
  if (id === undefined) throw new Error('login_attempts: the attempt was not recorded');
  return id;
}
