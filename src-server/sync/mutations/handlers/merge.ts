import { clocksForState, slaOfTicket } from '../../../domain/ticket-sla.js';
import { randomUUID } from 'node:crypto';
import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { insertMergeLink } from '../../../domain/links.js';
import { lockTickets } from '../../../domain/tickets.js';
import { defineMutation } from '../define.js';
import { checkTicket, conflictSince } from '../guard.js';
import { applied, reject } from '../outcome.js';
import { linkChanges } from '../relation-changes.js';
import { writeTicket } from '../ticket-write.js';

/**
 * Merges a ticket into another: the source becomes `merged`, keeps its articles and its queue
 * (nobody gains access to it by the merge), and never changes again; a `merged` link records
 * where it went, so that only agents who may read both tickets learn it. Both get a history
 * row. `rw` on both; another agent's lock on the source refuses it.
 */
export const merge = defineMutation(mutationArgs['ticket.merge'], async (ctx, args) => {
  if (args.intoTicketId.toLowerCase() === args.ticketId.toLowerCase()) return reject('invalid-args', 'intoTicketId: a ticket cannot be merged into itself');
  const lockedTicket = await lockTickets(ctx.tx, [args.ticketId, args.intoTicketId]);
  const source = checkTicket(ctx, 'ticketId', lockedTicket(args.ticketId), mutationRules['ticket.merge'].rights.bothTickets);
  if (!source.ok) return source.outcome;
  // The target's lock does not matter: the merge adds only a history row to it.
  const target = checkTicket(ctx, 'intoTicketId', lockedTicket(args.intoTicketId), mutationRules['ticket.merge'].rights.bothTickets, { respectLock: false });
  if (!target.ok) return target.outcome;
  const conflict = conflictSince(ctx, source.record);
  if (conflict) return conflict;
  const from = source.record.ticket;
  const into = target.record.ticket;
  const link = await insertMergeLink(ctx.tx, {
    // Random, not derived from the ticket: an id anyone could compute could be taken first by a
    // plain link (blocking every merge of the ticket), or confirm a guess from history.
    id: randomUUID(),
    sourceTicketId: from.id,
    targetTicketId: into.id,
    kind: 'merged',
    createdBy: ctx.actor.agent.id,
    createdAt: ctx.now.toISOString(),
  });
  const merged = await writeTicket(ctx, source.record, {
    // A merged ticket stops every clock, as a close does.
    changes: { state: 'merged', pendingUntil: null, ...clocksForState(source.record, 'merged', await slaOfTicket(ctx.tx, source.record), ctx.now) },
    written: writtenFields['ticket.merge'],
    history: { event: 'merged', data: { from: from.state, linkId: link.id, intoTicketId: into.id, intoNumber: into.number } },
    performedAt: args.performedAt,
  });
  const mergedInto = await writeTicket(ctx, target.record, {
    changes: {},
    written: [],
    history: { event: 'merged-from', data: { linkId: link.id, ticketId: from.id, number: from.number } },
    performedAt: args.performedAt,
  });
  return applied(merged.record, [...linkChanges(link, source.record, target.record), ...mergedInto.changes, ...merged.changes]);
});
