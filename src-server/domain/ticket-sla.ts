import { clocksAfterStateChange } from '../../src-shared/sla/clocks.js';
import { clockFieldsOf, clocksOfTicket, type ClockFields } from '../../src-shared/sla/ticket-clocks.js';
import type { TicketState } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { slaFromRow, slaColumns, slaJoin, type SlaRow, type TicketSla } from './slas.js';
import type { TicketRecord } from './ticket-record.js';

/** The SLA in force for a ticket: from the record when it was read with the ticket (`lockTickets`), else from the database. */
export async function slaOfTicket(db: Queryable, record: TicketRecord): Promise<TicketSla> {
  if (record.sla) return record.sla;
  const result = await db.query<SlaRow>(`SELECT ${slaColumns} FROM tickets t JOIN queues q ON q.id = t.queue_id ${slaJoin} WHERE t.id = $1`, [record.ticket.id]);
  const row = result.rows[0];
  if (!row) throw new Error(`ticket ${record.ticket.id} has no SLA`);
  return slaFromRow(db, row);
}

/** The clock fields after the ticket goes to `to` (closing stops the clocks, pending pauses the update clock, a reopen resumes them). */
export function clocksForState(record: TicketRecord, to: TicketState, sla: TicketSla, now: Date): ClockFields {
  const { ticket } = record;
  return clockFieldsOf(clocksAfterStateChange(sla.calendar, sla.targets, clocksOfTicket(ticket), { from: ticket.state, to }, now));
}
