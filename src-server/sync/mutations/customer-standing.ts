import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import type { CustomerActor } from './actor.js';
import { reject, type Rejection } from './outcome.js';

const standingRowSchema = z.object({ valid: z.boolean(), institution_id: z.string().nullable() });

/**
 * Whether the customer user may act as the actor says: listed as valid by the last directory
 * sync, in the institution named. A portal session or an inbound mail may be older than a move
 * to another institution; null when they may, the refusal of the batch otherwise.
 */
export async function customerStanding(db: Queryable, customer: CustomerActor): Promise<Rejection | null> {
  const result = await db.query('SELECT valid, institution_id FROM customer_users WHERE id = $1', [customer.customerUserId]);
  const row = result.rows[0];
  const standing = row === undefined ? null : standingRowSchema.parse(row);
  if (standing?.valid === true && standing.institution_id === customer.institutionId) return null;
  return reject('permission-denied', 'customer: not a customer user of this institution in the directory (any more)');
}
