import { mutationArgs, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { insertLink, linkClash } from '../../../domain/links.js';
import { lockTickets } from '../../../domain/tickets.js';
import { defineMutation } from '../define.js';
import { checkTicket } from '../guard.js';
import { idTaken, sameLinkExists } from '../id-clash.js';
import { applied, reject } from '../outcome.js';
import { linkChanges } from '../relation-changes.js';
import { writeTicket } from '../ticket-write.js';

/**
 * Links two tickets: `rw` on the source, `ro` on the target. The link travels with both
 * tickets and reaches only agents who may read both (see relation-changes.ts). Never conflicts.
 */
export const link = defineMutation(mutationArgs['ticket.link'], async (ctx, args) => {
  if (args.targetTicketId.toLowerCase() === args.ticketId.toLowerCase()) return reject('invalid-args', 'targetTicketId: a ticket cannot be linked to itself');
  const lockedTicket = await lockTickets(ctx.tx, [args.ticketId, args.targetTicketId]);
  const source = checkTicket(ctx, 'ticketId', lockedTicket(args.ticketId), mutationRules['ticket.link'].rights.source);
  if (!source.ok) return source.outcome;
  const target = checkTicket(ctx, 'targetTicketId', lockedTicket(args.targetTicketId), mutationRules['ticket.link'].rights.target);
  if (!target.ok) return target.outcome;
  const proposed = { id: args.linkId.toLowerCase(), sourceTicketId: source.record.ticket.id, targetTicketId: target.record.ticket.id, kind: args.kind };
  const clash = await linkClash(ctx.tx, proposed);
  if (clash === 'id') return idTaken('link');
  if (clash === 'same') return sameLinkExists(args.kind);

  const saved = await insertLink(ctx.tx, { ...proposed, createdBy: ctx.actor.agent.id, createdAt: ctx.now.toISOString() });
  const written = await writeTicket(ctx, source.record, {
    changes: {},
    written: [],
    history: { event: 'linked', data: { linkId: saved.id, targetTicketId: saved.targetTicketId, targetNumber: target.record.ticket.number, kind: saved.kind } },
    performedAt: args.performedAt,
  });
  return applied(written.record, [...linkChanges(saved, source.record, target.record), ...written.changes]);
});
