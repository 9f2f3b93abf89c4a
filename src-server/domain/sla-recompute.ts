import { clocksRecomputed, nextClockEvent } from '../../src-shared/sla/clocks.js';
import { clockFieldKeys, clockFieldsOf, clocksOfTicket } from '../../src-shared/sla/ticket-clocks.js';
import { closedStates, type Ticket } from '../../src-shared/sync/entities.js';
import { columnName } from '../../src-shared/sync/entity-fields.js';
import type { Queryable } from '../db/database.js';
import { appendChanges } from '../sync/change-log.js';
import { ticketChange } from './changes.js';
import { slaColumns, slaFromRow, slaJoin, type SlaRow } from './slas.js';
import { ticketColumns, ticketFromRow, type TicketRow } from './ticket-record.js';

/** Tickets recomputed per statement: one UPDATE and one change-log INSERT each. */
const batchSize = 1000;

const clockKeys: (keyof Ticket)[] = clockFieldKeys;

/**
 * Recomputes the due and warning instants of every open ticket whose SLA in force is one of
 * `slaIds` (its own, or its queue's), after a calendar or SLA changed. Runs in the caller's
 * transaction, so that no ticket is ever seen with clocks of the old calendar next to the new
 * one; each recomputed ticket gets a new version and reaches every Desk through the feed.
 * Returns how many tickets changed.
 */
export async function recomputeOpenTickets(tx: Queryable, slaIds: readonly string[], now: Date): Promise<number> {
  if (slaIds.length === 0) return 0;
  let after = '00000000-0000-0000-0000-000000000000';
  let changed = 0;
  for (;;) {
    const result = await tx.query<TicketRow & SlaRow>(
      `SELECT ${ticketColumns}, ${slaColumns} FROM tickets t JOIN queues q ON q.id = t.queue_id ${slaJoin}
       WHERE s.id = ANY($1::uuid[]) AND t.state <> ALL($2::text[]) AND t.id > $3 ORDER BY t.id LIMIT $4 FOR UPDATE OF t`,
      [[...slaIds], [...closedStates], after, batchSize],
    );
    if (result.rows.length === 0) return changed;
    const updated: { ticket: Ticket; group: string }[] = [];
    for (const row of result.rows) {
      const record = ticketFromRow(row);
      const sla = await slaFromRow(tx, row);
      const clocks = clockFieldsOf(clocksRecomputed(sla.calendar, sla.targets, clocksOfTicket(record.ticket)));
      if (clockFieldKeys.every((key) => clocks[key] === record.ticket[key])) continue;
      updated.push({ ticket: { ...record.ticket, ...clocks, version: record.ticket.version + 1, updatedAt: now.toISOString() }, group: record.group });
    }
    after = result.rows[result.rows.length - 1]?.id ?? after;
    if (updated.length === 0) continue;
    await writeClocks(tx, updated.map((entry) => entry.ticket));
    await appendChanges(tx, updated.map((entry) => ticketChange(entry.ticket, entry.group)));
    changed += updated.length;
  }
}

/** One UPDATE for a batch: the clock fields, version, update time and the timer's next instant. */
async function writeClocks(tx: Queryable, tickets: readonly Ticket[]): Promise<void> {
  const columns = [...clockKeys, 'version', 'updatedAt'].map((key) => columnName(key));
  const rows = tickets.map((ticket) => {
    const row: Record<string, unknown> = { id: ticket.id, next_sla_event_at: nextClockEvent(clocksOfTicket(ticket)) };
    for (const key of [...clockKeys, 'version', 'updatedAt'] as (keyof Ticket)[]) row[columnName(key)] = ticket[key];
    return row;
  });
  const set = [...columns, 'next_sla_event_at'].map((column) => `${column} = r.${column}`).join(', ');
  await tx.query(`UPDATE tickets t SET ${set} FROM json_populate_recordset(NULL::tickets, $1::json) r WHERE t.id = r.id`, [JSON.stringify(rows)]);
}
