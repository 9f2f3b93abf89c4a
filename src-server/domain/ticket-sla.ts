import { closedStates, type SlaTargets, type TicketState } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { hasCustomerVisibleAgentArticle } from './articles.js';
import { continuousCalendar } from '../../src-shared/sla/calendar.js';
import { dueAfterStateChange, type DueInstants } from '../../src-shared/sla/clocks.js';
import type { TicketRecord } from './ticket-record.js';

/** The due instants after the ticket goes to `to` (closing stops the clocks, pending pauses the update clock). */
export async function dueForState(tx: Queryable, record: TicketRecord, to: TicketState, sla: SlaTargets, now: Date): Promise<DueInstants> {
  const { ticket } = record;
  // Only a reopen asks: closing cleared the first-response clock whether or not it was answered.
  const reopening = closedStates.includes(ticket.state) && !closedStates.includes(to);
  const firstResponded = reopening && ticket.firstResponseDue === null && (await hasCustomerVisibleAgentArticle(tx, ticket.id));
  const due = { firstResponseDue: ticket.firstResponseDue, updateDue: ticket.updateDue, solutionDue: ticket.solutionDue };
  return dueAfterStateChange(continuousCalendar, due, sla, { from: ticket.state, to, createdAt: ticket.createdAt, firstResponded }, now);
}
