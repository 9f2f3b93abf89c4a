import type { Queryable } from '../../db/database.js';

export type SessionValidity = 'active' | 'unauthenticated' | 'session-expired';

/**
 * How the sessions behind open sockets stand now, in one query for all of them. Read only: an
 * open socket does not count as use, so it does not move the idle expiry (the pulls it causes do).
 * A revoked or vanished session is `unauthenticated`, as the HTTP API says for its token.
 */
export async function sessionValidity(db: Queryable, tokenHashes: readonly Buffer[], now: Date): Promise<Map<string, SessionValidity>> {
  const hex = [...new Set(tokenHashes.map((hash) => hash.toString('hex')))];
  const validity = new Map<string, SessionValidity>(hex.map((token) => [token, 'unauthenticated']));
  if (hex.length === 0) return validity;
  const result = await db.query<{ token: string; revoked: boolean; expired: boolean }>(
    `SELECT encode(token_hash, 'hex') AS token, revoked_at IS NOT NULL AS revoked,
            ($2 >= expires_at OR $2 >= idle_expires_at) AS expired
     FROM agent_sessions
     WHERE token_hash IN (SELECT decode(token, 'hex') FROM unnest($1::text[]) AS token)`,
    [hex, now],
  );
  for (const row of result.rows) validity.set(row.token, row.revoked ? 'unauthenticated' : row.expired ? 'session-expired' : 'active');
  return validity;
}
