import { z } from 'zod';
import type { ServerConfig } from '../config.js';
import type { Queryable } from '../db/database.js';
import { PortalHttpError } from './portal-errors.js';

/**
 * How much one signed-in customer may ask of the server (docs/portal.md, "Request limits"): a
 * write (a new ticket, a follow-up, a close) runs a mutation with its mails and feed rows, a
 * search reads the articles of the institution's tickets. Both are counted per customer user per
 * minute in PostgreSQL, so that every server instance shares the count (ARCHITECTURE.md: no
 * per-client state in memory).
 */
export type PortalRequestKind = 'write' | 'search';

export type RequestVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const windowMs = 60_000;

const countRowSchema = z.object({ requests: z.number().int(), window_start: z.coerce.date() });

/**
 * Counts one request in the current minute and says whether it is within the limit. One row per
 * customer user and kind holds the current minute's count; the upsert is atomic, so concurrent
 * requests on several instances never both take the last slot. Refused requests count too: the
 * count starts afresh with the next minute whatever happened in this one, so they cannot lock a
 * customer out for longer, and a client that keeps hammering learns nothing from it. An instance
 * whose clock lags counts into the newer minute another instance already started.
 */
export async function countCustomerRequest(db: Queryable, request: { customerUserId: string; kind: PortalRequestKind; now: Date }, perMinute: number): Promise<RequestVerdict> {
  const windowStart = new Date(Math.floor(request.now.getTime() / windowMs) * windowMs);
  const result = await db.query(
    `INSERT INTO portal_request_counts AS c (customer_user_id, kind, window_start, requests) VALUES ($1, $2, $3, 1)
     ON CONFLICT (customer_user_id, kind) DO UPDATE SET
       requests = CASE WHEN EXCLUDED.window_start > c.window_start THEN 1 ELSE c.requests + 1 END,
       window_start = GREATEST(c.window_start, EXCLUDED.window_start)
     RETURNING requests, window_start`,
    [request.customerUserId, request.kind, windowStart],
  );
  const row = countRowSchema.parse(result.rows[0]);
  if (row.requests <= perMinute) return { allowed: true };
  const waitMs = row.window_start.getTime() + windowMs - request.now.getTime();
  return { allowed: false, retryAfterSeconds: Math.min(windowMs / 1000, Math.max(1, Math.ceil(waitMs / 1000))) };
}

const refusals: Record<PortalRequestKind, string> = {
  write: 'Too many requests sent in one minute.',
  search: 'Too many searches in one minute.',
};

/** A check for the portal's routes: throws the 429 answer (with Retry-After) when the customer is over the configured limit. */
export function requestLimiter(
  db: Queryable,
  limits: ServerConfig['customers']['rateLimits'],
  now: () => Date,
): (customerUserId: string, kind: PortalRequestKind) => Promise<void> {
  const perMinute: Record<PortalRequestKind, number> = { write: limits.writesPerMinute, search: limits.searchesPerMinute };
  return async (customerUserId, kind) => {
    const verdict = await countCustomerRequest(db, { customerUserId, kind, now: now() }, perMinute[kind]);
    if (verdict.allowed) return;
    throw new PortalHttpError('too-many-requests', `${refusals[kind]} Try again in ${String(verdict.retryAfterSeconds)} seconds.`, verdict.retryAfterSeconds);
  };
}
