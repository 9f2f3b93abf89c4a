import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../auth/audit.js';
import { touchIntervalMs, type SessionTimeouts } from '../auth/session-store.js';
import type { Database, Queryable } from '../db/database.js';

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

type SessionRow = z.infer<typeof sessionRowSchema>;

/** Why a session's customer may no longer use it, or null while they may. */
function standingProblem(row: SessionRow): 'customer-invalid' | 'customer-moved' | null {
  if (!row.customer_valid) return 'customer-invalid';
  if (row.customer_institution_id !== row.institution_id) return 'customer-moved';
  return null;
}

/**
 * The session of a cookie's token, its idle expiry moved forward (at most one write per
 * `touchIntervalMs`). A customer user the directory sync no longer lists as valid, or lists in
 * another institution, has no session any more: it is revoked the moment it is found, so that it
 * stays dead should the directory list them there again (a move back, an account re-enabled).
 * They sign in again, for the institution they belong to now.
 */
export async function useCustomerSession(db: Database, tokenHash: Buffer, now: Date, timeouts: SessionTimeouts): Promise<CustomerSessionLookup> {
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
  if (row.revoked_at !== null) return { status: 'unknown' };
  const problem = standingProblem(row);
  if (problem !== null) {
    await revokeForStanding(db, tokenHash, { customerUserId: row.customer_user_id, username: row.username, institutionId: row.institution_id }, problem, now);
    return { status: 'unknown' };
  }
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

/** Revokes the session of a token; the customer user whose session it was, or null when there was none still running. */
export async function revokeCustomerSession(db: Queryable, tokenHash: Buffer, now: Date): Promise<{ customerUserId: string; username: string } | null> {
  const result = await db.query<{ customer_user_id: string; username: string }>(
    `UPDATE customer_sessions s SET revoked_at = $2 FROM customer_users cu
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND cu.id = s.customer_user_id
     RETURNING s.customer_user_id, cu.username`,
    [tokenHash, now],
  );
  const row = result.rows[0];
  return row === undefined ? null : { customerUserId: row.customer_user_id, username: row.username };
}

/**
 * Revokes a session whose customer the directory no longer lists as valid in its institution,
 * audited once (concurrent requests of that session find it revoked and write nothing).
 */
async function revokeForStanding(
  db: Database,
  tokenHash: Buffer,
  session: { customerUserId: string; username: string; institutionId: string },
  problem: 'customer-invalid' | 'customer-moved',
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    if ((await revokeCustomerSession(tx, tokenHash, now)) === null) return;
    await recordAudit(tx, {
      event: 'session-revoked',
      occurredAt: now,
      actorId: session.customerUserId,
      username: session.username,
      address: null,
      outcome: problem,
      detail: { actor: 'customer', institution: session.institutionId },
    });
  });
}
