import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/**
 * Anyone with `rw` may unlock, also another agent's lock (a team lead releasing the ticket of
 * someone who went home); the owner stays.
 */
export const unlock = defineMutation(mutationArgs['ticket.unlock'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.unlock'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const { record, changes } = await writeTicket(ctx, opened.record, {
    changes: { locked: false },
    written: writtenFields['ticket.unlock'],
    history: { event: 'unlocked', data: { ownerId: opened.record.ticket.ownerId } },
    performedAt: args.performedAt,
  });
  return applied(record, changes);
});
