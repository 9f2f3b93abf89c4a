import type { Queryable } from '../../db/database.js';
import type { ChangesPage } from './page.js';

export interface PurgeProgress {
  /** Every ticket of the lost groups has been removed. */
  done: boolean;
  /** The last ticket removed. */
  after: string | null;
  /** The newest stamped number seen together with the tickets: moves after it come from the log. */
  until: number;
}

/**
 * `remove` (seq = the pin) for every ticket now in one of the `lost` groups, in id order; the
 * client purges its articles, history, time entries and attachments with it.
 */
export async function servePurge(
  db: Queryable,
  page: ChangesPage,
  state: { pin: number; lost: readonly string[]; after: string | null; until: number },
): Promise<PurgeProgress> {
  let { after, until } = state;
  if (state.lost.length === 0) return { done: true, after, until };
  while (!page.isFull()) {
    const chunk = page.nextChunk();
    const { rows } = await db.query<{ top: string; id: string | null }>(
      `WITH newest AS (SELECT coalesce(max(seq), 0)::text AS top FROM change_log)
       SELECT newest.top, t.id FROM newest LEFT JOIN LATERAL (
         SELECT t.id FROM tickets t JOIN queues q ON q.id = t.queue_id
         WHERE q.group_name = ANY($1::text[]) AND ($2::uuid IS NULL OR t.id > $2::uuid)
         ORDER BY t.id LIMIT $3
       ) t ON true
       ORDER BY t.id`,
      [state.lost, after, chunk],
    );
    until = Math.max(until, Number(rows[0]?.top ?? 0));
    const ids = rows.flatMap((row) => (row.id === null ? [] : [row.id]));
    for (const id of ids) {
      page.add(state.pin, 'ticket', 'remove', id, null);
      after = id;
    }
    if (ids.length < chunk) return { done: true, after, until };
  }
  return { done: false, after, until };
}
