import { randomUUID } from 'node:crypto';
import type { Queue } from '../../../../src-shared/sync/entities.js';
import type { Database } from '../../../../src-server/db/database.js';
import { appendChanges } from '../../../../src-server/sync/change-log.js';
import { stampPendingChanges } from '../../../../src-server/sync/sequencer.js';
import { ensureTestSla, testSlaId } from '../../feed/support/domain.js';

/**
 * Commits a new queue and its change row through `db` (one server instance's database), as a
 * mutation would, stamps what is pending, and returns the seq the row got. Queues are seen by
 * every agent, so every connected agent is told.
 */
export async function appendQueueChange(db: Database): Promise<number> {
  const queue: Queue = {
    id: randomUUID(),
    name: `Events::${randomUUID()}`,
    group: 'serviceline',
    slaId: testSlaId,
    valid: true,
    version: 1,
  };
  const [changeId] = await db.transaction(async (tx) => {
    await ensureTestSla(tx);
    await tx.query('INSERT INTO queues (id, name, group_name, sla_id) VALUES ($1, $2, $3, $4)', [queue.id, queue.name, queue.group, queue.slaId]);
    return appendChanges(tx, [{ entity: 'queue', op: 'upsert', id: queue.id, ticketId: null, group: null, data: queue }]);
  });
  // Waits for the advisory lock, so the row has its number afterwards even when a running
  // sequencer of either instance took it first.
  await stampPendingChanges(db);
  const stamped = await db.query<{ seq: string | null }>('SELECT seq::text FROM change_log WHERE id = $1', [changeId ?? '']);
  const seq = stamped.rows[0]?.seq;
  if (seq === null || seq === undefined) throw new Error('the change was not stamped');
  return Number(seq);
}

/** The highest stamped seq: what a (re)connecting client must be told first. */
export async function latestSeq(db: Database): Promise<number> {
  const result = await db.query<{ max: string | null }>('SELECT max(seq)::text AS max FROM change_log');
  return Number(result.rows[0]?.max ?? 0);
}
