import type { OwnerCandidate } from '../../src-shared/domain/people.js';
import { isWithin } from '../../src-shared/node/directory/dn.js';
import type { Directory } from '../../src-shared/node/directory/types.js';
import { permissionsSchema, type Permissions } from '../../src-shared/permissions.js';
import type { Queryable } from '../db/database.js';
import { mayOwnTickets } from './permissions.js';

/** A customer user as a ticket records them: their stable id and their institution's. */
export interface TicketCustomer {
  customerUserId: string;
  institutionId: string | null;
}

/**
 * Finds a customer user by stable id with the service account. Only entries under the
 * customers base count: an agent's id is not a customer. Null when there is no such customer;
 * throws DirectoryUnavailableError when the directory cannot answer.
 */
export async function findTicketCustomer(directory: Directory, customersBase: string, customerUserId: string): Promise<TicketCustomer | null> {
  const person = await directory.findById(customerUserId);
  if (person === null || !isWithin(person.dn, customersBase)) return null;
  return { customerUserId: person.id, institutionId: person.institution?.id ?? null };
}

interface AgentPermissionsRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  permissions: unknown;
}

const permissionsOf = (row: Pick<AgentPermissionsRow, 'permissions'>): Permissions => permissionsSchema.catch({}).parse(row.permissions);

/**
 * The agents who may own tickets of `group` (`mayOwnTickets`), by display name. Kontor knows an
 * agent's permissions from their last sign-in or the scheduled re-read of group memberships.
 */
export async function ownerCandidates(db: Queryable, group: string): Promise<OwnerCandidate[]> {
  const result = await db.query<AgentPermissionsRow>('SELECT id, username, display_name, email, permissions FROM agents ORDER BY display_name, id');
  return result.rows
    .filter((row) => mayOwnTickets(permissionsOf(row), group))
    .map((row) => ({ id: row.id, username: row.username, displayName: row.display_name, email: row.email }));
}

/** Whether `agentId` is one of `ownerCandidates(group)`. */
export async function isOwnerCandidate(db: Queryable, agentId: string, group: string): Promise<boolean> {
  const result = await db.query<Pick<AgentPermissionsRow, 'permissions'>>('SELECT permissions FROM agents WHERE id = $1', [agentId]);
  const row = result.rows[0];
  return row !== undefined && mayOwnTickets(permissionsOf(row), group);
}
