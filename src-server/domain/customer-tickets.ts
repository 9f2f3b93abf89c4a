import type { Queryable } from '../db/database.js';

/**
 * The tickets of a customer user and of an institution, each one index look-up away
 * (tickets_customer_user, tickets_institution): what the caller's and the institution's open
 * tickets are built on, and what the portal shows a customer. Rows of invalid customers and
 * institutions keep their tickets, so these answer for them too. Ids in creation order.
 */
export async function ticketIdsOfCustomerUser(db: Queryable, customerUserId: string): Promise<string[]> {
  const result = await db.query<{ id: string }>('SELECT id FROM tickets WHERE customer_user_id = $1 ORDER BY created_at, id', [customerUserId]);
  return result.rows.map((row) => row.id);
}

export async function ticketIdsOfInstitution(db: Queryable, institutionId: string): Promise<string[]> {
  const result = await db.query<{ id: string }>('SELECT id FROM tickets WHERE institution_id = $1 ORDER BY created_at, id', [institutionId]);
  return result.rows.map((row) => row.id);
}
