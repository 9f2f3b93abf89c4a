import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { isOwnerCandidate } from '../../../domain/people.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied, notOwnerCandidate } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/** The owner works on the ticket; with a lock, the lock is theirs. Only an agent who may own tickets of its group is accepted. */
export const setOwner = defineMutation(mutationArgs['ticket.setOwner'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.setOwner'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  if (!(await isOwnerCandidate(ctx.tx, args.ownerId, opened.record.group))) return notOwnerCandidate('ownerId', opened.record.group);
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const { record, changes } = await writeTicket(ctx, opened.record, {
    changes: { ownerId: args.ownerId },
    written: writtenFields['ticket.setOwner'],
    history: { event: 'owner-changed', data: { from: opened.record.ticket.ownerId, to: args.ownerId } },
    performedAt: args.performedAt,
  });
  return applied(record, changes);
});
