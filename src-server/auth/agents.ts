import { z } from 'zod';
import { agentSchema, type SignedInAgent } from '../../src-shared/domain/people.js';
import { permissionsSchema } from '../../src-shared/permissions.js';
import type { Queryable } from '../db/database.js';
import { notifyPermissionEpoch } from '../sync/events/permission-epoch.js';

/**
 * Remembers the agent as the directory and the role mapping described them at this login.
 * Later routes read roles and permissions from here; the scheduled re-read of group
 * memberships (membership-refresh.ts) updates the same row. Permissions that differ from the
 * stored ones bump the permission epoch and tell every instance (the agent's feed cursors are
 * then resynced for the groups gained and lost, their event sockets closed).
 */
export async function upsertAgent(db: Queryable, signedIn: SignedInAgent, at: Date): Promise<void> {
  const { agent, permissions } = signedIn;
  const result = await db.query<{ bumped: boolean }>(
    `WITH previous AS (SELECT permission_epoch FROM agents WHERE id = $1)
     INSERT INTO agents (id, dn, username, display_name, email, roles, permissions, last_login_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)
     ON CONFLICT (id) DO UPDATE SET dn = excluded.dn, username = excluded.username,
       display_name = excluded.display_name, email = excluded.email, roles = excluded.roles,
       permissions = excluded.permissions, last_login_at = excluded.last_login_at,
       permission_epoch = agents.permission_epoch + CASE WHEN agents.permissions = excluded.permissions THEN 0 ELSE 1 END
     RETURNING permission_epoch <> coalesce((SELECT permission_epoch FROM previous), permission_epoch) AS bumped`,
    [agent.id, agent.dn, agent.username, agent.displayName, agent.email, JSON.stringify(agent.roles), JSON.stringify(permissions), at],
  );
  if (result.rows[0]?.bumped === true) await notifyPermissionEpoch(db, agent.id);
}

/** The columns of `agents` as a query returns them; jsonb arrives parsed. */
export const agentRowSchema = z.object({
  agent_id: z.string(),
  dn: z.string(),
  username: z.string(),
  display_name: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.string()),
  permissions: permissionsSchema,
});

export function signedInFromRow(row: z.infer<typeof agentRowSchema>): SignedInAgent {
  return {
    agent: agentSchema.parse({
      id: row.agent_id,
      dn: row.dn,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      roles: row.roles,
    }),
    permissions: row.permissions,
  };
}
