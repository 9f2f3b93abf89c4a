import { queueSchema, type Queue, type SlaTargets } from '../../src-shared/sync/entities.js';
import type { TicketRecord } from './ticket-record.js';
import type { Queryable } from '../db/database.js';

export interface QueueRow {
  id: string;
  name: string;
  group_name: string;
  sla: unknown;
  valid: boolean;
  version: number;
}

/** The feed's queue entity; a row that does not make one is a bug, so this throws. */
export function queueFromRow(row: QueueRow): Queue {
  return queueSchema.parse({ id: row.id, name: row.name, group: row.group_name, sla: row.sla, valid: row.valid, version: row.version });
}

export async function loadQueue(db: Queryable, id: string): Promise<Queue | null> {
  const result = await db.query<QueueRow>('SELECT id, name, group_name, sla, valid, version FROM queues WHERE id = $1', [id]);
  const row = result.rows[0];
  return row ? queueFromRow(row) : null;
}

/** Every queue, by name. */
export async function loadQueues(db: Queryable): Promise<Queue[]> {
  const result = await db.query<QueueRow>('SELECT id, name, group_name, sla, valid, version FROM queues ORDER BY name');
  return result.rows.map(queueFromRow);
}

/** The queue a ticket is in; the foreign key guarantees one. */
export async function queueOfTicket(db: Queryable, ticket: { id: string; queueId: string }): Promise<Queue> {
  const queue = await loadQueue(db, ticket.queueId);
  if (!queue) throw new Error(`queue ${ticket.queueId} of ticket ${ticket.id} is missing`);
  return queue;
}

/** The SLA of a ticket's queue: from the record when it was read with the ticket, else from the queue. */
export async function slaOfTicket(db: Queryable, record: TicketRecord): Promise<SlaTargets> {
  return record.queueSla ?? (await queueOfTicket(db, record.ticket)).sla;
}

/**
 * Applying the queue list takes this advisory lock exclusively, every mutation shares it (first
 * of all its locks, so the order is the same everywhere). A queue's group therefore never
 * changes while a mutation that read it is running: the mutation's change rows carry the group
 * the queue has when they commit, and a queue given to another group finds all its tickets.
 */
export const queueConfigLockKey = 0x6b6f7163; // "koqc"
