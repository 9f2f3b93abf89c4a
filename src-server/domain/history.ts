import type { HistoryEntry } from '../../src-shared/sync/entities.js';
import { entityFromRow, selectList } from '../db/entity-table.js';
import { historyTable } from '../db/entity-tables.js';
import type { NewChange } from '../sync/change-log.js';
import type { Queryable } from '../db/database.js';
import type { StatementPart } from './tickets.js';
import { ticketPartChange } from './changes.js';

/** What happened to a ticket; the Desk shows these in the ticket's history. */
export type HistoryEvent =
  | 'created'
  | 'article-added'
  | 'state-changed'
  | 'moved'
  | 'priority-changed'
  | 'sla-changed'
  | 'owner-changed'
  | 'responsible-changed'
  | 'locked'
  | 'unlocked'
  | 'merged'
  | 'merged-from'
  | 'linked'
  | 'time-accounted'
  | 'sla-warning'
  | 'sla-breached';

export interface NewHistoryEntry {
  ticketId: string;
  event: HistoryEvent;
  actorId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Keys of stored history data that name another ticket. The feed leaves them out for every
 * reader alike: the entry keeps `linkId`, and the link names the other ticket only to agents
 * who may read both (docs/decisions/reading-rights.md). Redacted when read, because history is
 * never rewritten; `entity-sql.ts` applies the same list to the snapshot.
 */
export const otherTicketKeys: Readonly<Partial<Record<HistoryEvent, readonly string[]>>> = {
  linked: ['targetTicketId', 'targetNumber'],
  merged: ['intoTicketId', 'intoNumber'],
  'merged-from': ['ticketId', 'number'],
};

/** History data as the feed carries it: without the keys that name another ticket. */
export function feedHistoryData(event: string, data: Record<string, unknown>): Record<string, unknown> {
  // Every mutation's history row passes here: most events hide nothing and allocate nothing.
  const hidden = Object.hasOwn(otherTicketKeys, event) ? otherTicketKeys[event as HistoryEvent] : undefined;
  return hidden === undefined ? data : Object.fromEntries(Object.entries(data).filter(([key]) => !hidden.includes(key)));
}

/** The feed's history entity of a row read with `selectList(historyTable)`. */
function historyFromRow(row: Record<string, unknown>): HistoryEntry {
  const entry = entityFromRow(historyTable, row);
  return { ...entry, data: feedHistoryData(entry.event, entry.data) };
}

const historyColumns = selectList(historyTable);

/**
 * Appends one history row (the table is append-only) and returns it with its change row.
 * `alongside` (the ticket's UPDATE, say) runs in the same statement, saving a round trip.
 */
export async function appendHistory(tx: Queryable, entry: NewHistoryEntry, group: string, alongside?: StatementPart): Promise<{ entry: HistoryEntry; change: NewChange }> {
  const result = await tx.query(
    `${alongside ? `WITH alongside AS (${alongside.sql(6)}) ` : ''}INSERT INTO ticket_history AS h (ticket_id, event, actor_id, data, occurred_at)
     VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING ${historyColumns}`,
    [entry.ticketId, entry.event, entry.actorId, JSON.stringify(entry.data), entry.occurredAt, ...(alongside?.params ?? [])],
  );
  const row = result.rows[0];
  if (!row) throw new Error('inserting a history row returned nothing');
  const saved = historyFromRow(row);
  return { entry: saved, change: ticketPartChange('history', saved.id, saved.ticketId, group, saved) };
}

export async function loadHistory(tx: Queryable, ticketId: string): Promise<HistoryEntry[]> {
  const result = await tx.query(`SELECT ${historyColumns} FROM ticket_history h WHERE h.ticket_id = $1 ORDER BY h.id`, [ticketId]);
  return result.rows.map(historyFromRow);
}
