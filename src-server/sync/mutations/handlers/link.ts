import { mutationArgs } from '../../../../src-shared/sync/mutations.js';
import { ticketPartChange } from '../../../domain/changes.js';
import { insertLink, linkClash } from '../../../domain/links.js';
import { requiredRights } from '../../../domain/permissions.js';
import { lockTickets } from '../../../domain/tickets.js';
import { defineMutation } from '../define.js';
import { checkTicket } from '../guard.js';
import { applied, reject } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/**
 * Links two tickets: `rw` on the source, `ro` on the target. The link travels with both
 * tickets (a change row in each ticket's group), so that either side shows it. Never conflicts.
 */
export const link = defineMutation(mutationArgs['ticket.link'], async (ctx, args) => {
  if (args.targetTicketId.toLowerCase() === args.ticketId.toLowerCase()) return reject('invalid-args', 'targetTicketId: a ticket cannot be linked to itself');
  const lockedTicket = await lockTickets(ctx.tx, [args.ticketId, args.targetTicketId]);
  const source = checkTicket(ctx, args.ticketId, lockedTicket(args.ticketId), requiredRights.linkSource);
  if (!source.ok) return source.outcome;
  const target = checkTicket(ctx, args.targetTicketId, lockedTicket(args.targetTicketId), requiredRights.linkTarget);
  if (!target.ok) return target.outcome;
  const proposed = { id: args.linkId, sourceTicketId: args.ticketId, targetTicketId: args.targetTicketId, kind: args.kind };
  const clash = await linkClash(ctx.tx, proposed);
  if (clash !== null) return reject('already-exists', clash);

  const saved = await insertLink(ctx.tx, { ...proposed, createdBy: ctx.actor.agent.id, createdAt: ctx.now.toISOString() });
  const linkChanges = [ticketPartChange('link', saved.id, saved.sourceTicketId, source.record.group, saved)];
  if (target.record.group !== source.record.group) {
    linkChanges.push(ticketPartChange('link', saved.id, saved.targetTicketId, target.record.group, saved));
  }
  const written = await writeTicket(ctx, source.record, {
    changes: {},
    written: [],
    history: { event: 'linked', data: { linkId: saved.id, targetTicketId: saved.targetTicketId, targetNumber: target.record.ticket.number, kind: saved.kind } },
    performedAt: args.performedAt,
  });
  return applied(written.record, [...linkChanges, ...written.changes]);
});
