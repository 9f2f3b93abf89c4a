import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/** Locking makes the locking agent the owner: a lock is always the owner's. */
export const lock = defineMutation(mutationArgs['ticket.lock'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.lock'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const { record, changes } = await writeTicket(ctx, opened.record, {
    changes: { locked: true, ownerId: ctx.actor.agent.id },
    written: writtenFields['ticket.lock'],
    history: { event: 'locked', data: { ownerId: ctx.actor.agent.id, previousOwnerId: opened.record.ticket.ownerId } },
    performedAt: args.performedAt,
  });
  return applied(record, changes);
});
