import { mutationArgs, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { ticketPartChange } from '../../../domain/changes.js';
import { insertTimeEntry, timeEntryExists } from '../../../domain/time-entries.js';
import { defineMutation } from '../define.js';
import { openTicket } from '../guard.js';
import { idTaken } from '../id-clash.js';
import { applied } from '../outcome.js';
import { utcInstant, writeTicket } from '../ticket-write.js';

/** Books working time on a ticket (`note` is enough); never conflicts. */
export const accountTime = defineMutation(mutationArgs['ticket.accountTime'], async (ctx, args) => {
  const opened = await openTicket(ctx, args.ticketId, mutationRules['ticket.accountTime'].rights.ticket);
  if (!opened.ok) return opened.outcome;
  if (await timeEntryExists(ctx.tx, args.entryId)) return idTaken('time entry');
  const entry = await insertTimeEntry(ctx.tx, {
    id: args.entryId,
    ticketId: args.ticketId,
    agentId: ctx.actor.agent.id,
    minutes: args.minutes,
    note: args.note,
    createdAt: ctx.now.toISOString(),
    performedAt: args.performedAt === undefined ? ctx.now.toISOString() : utcInstant(args.performedAt),
  });
  const written = await writeTicket(ctx, opened.record, {
    changes: {},
    written: [],
    history: { event: 'time-accounted', data: { entryId: entry.id, minutes: entry.minutes } },
    performedAt: args.performedAt,
  });
  return applied(written.record, [ticketPartChange('time-entry', entry.id, entry.ticketId, opened.record.group, entry), ...written.changes]);
});
