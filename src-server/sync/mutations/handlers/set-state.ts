import { pendingStates, type TicketState } from '../../../../src-shared/sync/entities.js';
import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { clocksForState, slaOfTicket } from '../../../domain/ticket-sla.js';
import { customerStateProblem } from '../customer-rules.js';
import { defineCustomerMutationInTransaction } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied, reject, type Rejection } from '../outcome.js';
import { utcInstant, writeTicket } from '../ticket-write.js';

/** Why a ticket in `from` cannot go to `to` with this pending time, or null. */
function transitionProblem(from: TicketState, to: TicketState, pendingUntil: string | null, now: Date): Rejection | null {
  if (to === 'merged') return reject('invalid-transition', 'state: a ticket becomes merged only by ticket.merge');
  if (to === 'new' && from !== 'new') return reject('invalid-transition', `state: a ${from} ticket cannot become new again`);
  const pending = pendingStates.includes(to);
  if (pending && pendingUntil === null) return reject('invalid-args', `pendingUntil: required for ${to}`);
  if (pending && pendingUntil !== null && new Date(pendingUntil).getTime() <= now.getTime()) {
    return reject('invalid-args', `pendingUntil: must lie in the future (the server's time is ${now.toISOString()})`);
  }
  if (!pending && pendingUntil !== null) return reject('invalid-args', `pendingUntil: only pending states have one, not ${to}`);
  return null;
}

/** Sets the state (`rw`); a customer may only close their own request, where the bank allows it (customer-rules.ts). */
export const setState = defineCustomerMutationInTransaction(mutationArgs['ticket.setState'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.setState'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  if (ctx.actor.kind === 'customer') {
    const problem = customerStateProblem(ctx.actor, ctx.customers, opened.record.ticket, args.state);
    if (problem) return problem;
  }
  const from = opened.record.ticket.state;
  const problem = transitionProblem(from, args.state, args.pendingUntil, ctx.now);
  if (problem) return problem;
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const sla = await slaOfTicket(ctx.tx, opened.record);
  const due = clocksForState(opened.record, args.state, sla, ctx.now);
  const pendingUntil = args.pendingUntil === null ? null : utcInstant(args.pendingUntil);
  const { record, changes } = await writeTicket(ctx, opened.record, {
    changes: { state: args.state, pendingUntil, ...due },
    written: writtenFields['ticket.setState'],
    history: { event: 'state-changed', data: { from, to: args.state, pendingUntil } },
    performedAt: args.performedAt,
  });
  return applied(record, changes);
});
