import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { isOwnerCandidate } from '../../../domain/people.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied, notOwnerCandidate } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/** The responsible answers for the ticket; the same agents are accepted as for owner. */
export const setResponsible = defineMutation(mutationArgs['ticket.setResponsible'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.setResponsible'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  if (!(await isOwnerCandidate(ctx.tx, args.responsibleId, opened.record.group))) return notOwnerCandidate('responsibleId', opened.record.group);
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const { record, changes } = await writeTicket(ctx, opened.record, {
    changes: { responsibleId: args.responsibleId },
    written: writtenFields['ticket.setResponsible'],
    history: { event: 'responsible-changed', data: { from: opened.record.ticket.responsibleId, to: args.responsibleId } },
    performedAt: args.performedAt,
  });
  return applied(record, changes);
});
