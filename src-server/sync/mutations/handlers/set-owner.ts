import { mutationArgs, writtenFields } from '../../../../src-shared/sync/mutations.js';
import { isKnownAgent } from '../../../domain/people.js';
import { requiredRights } from '../../../domain/permissions.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied, reject } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/** The owner works on the ticket; with a lock, the lock is theirs. */
export const setOwner = defineMutation(mutationArgs['ticket.setOwner'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, requiredRights.setOwner);
  if (!opened.ok) return opened.outcome;
  if (!(await isKnownAgent(ctx.tx, args.ownerId))) return reject('invalid-args', `ownerId: no agent with id ${args.ownerId} has signed in to Kontor`);
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
