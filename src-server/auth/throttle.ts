import type { Queryable } from '../db/database.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMinutes: number;
}

export interface ThrottleConfig {
  perUsername: ThrottleRule;
  perAddress: ThrottleRule;
}

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
  attempt: { username: string; address: string; now: Date },
  config: ThrottleConfig,
): Promise<ThrottleVerdict> {
  // A success resets the count for the user name (the owner knows the password), never for the
  // address (an attacker could reset it with an account of their own).
  const byUsername = await blockingFailure(
    db,
    `username = $1 AND attempted_at > COALESCE(
       (SELECT max(attempted_at) FROM login_attempts WHERE username = $1 AND outcome = 'success' AND attempted_at <= $3),
       '-infinity'::timestamptz)`,
    attempt.username,
    attempt.now,
    config.perUsername,
  );
  const byAddress = await blockingFailure(db, 'address = $1', attempt.address, attempt.now, config.perAddress);
  const waits = [byUsername, byAddress].filter((wait): wait is number => wait !== null);
  return waits.length === 0 ? { throttled: false } : { throttled: true, retryAfterSeconds: Math.max(...waits) };
}

/**
 * Seconds until the rule lets the next attempt through, or null if it does now. The
 * maxFailures-th newest failure in the window is the one whose ageing out frees a slot.
 */
async function blockingFailure(db: Queryable, scope: string, key: string, now: Date, rule: ThrottleRule): Promise<number | null> {
  const windowMs = rule.windowMinutes * 60_000;
  const result = await db.query<{ attempted_at: Date }>(
    `SELECT attempted_at FROM login_attempts
     WHERE ${scope} AND outcome = $4 AND attempted_at > $2 AND attempted_at <= $3
     ORDER BY attempted_at DESC OFFSET $5 LIMIT 1`,
    [key, new Date(now.getTime() - windowMs), now, throttledOutcome, rule.maxFailures - 1],
  );
  const blocking = result.rows[0];
  if (!blocking) return null;
  return Math.max(1, Math.ceil((new Date(blocking.attempted_at).getTime() + windowMs - now.getTime()) / 1000));
}

export async function recordAttempt(
  db: Queryable,
  attempt: { username: string; address: string; outcome: string; at: Date },
): Promise<void> {
  await db.query('INSERT INTO login_attempts (username, address, outcome, attempted_at) VALUES ($1, $2, $3, $4)', [
    attempt.username,
    attempt.address,
    attempt.outcome,
    attempt.at,
  ]);
}
