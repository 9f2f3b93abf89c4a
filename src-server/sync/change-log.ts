import type { EntityName } from '../../src-shared/sync/entities.js';
import type { Queryable, SqlValue } from '../db/database.js';

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
 * The INSERT of change rows (ids in the order given), taking its seven parameters from
 * `$first` on: for statements that write change rows together with something else.
 */
export function insertChangesSql(first: number): string {
  const p = (offset: number): string => `$${first + offset}`;
  return `INSERT INTO change_log (entity, op, entity_id, ticket_id, group_name, previous_group, data)
     SELECT * FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::uuid[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::jsonb[])`;
}

/** The seven parameters of `insertChangesSql`. */
export function changeParams(changes: readonly NewChange[]): SqlValue[] {
  return [
    changes.map((c) => c.entity),
    changes.map((c) => c.op),
    changes.map((c) => c.id),
    changes.map((c) => c.ticketId) as string[],
    changes.map((c) => c.group) as string[],
    changes.map((c) => c.previousGroup ?? null) as string[],
    changes.map((c) => (c.data === null ? null : JSON.stringify(c.data))) as string[],
  ];
}

/**
 * Writes change rows in the caller's transaction, without sequence numbers: the sequencer
 * numbers them after they committed (see docs/decisions/change-feed.md), woken by a NOTIFY
 * that is delivered on commit. Returns the row ids.
 */
export async function appendChanges(tx: Queryable, changes: readonly NewChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const result = await tx.query<{ id: string }>(`${insertChangesSql(1)} RETURNING id::text`, changeParams(changes));
  // Delivered only if and when this transaction commits.
  await tx.query(`SELECT pg_notify('${pendingChannel}', '')`);
  return result.rows.map((row) => row.id);
}
