import type { Queryable, SqlValue } from '../db/database.js';

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
 * Decides from the shared database, so that every server instance behind a load balancer
 * sees the same counts. Two concurrent attempts may both pass at the limit; that costs at most
 * one extra guess per instance and needs no lock.
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
     WHERE ${scope} AND outcome = $3 AND attempted_at > $1 AND attempted_at <= $2
     ORDER BY attempted_at DESC OFFSET $4 LIMIT 1`,
    [new Date(now.getTime() - windowMs), now, throttledOutcome, rule.maxFailures - 1, ...keys],
  );
  const blocking = result.rows[0];
  if (!blocking) return null;
  return Math.max(1, Math.ceil((new Date(blocking.attempted_at).getTime() + windowMs - now.getTime()) / 1000));
}

export async function recordAttempt(
  db: Queryable,
  attempt: { realm: SignInRealm; username: string; address: string; outcome: string; at: Date },
): Promise<void> {
  await db.query('INSERT INTO login_attempts (realm, username, address, outcome, attempted_at) VALUES ($1, $2, $3, $4, $5)', [
    attempt.realm,
    attempt.username,
    attempt.address,
    attempt.outcome,
    attempt.at,
  ]);
}
