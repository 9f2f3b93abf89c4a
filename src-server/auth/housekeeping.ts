import type { Queryable } from '../db/database.js';
import type { ThrottleConfig } from './throttle.js';

/** Sessions stay a day past their end so that support can still see them; the audit log keeps the rest. */
const sessionGraceMs = 24 * 60 * 60_000;

/**
 * Deletes throttle rows older than the longest window and sessions (agents' and customers') long over. Every instance
 * may run it; the deletes are idempotent. The audit log is never pruned here.
 */
export async function pruneAuthRecords(db: Queryable, now: Date, throttle: ThrottleConfig): Promise<void> {
  const longestWindowMs = Math.max(throttle.perUsername.windowMinutes, throttle.perAddress.windowMinutes) * 60_000;
  // A success older than the window no longer matters either: failures before it are gone too.
  await db.query('DELETE FROM login_attempts WHERE attempted_at < $1', [new Date(now.getTime() - longestWindowMs)]);
  const over = new Date(now.getTime() - sessionGraceMs);
  await db.query('DELETE FROM agent_sessions WHERE expires_at < $1 OR revoked_at < $1 OR idle_expires_at < $1', [over]);
  // The customers' portal sessions (src-server/portal) end the same way.
  await db.query('DELETE FROM customer_sessions WHERE expires_at < $1 OR revoked_at < $1 OR idle_expires_at < $1', [over]);
}
