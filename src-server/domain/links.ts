import { linkSchema, type Link } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { entityFromRow, insertSql, selectList, storedValues } from '../db/entity-table.js';
import { linkTable } from '../db/entity-tables.js';

export async function insertLink(tx: Queryable, link: Link): Promise<Link> {
  const valid = linkSchema.parse(link);
  await tx.query(insertSql(linkTable), storedValues(linkTable, valid));
  return valid;
}

/** Records a merge: the `merged` link and the source's `merged_into_id`, in one statement. */
export async function insertMergeLink(tx: Queryable, link: Link): Promise<Link> {
  const valid = linkSchema.parse(link);
  await tx.query(
    `WITH merged AS (UPDATE tickets SET merged_into_id = $3 WHERE id = $2)
     INSERT INTO ticket_links (id, source_ticket_id, target_ticket_id, kind, created_by, created_at) VALUES ($1, $2, $3, 'merged', $4, $5)`,
    [valid.id, valid.sourceTicketId, valid.targetTicketId, valid.createdBy, valid.createdAt],
  );
  return valid;
}

/** Why this link cannot be added: its id is taken (`id`), or the same link exists already (`same`). */
export async function linkClash(tx: Queryable, link: Pick<Link, 'id' | 'sourceTicketId' | 'targetTicketId' | 'kind'>): Promise<'id' | 'same' | null> {
  const result = await tx.query<{ id: string }>(
    `SELECT id::text AS id FROM ticket_links WHERE id = $1 OR (source_ticket_id = $2 AND target_ticket_id = $3 AND kind = $4)
     ORDER BY id = $1 DESC LIMIT 1`,
    [link.id, link.sourceTicketId, link.targetTicketId, link.kind],
  );
  const row = result.rows[0];
  if (!row) return null;
  return row.id === link.id.toLowerCase() ? 'id' : 'same';
}

/** Links on either side of a ticket. */
export async function loadLinks(tx: Queryable, ticketId: string): Promise<Link[]> {
  const result = await tx.query(
    `SELECT ${selectList(linkTable)} FROM ticket_links l WHERE l.source_ticket_id = $1 OR l.target_ticket_id = $1 ORDER BY l.created_at, l.id`,
    [ticketId],
  );
  return result.rows.map((row) => entityFromRow(linkTable, row));
}
