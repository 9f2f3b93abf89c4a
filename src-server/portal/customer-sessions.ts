import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { touchIntervalMs, type SessionTimeouts } from '../auth/session-store.js';
import type { Queryable } from '../db/database.js';

/** A signed-in customer as every portal request sees them: the institution decides what they read. */
export interface CustomerSession {
  tokenHash: Buffer;
  customerUserId: string;
  username: string;
  displayName: string;
  institutionId: string;
  institutionName: string;
  /** The envelope's clientId of this session's mutations. */
  clientId: string;
  expiresAt: Date;
}

/** Revoked, unknown and no-longer-valid sessions look alike to the caller. */
export type CustomerSessionLookup = { status: 'unknown' } | { status: 'expired' } | { status: 'active'; session: CustomerSession };

export async function createCustomerSession(
  db: Queryable,
  session: { tokenHash: Buffer; customerUserId: string; institutionId: string; address: string; now: Date },
  timeouts: SessionTimeouts,
): Promise<{ expiresAt: Date }> {
  const expiresAt = new Date(session.now.getTime() + timeouts.absoluteMs);
  const idleExpiresAt = new Date(Math.min(session.now.getTime() + timeouts.idleMs, expiresAt.getTime()));
  await db.query(
    `INSERT INTO customer_sessions (token_hash, customer_user_id, institution_id, client_id, address, created_at, last_seen_at, idle_expires_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)`,
    [session.tokenHash, session.customerUserId, session.institutionId, randomUUID(), session.address, session.now, idleExpiresAt, expiresAt],
  );
  return { expiresAt };
}

const sessionRowSchema = z.object({
  customer_user_id: z.string(),
  institution_id: z.string(),
  client_id: z.string(),
  last_seen_at: z.coerce.date(),
  idle_expires_at: z.coerce.date(),
  expires_at: z.coerce.date(),
  revoked_at: z.coerce.date().nullable(),
  username: z.string(),
  display_name: z.string(),
  customer_valid: z.boolean(),
  customer_institution_id: z.string().nullable(),
  institution_name: z.string(),
});

/**
 * The session of a cookie's token, its idle expiry moved forward (at most one write per
 * `touchIntervalMs`). A customer user the directory sync no longer lists as valid, or lists in
 * another institution, has no session any more: they sign in again, for the institution they
 * belong to now.
 */
export async function useCustomerSession(db: Queryable, tokenHash: Buffer, now: Date, timeouts: SessionTimeouts): Promise<CustomerSessionLookup> {
  const result = await db.query(
    `SELECT s.customer_user_id, s.institution_id, s.client_id, s.last_seen_at, s.idle_expires_at, s.expires_at, s.revoked_at,
            cu.username, cu.display_name, cu.valid AS customer_valid, cu.institution_id AS customer_institution_id, i.name AS institution_name
     FROM customer_sessions s
     JOIN customer_users cu ON cu.id = s.customer_user_id
     JOIN institutions i ON i.id = s.institution_id
     WHERE s.token_hash = $1`,
    [tokenHash],
  );
  if (!result.rows[0]) return { status: 'unknown' };
  const row = sessionRowSchema.parse(result.rows[0]);
  if (row.revoked_at !== null || !row.customer_valid || row.customer_institution_id !== row.institution_id) return { status: 'unknown' };
  if (now >= row.expires_at || now >= row.idle_expires_at) return { status: 'expired' };
  if (now.getTime() - row.last_seen_at.getTime() >= touchIntervalMs(timeouts)) {
    const idleExpiresAt = new Date(Math.min(now.getTime() + timeouts.idleMs, row.expires_at.getTime()));
    // Never move expiry backwards if another instance touched the row a moment later.
    await db.query(
      `UPDATE customer_sessions SET last_seen_at = GREATEST(last_seen_at, $2), idle_expires_at = GREATEST(idle_expires_at, $3)
       WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash, now, idleExpiresAt],
    );
  }
  return {
    status: 'active',
    session: {
      tokenHash,
      customerUserId: row.customer_user_id,
      username: row.username,
      displayName: row.display_name,
      institutionId: row.institution_id,
      institutionName: row.institution_name,
      clientId: row.client_id,
      expiresAt: row.expires_at,
    },
  };
}

export async function revokeCustomerSession(db: Queryable, tokenHash: Buffer, now: Date): Promise<void> {
  await db.query('UPDATE customer_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now]);
}
