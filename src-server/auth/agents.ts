import { z } from 'zod';
import { agentSchema, type SignedInAgent } from '../../src-shared/domain/people.js';
import { permissionsSchema } from '../../src-shared/permissions.js';
import type { Queryable } from '../db/database.js';

/**
 * Remembers the agent as the directory and the role mapping described them at this login.
 * Later routes read roles and permissions from here; the scheduled re-read of group
 * memberships (a later step) updates the same row.
 */
export async function upsertAgent(db: Queryable, signedIn: SignedInAgent, at: Date): Promise<void> {
  const { agent, permissions } = signedIn;
  await db.query(
    `INSERT INTO agents (id, dn, username, display_name, email, roles, permissions, last_login_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)
     ON CONFLICT (id) DO UPDATE SET dn = excluded.dn, username = excluded.username,
       display_name = excluded.display_name, email = excluded.email, roles = excluded.roles,
       permissions = excluded.permissions, last_login_at = excluded.last_login_at`,
    [agent.id, agent.dn, agent.username, agent.displayName, agent.email, JSON.stringify(agent.roles), JSON.stringify(permissions), at],
  );
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
