import { clocksRecomputed } from '../../../../src-shared/sla/clocks.js';
import { clockFieldsOf, clocksOfTicket } from '../../../../src-shared/sla/ticket-clocks.js';
import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import type { Queryable } from '../../../db/database.js';
import { slaColumns, slaFromRow, slaOfQueue, type SlaRow, type TicketSla } from '../../../domain/slas.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied, reject, type Rejection } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/** An SLA by id with its calendar, its name and whether it is still configured; null when there is none. */
async function slaById(db: Queryable, id: string): Promise<{ sla: TicketSla; name: string; valid: boolean } | null> {
  const result = await db.query<SlaRow & { name: string; valid: boolean }>(
    `SELECT ${slaColumns}, s.name, s.valid FROM slas s JOIN calendars c ON c.id = s.calendar_id WHERE s.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row ? { sla: await slaFromRow(db, row), name: row.name, valid: row.valid } : null;
}

/**
 * The SLA the ticket counts with after the change: the one named (it must exist and still be
 * configured) or, for null, its queue's. The messages name the field; SLAs are public (every
 * agent receives them), so naming one leaks nothing.
 */
async function slaToCountWith(db: Queryable, slaId: string | null, queueId: string): Promise<{ sla: TicketSla } | Rejection> {
  if (slaId === null) return { sla: await slaOfQueue(db, queueId) };
  const found = await slaById(db, slaId);
  if (!found) return reject('invalid-args', 'slaId: there is no SLA with this id');
  if (!found.valid) return reject('invalid-args', `slaId: SLA ${found.name} is no longer in use`);
  return { sla: found.sla };
}

/**
 * Gives one ticket an SLA of its own, or (null) hands it back to its queue's. Running clocks
 * get the new SLA's due and warning instants from where they started, in the same transaction;
 * stopped and paused clocks (a closed ticket, the update clock while pending) keep theirs and
 * count with the new SLA when they run again. Breaches already recorded stay recorded.
 */
export const setSla = defineMutation(mutationArgs['ticket.setSla'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.setSla'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  const { ticket } = opened.record;
  if (args.slaId?.toLowerCase() === ticket.slaId?.toLowerCase()) {
    const own = args.slaId === null ? "its queue's SLA" : 'this SLA of its own';
    return reject('invalid-args', `slaId: ticket ${ticket.number} counts with ${own} already`);
  }
  const next = await slaToCountWith(ctx.tx, args.slaId, ticket.queueId);
  if ('status' in next) return next;
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const clocks = clockFieldsOf(clocksRecomputed(next.sla.calendar, next.sla.targets, clocksOfTicket(ticket)));
  const toSlaId = args.slaId === null ? null : next.sla.slaId;
  const { record, changes } = await writeTicket(ctx, opened.record, {
    changes: { slaId: toSlaId, ...clocks },
    written: writtenFields['ticket.setSla'],
    history: { event: 'sla-changed', data: { fromSlaId: ticket.slaId, toSlaId } },
    performedAt: args.performedAt,
  });
  return applied(record, changes);
});
