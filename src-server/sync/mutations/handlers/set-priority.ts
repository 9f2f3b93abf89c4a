import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

export const setPriority = defineMutation(mutationArgs['ticket.setPriority'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.setPriority'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const { record, changes } = await writeTicket(ctx, opened.record, {
    changes: { priority: args.priority },
    written: writtenFields['ticket.setPriority'],
    history: { event: 'priority-changed', data: { from: opened.record.ticket.priority, to: args.priority } },
    performedAt: args.performedAt,
  });
  return applied(record, changes);
});
