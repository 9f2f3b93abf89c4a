import type { GroupMember } from '../../src-shared/node/directory/types.js';
import { agentEntitySchema } from '../../src-shared/sync/entities.js';
import { storeAgent, storeGrant } from '../auth/agents.js';
import { grantRoles } from '../auth/roles.js';
import type { RoleConfig } from '../config.js';
import type { Queryable } from '../db/database.js';
import { noCounts, type KindCounts, type SkippedDirectoryEntry } from './report.js';

/** Every group a role names: the people in them are the agents the directory knows. */
export function mappedGroups(roles: readonly RoleConfig[]): string[] {
  return [...new Set(roles.flatMap((role) => role.ldapGroups))];
}

/** What every Desk sees of an agent must fit the feed's schema; the rest is the directory's. */
const feedFields = agentEntitySchema.pick({ id: true, username: true, displayName: true, email: true });

/**
 * Stores every member of a mapped group as an agent with the roles and permissions login
 * would grant them (the same mapping, `grantRoles`), and withdraws the roles of every valid
 * agent who is in none of those groups any more: invalid, without permissions or sessions.
 * An entry that cannot describe an agent is skipped and counts as not listed, as login
 * refuses such an entry too.
 */
export async function storeAgents(tx: Queryable, members: readonly GroupMember[], roles: readonly RoleConfig[], now: Date): Promise<{ counts: KindCounts; skipped: SkippedDirectoryEntry[] }> {
  const counts = noCounts();
  const skipped: SkippedDirectoryEntry[] = [];
  const listed = new Set<string>();
  for (const { person, groups } of members) {
    const granted = grantRoles(groups, roles);
    if (granted.roles.length === 0 || listed.has(person.id)) continue;
    const parsed = feedFields.safeParse(person);
    if (!parsed.success) {
      skipped.push({ kind: 'agent', entry: person.dn, problem: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
      continue;
    }
    listed.add(person.id);
    const written = await storeAgent(tx, { ...parsed.data, dn: person.dn, ...granted });
    if (written === null) counts.unchanged += 1;
    else if (written.created) counts.created += 1;
    else counts.updated += 1;
  }
  const gone = await tx.query<{ id: string }>(
    'SELECT id FROM agents WHERE valid AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS k(id) WHERE k.id = agents.id) ORDER BY id',
    [[...listed]],
  );
  for (const { id } of gone.rows) {
    const written = await storeGrant(tx, id, { roles: [], permissions: {} }, { now, cause: 'directory-sync' });
    if (written?.changed === true) counts.invalidated += 1;
  }
  return { counts, skipped };
}
