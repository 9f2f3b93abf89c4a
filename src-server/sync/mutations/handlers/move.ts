import { hasRight } from '../../../../src-shared/permissions.js';
import { mutationArgs, writtenFields, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { loadQueue } from '../../../domain/queues.js';
import { ticketBundleChanges } from '../../../domain/ticket-bundle.js';
import { defineMutation } from '../define.js';
import { conflictSince, openTicket } from '../guard.js';
import { applied, reject } from '../outcome.js';
import { writeTicket } from '../ticket-write.js';

/**
 * Moves a ticket into another queue: `move_into` on the group it leaves and the group it
 * enters. Into another group, the whole ticket is sent again in the new group (agents there
 * gain it, agents of the old group get a remove). Due instants stay: they were promised.
 */
export const move = defineMutation(mutationArgs['ticket.move'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.move'].rights.queues);
  if (!opened.ok) return opened.outcome;
  const { ticket, group: previousGroup } = opened.record;
  const target = await loadQueue(ctx.tx, args.queueId);
  if (!target) return reject('invalid-args', `queueId: there is no queue ${args.queueId}`);
  if (!target.valid) return reject('invalid-args', `queueId: queue ${target.name} is no longer in use`);
  if (target.id === ticket.queueId) return reject('invalid-args', `queueId: ticket ${ticket.number} is in queue ${target.name} already`);
  if (!hasRight(ctx.actor.permissions, target.group, mutationRules['ticket.move'].rights.queues)) {
    return reject('permission-denied', `ticket.move needs the right "${mutationRules['ticket.move'].rights.queues}" on group ${target.group} of queue ${target.name}`);
  }
  const conflict = conflictSince(ctx, opened.record);
  if (conflict) return conflict;
  const written = await writeTicket(
    ctx,
    opened.record,
    {
      changes: { queueId: target.id },
      written: writtenFields['ticket.move'],
      history: { event: 'moved', data: { fromQueueId: ticket.queueId, toQueueId: target.id } },
      performedAt: args.performedAt,
    },
    target.group,
  );
  if (target.group === previousGroup) return applied(written.record, written.changes);
  return applied(written.record, await ticketBundleChanges(ctx.tx, written.record, previousGroup));
});
