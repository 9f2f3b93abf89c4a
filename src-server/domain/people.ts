import { isWithin } from '../../src-shared/node/directory/dn.js';
import type { Directory } from '../../src-shared/node/directory/types.js';
import type { Queryable } from '../db/database.js';

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

/** Whether this stable id belongs to an agent Kontor knows (one who has signed in). */
export async function isKnownAgent(db: Queryable, agentId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM agents WHERE id = $1', [agentId])).rows.length > 0;
}
