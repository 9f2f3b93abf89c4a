import { mutationArgs, writtenFields } from '../../../../src-shared/sync/mutations.js';
import { requiredRights } from '../../../domain/permissions.js';
import { lockTickets } from '../../../domain/tickets.js';
import { defineMutation } from '../define.js';
import { checkTicket, conflictSince } from '../guard.js';
import { applied, reject } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/**
 * Merges a ticket into another: the source becomes `merged` with `mergedIntoId`, keeps its
 * articles and its queue (nobody gains access to it by the merge), and never changes again; the
 * target gets a history row. `rw` on both; another agent's lock on the source refuses it.
 */
export const merge = defineMutation(mutationArgs['ticket.merge'], async (ctx, args) => {
  if (args.intoTicketId.toLowerCase() === args.ticketId.toLowerCase()) return reject('invalid-args', 'intoTicketId: a ticket cannot be merged into itself');
  const lockedTicket = await lockTickets(ctx.tx, [args.ticketId, args.intoTicketId]);
  const source = checkTicket(ctx, args.ticketId, lockedTicket(args.ticketId), requiredRights.merge);
  if (!source.ok) return source.outcome;
  // The target's lock does not matter: the merge adds only a history row to it.
  const target = checkTicket(ctx, args.intoTicketId, lockedTicket(args.intoTicketId), requiredRights.merge, { respectLock: false });
  if (!target.ok) return target.outcome;
  const conflict = conflictSince(ctx, source.record);
  if (conflict) return conflict;
  const from = source.record.ticket;
  const into = target.record.ticket;
  const merged = await writeTicket(ctx, source.record, {
    changes: { state: 'merged', mergedIntoId: into.id, pendingUntil: null, firstResponseDue: null, updateDue: null, solutionDue: null },
    written: writtenFields['ticket.merge'],
    history: { event: 'merged', data: { from: from.state, intoTicketId: into.id, intoNumber: into.number } },
    performedAt: args.performedAt,
  });
  const mergedInto = await writeTicket(ctx, target.record, {
    changes: {},
    written: [],
    history: { event: 'merged-from', data: { ticketId: from.id, number: from.number } },
    performedAt: args.performedAt,
  });
  return applied(merged.record, [...mergedInto.changes, ...merged.changes]);
});
