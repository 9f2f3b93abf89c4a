import { entityNameSchema } from '../../../src-shared/sync/entities.js';
import type { Queryable } from '../../db/database.js';
import type { ChangesPage } from './page.js';

/**
 * Sequence numbers one query looks through at most: an agent who may read little of a long
 * log still gets an answer quickly, and a page whose changes were all filtered out still moves on.
 */
const scanWindow = 50_000;

export interface LogFilter {
  /** Rows of these groups (and rows without a group: queues) are sent as stored. */
  readable: readonly string[];
  /** A ticket leaving one of these groups (or a readable one) for a group not readable arrives as `remove`. */
  removable: readonly string[];
}

export interface LogProgress {
  /** Every stamped change up to here was looked at. */
  position: number;
  /** The newest stamped number the last query saw. */
  top: number;
}

interface LogRow {
  top: string;
  seq: string | null;
  entity: string | null;
  op: 'upsert' | 'remove' | null;
  entity_id: string | null;
  ticket_id: string | null;
  group_name: string | null;
  previous_group: string | null;
  data: string | null;
  /** For a link: the group of the other ticket's queue now. */
  other_group: string | null;
}

/**
 * Serves log rows after `from` (up to `bound` when given) in seq order until the page is full
 * or the log is exhausted. The newest number is read in the same statement as the rows: numbers
 * become visible only in whole stamping transactions, one after another, so when a query returns
 * fewer rows than asked, no number up to that newest one can appear later, and the position may
 * jump there (docs/decisions/change-feed.md).
 */
export async function serveLog(db: Queryable, page: ChangesPage, from: number, bound: number | null, filter: LogFilter): Promise<LogProgress> {
  const readable = new Set(filter.readable);
  const leaving = [...new Set([...filter.readable, ...filter.removable])];
  // Within a page a ticket is removed once, unless it came back in between.
  const removed = new Set<string>();
  let position = from;
  let top = from;
  while (!page.isFull()) {
    const chunk = page.nextChunk();
    const windowEnd = Math.min(position + scanWindow, bound ?? Number.MAX_SAFE_INTEGER);
    const { rows } = await db.query<LogRow>(
      `WITH newest AS (SELECT coalesce(max(seq), 0)::text AS top FROM change_log)
       SELECT newest.top, c.seq::text AS seq, c.entity, c.op, c.entity_id, c.ticket_id::text AS ticket_id,
              c.group_name, c.previous_group, c.data::text AS data,
              CASE WHEN c.entity = 'link' AND c.op = 'upsert' THEN (
                SELECT oq.group_name FROM tickets ot JOIN queues oq ON oq.id = ot.queue_id
                WHERE ot.id = CASE WHEN (c.data->>'sourceTicketId')::uuid = c.ticket_id
                                   THEN (c.data->>'targetTicketId')::uuid ELSE (c.data->>'sourceTicketId')::uuid END
              ) END AS other_group
       FROM newest LEFT JOIN LATERAL (
         SELECT * FROM change_log
         WHERE seq > $1 AND seq <= $2
           AND (group_name IS NULL OR group_name = ANY($3::text[]) OR previous_group = ANY($4::text[]))
         ORDER BY seq LIMIT $5
       ) c ON true
       ORDER BY c.seq`,
      [position, windowEnd, filter.readable, leaving, chunk],
    );
    top = Number(rows[0]?.top ?? 0);
    const changes = rows.filter((row) => row.seq !== null);
    for (const row of changes) {
      if (page.isFull()) return { position, top };
      const seq = Number(row.seq);
      const entity = entityNameSchema.parse(row.entity);
      position = seq;
      // A link reaches only agents who may read both tickets. The other ticket's group is read
      // now: a move of it after this row comes later in the log (docs/decisions/reading-rights.md).
      if (entity === 'link' && row.op === 'upsert' && !readable.has(row.other_group ?? '')) continue;
      if (row.group_name === null || readable.has(row.group_name)) {
        page.add(seq, entity, row.op ?? 'upsert', row.entity_id ?? '', row.data);
        if (entity === 'ticket' && row.entity_id !== null) removed.delete(row.entity_id);
      } else if (row.ticket_id !== null && !removed.has(row.ticket_id)) {
        page.add(seq, 'ticket', 'remove', row.ticket_id, null);
        removed.add(row.ticket_id);
      }
    }
    if (changes.length < chunk) {
      position = Math.max(position, Math.min(windowEnd, top));
      if (position >= Math.min(bound ?? top, top)) return { position, top };
    }
  }
  return { position, top };
}
