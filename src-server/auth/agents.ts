import { z } from 'zod';
import { agentSchema, type SignedInAgent } from '../../src-shared/domain/people.js';
import { permissionsSchema, type Permissions } from '../../src-shared/permissions.js';
import type { AgentEntity } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { entityFromRow, selectList, storedFields } from '../db/entity-table.js';
import { agentTable } from '../db/entity-tables.js';
import { mayOwnTickets } from '../domain/permissions.js';
import { appendChanges } from '../sync/change-log.js';
import { notifyPermissionEpoch } from '../sync/events/permission-epoch.js';
import { recordAudit } from './audit.js';
import type { GrantedRoles } from './roles.js';

/** An agent as the directory describes them, with what the role mapping grants them. */
export interface DirectoryAgent extends GrantedRoles {
  id: string;
  dn: string;
  username: string;
  displayName: string;
  email: string | null;
}

/** What one write did to an agent's row. */
export interface AgentWrite {
  /** The agent as every Desk now knows them. */
  entity: AgentEntity;
  created: boolean;
  /** A field every Desk sees changed (or the row is new): the version moved and a change row was appended. */
  changed: boolean;
  /** The permissions changed: the permission epoch moved and every instance was told. */
  epochBumped: boolean;
}

/** The groups in which someone with these permissions may own tickets, sorted: the agent's `ownerGroups`. */
export function ownerGroupsOf(permissions: Permissions): string[] {
  return Object.keys(permissions)
    .filter((group) => mayOwnTickets(permissions, group))
    .sort();
}

/** The columns behind the fields every Desk sees (all but id and version): a difference in one bumps the version. */
const visibleColumns = storedFields(agentTable)
  .filter(({ key }) => key !== 'id' && key !== 'version')
  .map(({ column }) => column);

/** `ag.version` plus one when a visible column differs from its new value (`next`: column → SQL; unnamed columns stay). */
function nextVersion(next: Readonly<Record<string, string>>): string {
  const old = visibleColumns.map((column) => `ag.${column}`).join(', ');
  const updated = visibleColumns.map((column) => next[column] ?? `ag.${column}`).join(', ');
  return `ag.version + CASE WHEN (${old}) IS DISTINCT FROM (${updated}) THEN 1 ELSE 0 END`;
}

const epochAndVersion = `(SELECT permission_epoch FROM previous) AS "previousEpoch", ag.permission_epoch AS "epoch",
  (SELECT version FROM previous) AS "previousVersion"`;

type WrittenRow = Record<string, unknown> & { previousEpoch: number | null; epoch: number; previousVersion: number | null };

/**
 * Change row and epoch notice for a written row. The previous values come from the
 * statement's snapshot: if another transaction wrote the row in between, the comparison can
 * only find a change where there was none (a change row and a notice too many, both harmless),
 * never miss one.
 */
async function announce(tx: Queryable, row: WrittenRow): Promise<AgentWrite> {
  const entity = entityFromRow(agentTable, row);
  const created = row.previousVersion === null;
  const changed = created || row.previousVersion !== entity.version;
  const epochBumped = row.previousEpoch !== null && row.previousEpoch !== row.epoch;
  if (changed) await appendChanges(tx, [{ entity: 'agent', op: 'upsert', id: entity.id, ticketId: null, group: null, data: entity }]);
  if (epochBumped) await notifyPermissionEpoch(tx, entity.id);
  return { entity, created, changed, epochBumped };
}

/**
 * Writes an agent as the directory and the role mapping describe them: at login
 * (`signedInAt` given) and by the directory sync. Someone without an agent role is stored as
 * invalid. Permissions that differ from the stored ones bump the permission epoch and tell
 * every instance (the agent's feed cursors are then resynced for the groups gained and lost,
 * their event sockets closed); a change of what every Desk sees bumps the version and appends
 * an `agent` change row, in the caller's transaction. Returns null when nothing differed (the
 * row is not touched).
 */
export async function storeAgent(tx: Queryable, agent: DirectoryAgent, options: { signedInAt?: Date } = {}): Promise<AgentWrite | null> {
  const ownerGroups = ownerGroupsOf(agent.permissions);
  const excluded = Object.fromEntries(visibleColumns.map((column) => [column, `excluded.${column}`]));
  const result = await tx.query<WrittenRow>(
    `WITH previous AS (SELECT permission_epoch, version FROM agents WHERE id = $1)
     INSERT INTO agents AS ag (id, dn, username, display_name, email, roles, permissions, owner_groups, valid, last_login_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::text[], $9, $10)
     ON CONFLICT (id) DO UPDATE SET dn = excluded.dn, username = excluded.username, display_name = excluded.display_name,
       email = excluded.email, roles = excluded.roles, permissions = excluded.permissions, owner_groups = excluded.owner_groups,
       valid = excluded.valid, last_login_at = coalesce(excluded.last_login_at, ag.last_login_at),
       permission_epoch = ag.permission_epoch + CASE WHEN ag.permissions = excluded.permissions THEN 0 ELSE 1 END,
       version = ${nextVersion(excluded)}
     WHERE (ag.dn, ag.roles, ag.permissions, ag.owner_groups, ag.username, ag.display_name, ag.email, ag.valid) IS DISTINCT FROM
           (excluded.dn, excluded.roles, excluded.permissions, excluded.owner_groups, excluded.username, excluded.display_name, excluded.email, excluded.valid)
        OR excluded.last_login_at IS NOT NULL
     RETURNING ${selectList(agentTable)}, ${epochAndVersion}`,
    [
      agent.id, agent.dn, agent.username, agent.displayName, agent.email, JSON.stringify(agent.roles), JSON.stringify(agent.permissions),
      ownerGroups, agent.roles.length > 0, options.signedInAt ?? null,
    ],
  );
  const row = result.rows[0];
  return row ? announce(tx, row) : null;
}

/** Remembers the agent as the directory and the role mapping described them at this login (valid again, if they were not). */
export async function upsertAgent(db: Queryable, signedIn: SignedInAgent, at: Date): Promise<void> {
  await storeAgent(db, { ...signedIn.agent, permissions: signedIn.permissions }, { signedInAt: at });
}

/** Why an agent's roles were taken away, for the audit log. */
export type WithdrawalCause = 'membership-refresh' | 'directory-sync';

/**
 * Stores re-read roles and permissions of a known agent (the scheduled membership re-read;
 * the directory sync for someone no longer in any mapped group). Without an agent role the
 * agent becomes invalid and their sessions end, since nobody may sign in without one
 * (`no-agent-role`). Returns null when nothing differed and no session was ended.
 */
export async function storeGrant(tx: Queryable, agentId: string, granted: GrantedRoles, context: { now: Date; cause: WithdrawalCause }): Promise<AgentWrite | null> {
  const params = [agentId, JSON.stringify(granted.roles), JSON.stringify(granted.permissions), ownerGroupsOf(granted.permissions), granted.roles.length > 0];
  const result = await tx.query<WrittenRow>(
    `WITH previous AS (SELECT permission_epoch, version FROM agents WHERE id = $1)
     UPDATE agents ag SET roles = $2::jsonb, permissions = $3::jsonb, owner_groups = $4::text[], valid = $5,
       permission_epoch = ag.permission_epoch + CASE WHEN ag.permissions = $3::jsonb THEN 0 ELSE 1 END,
       version = ${nextVersion({ owner_groups: '$4::text[]', valid: '$5::boolean' })}
     WHERE ag.id = $1 AND (ag.roles, ag.permissions, ag.owner_groups, ag.valid) IS DISTINCT FROM ($2::jsonb, $3::jsonb, $4::text[], $5)
     RETURNING ${selectList(agentTable)}, ${epochAndVersion}`,
    params,
  );
  const row = result.rows[0];
  const written = row ? await announce(tx, row) : null;
  if (granted.roles.length > 0) return written;
  const revoked = await tx.query('UPDATE agent_sessions SET revoked_at = $2 WHERE agent_id = $1 AND revoked_at IS NULL RETURNING 1', [agentId, context.now]);
  if (written !== null || revoked.rows.length > 0) {
    await recordAudit(tx, {
      event: 'session-revoked',
      occurredAt: context.now,
      actorId: agentId,
      username: null,
      address: null,
      outcome: 'no-agent-role',
      detail: { sessions: revoked.rows.length, cause: context.cause },
    });
  }
  return written;
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
