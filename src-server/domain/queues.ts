import type { Queue } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { entityFromRow, selectList } from '../db/entity-table.js';
import { queueTable } from '../db/entity-tables.js';

export async function loadQueue(db: Queryable, id: string): Promise<Queue | null> {
  const result = await db.query(`SELECT ${selectList(queueTable)} FROM queues q WHERE q.id = $1`, [id]);
  const row = result.rows[0];
  return row ? entityFromRow(queueTable, row) : null;
}

/** Every queue, by name. */
export async function loadQueues(db: Queryable): Promise<Queue[]> {
  const result = await db.query(`SELECT ${selectList(queueTable)} FROM queues q ORDER BY q.name`);
  return result.rows.map((row) => entityFromRow(queueTable, row));
}

/**
 * Applying the queue list takes this advisory lock exclusively, every mutation shares it (first
 * of all its locks, so the order is the same everywhere). A queue's group therefore never
 * changes while a mutation that read it is running: the mutation's change rows carry the group
 * the queue has when they commit, and a queue given to another group finds all its tickets.
 */
export const queueConfigLockKey = 0x6b6f7163; // "koqc"
