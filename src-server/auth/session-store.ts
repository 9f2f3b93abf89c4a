import { z } from 'zod';
import type { SignedInAgent } from '../../src-shared/domain/people.js';
import type { Queryable } from '../db/database.js';
import { agentRowSchema, signedInFromRow } from './agents.js';

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

export interface ActiveSession {
  tokenHash: Buffer;
  signedIn: SignedInAgent;
  expiresAt: Date;
  idleExpiresAt: Date;
}

/** Revoked and unknown tokens look alike to the caller: neither says whether it ever existed. */
export type SessionLookup = { status: 'unknown' } | { status: 'expired' } | { status: 'active'; session: ActiveSession };

export async function createSession(
  db: Queryable,
  session: { tokenHash: Buffer; agentId: string; address: string; now: Date },
  timeouts: SessionTimeouts,
): Promise<{ expiresAt: Date; idleExpiresAt: Date }> {
  const expiresAt = new Date(session.now.getTime() + timeouts.absoluteMs);
  const idleExpiresAt = new Date(Math.min(session.now.getTime() + timeouts.idleMs, expiresAt.getTime()));
  await db.query(
    `INSERT INTO agent_sessions (token_hash, agent_id, address, created_at, last_seen_at, idle_expires_at, expires_at)
     VALUES ($1, $2, $3, $4, $4, $5, $6)`,
    [session.tokenHash, session.agentId, session.address, session.now, idleExpiresAt, expiresAt],
  );
  return { expiresAt, idleExpiresAt };
}

const sessionRowSchema = agentRowSchema.extend({
  last_seen_at: z.coerce.date(),
  idle_expires_at: z.coerce.date(),
  expires_at: z.coerce.date(),
  revoked_at: z.coerce.date().nullable(),
});

/**
 * Finds the session of a token and, when it is active, moves its idle expiry forward. The row
 * is written at most once per `touchIntervalMs` so that a burst of requests costs one write.
 */
export async function useSession(db: Queryable, tokenHash: Buffer, now: Date, timeouts: SessionTimeouts): Promise<SessionLookup> {
  const result = await db.query(
    `SELECT s.agent_id, s.last_seen_at, s.idle_expires_at, s.expires_at, s.revoked_at,
            a.dn, a.username, a.display_name, a.email, a.roles, a.permissions
     FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
     WHERE s.token_hash = $1`,
    [tokenHash],
  );
  if (!result.rows[0]) return { status: 'unknown' };
  const row = sessionRowSchema.parse(result.rows[0]);
  if (row.revoked_at !== null) return { status: 'unknown' };
  if (now >= row.expires_at || now >= row.idle_expires_at) return { status: 'expired' };

  let idleExpiresAt = row.idle_expires_at;
  if (now.getTime() - row.last_seen_at.getTime() >= touchIntervalMs(timeouts)) {
    idleExpiresAt = new Date(Math.min(now.getTime() + timeouts.idleMs, row.expires_at.getTime()));
    // Never move expiry backwards if another instance touched the row a moment later.
    await db.query(
      `UPDATE agent_sessions SET last_seen_at = GREATEST(last_seen_at, $2), idle_expires_at = GREATEST(idle_expires_at, $3)
       WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash, now, idleExpiresAt],
    );
  }
  return { status: 'active', session: { tokenHash, signedIn: signedInFromRow(row), expiresAt: row.expires_at, idleExpiresAt } };
}

/** A tenth of the idle timeout, at most a minute: coarse enough to save writes, fine enough to be fair. */
export function touchIntervalMs(timeouts: SessionTimeouts): number {
  return Math.min(60_000, timeouts.idleMs / 10);
}

export async function revokeSession(db: Queryable, tokenHash: Buffer, now: Date): Promise<void> {
  await db.query('UPDATE agent_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now]);
}
