import type { EntityName } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';

/** Wakes the sequencer of every instance: there are committed changes without a number. */
export const pendingChannel = 'kontor_changes_pending';
/** Tells every instance (and so every connected Desk) how far the feed has advanced. */
export const changedChannel = 'kontor_changes';

export interface NewChange {
  entity: EntityName;
  op: 'upsert' | 'remove';
  id: string;
  /** The ticket the entity belongs to (the ticket itself for a ticket); null for queues. */
  ticketId: string | null;
  /** The permission group of the entity's queue now; null for entities everybody sees (queues). */
  group: string | null;
  /** For a move: the group the ticket left, so that agents who saw it there get a `remove`. */
  previousGroup?: string | null;
  /** The whole entity with its version; null for `remove`. */
  data: unknown;
}

/**
 * Writes change rows in the caller's transaction, without sequence numbers: the sequencer
 * numbers them after they committed (see docs/decisions/change-feed.md). Returns the row ids.
 */
export async function appendChanges(tx: Queryable, changes: readonly NewChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const result = await tx.query<{ id: string }>(
    `INSERT INTO change_log (entity, op, entity_id, ticket_id, group_name, previous_group, data)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[])
     RETURNING id::text`,
    [
      changes.map((c) => c.entity),
      changes.map((c) => c.op),
      changes.map((c) => c.id),
      changes.map((c) => c.ticketId) as string[],
      changes.map((c) => c.group) as string[],
      changes.map((c) => c.previousGroup ?? null) as string[],
      changes.map((c) => (c.data === null ? null : JSON.stringify(c.data))) as string[],
    ],
  );
  // Delivered only if and when this transaction commits.
  await tx.query(`SELECT pg_notify('${pendingChannel}', '')`);
  return result.rows.map((row) => row.id);
}
