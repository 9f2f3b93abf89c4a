import type { TicketField } from '../../../src-shared/sync/entities.js';
import type { EmailRecipients } from '../../../src-shared/sync/mutations.js';
import type { NewChange } from '../change-log.js';
import { ticketChange } from '../../domain/changes.js';
import { appendHistory, type HistoryEvent } from '../../domain/history.js';
import type { TicketRecord } from '../../domain/ticket-record.js';
import { ticketUpdate, type TicketChanges } from '../../domain/tickets.js';
import { actorHistoryData, actorIdOf, type MutationActor } from './actor.js';
import type { MutationContext } from './outcome.js';

export interface TicketWrite {
  changes: TicketChanges;
  /** Fields that get the new version in `field_versions`. */
  written: readonly TicketField[];
  history: { event: HistoryEvent; data: Record<string, unknown> };
  /** When the agent did it (offline perhaps); kept in the history row for display. */
  performedAt?: string | undefined;
}

/**
 * Writes the ticket's next version with one history row; returns the new record and the change
 * rows (history first, the ticket last, so that the answered seq carries the new version).
 */
export async function writeTicket(ctx: MutationContext<MutationActor>, record: TicketRecord, write: TicketWrite, group: string = record.group): Promise<{ record: TicketRecord; changes: NewChange[] }> {
  const update = ticketUpdate(record, write.changes, write.written, ctx.now, group);
  // The history row and the ticket's new version in one statement (one round trip).
  const { change } = await appendHistory(
    ctx.tx,
    { ticketId: record.ticket.id, event: write.history.event, actorId: actorIdOf(ctx.actor), data: historyData(ctx.actor, write.history.data, write.performedAt), occurredAt: ctx.now },
    group,
    update.statement,
  );
  const next = update.record;
  return { record: next, changes: [change, ticketChange(next.ticket, group)] };
}

/** History data with who acted when a customer did (`actorHistoryData`) and the client's `performedAt`. */
export function historyData(actor: MutationActor, data: Record<string, unknown>, performedAt: string | undefined): Record<string, unknown> {
  const byActor = actorHistoryData(actor);
  return withPerformedAt(actor.kind === 'agent' ? data : { ...data, ...byActor }, performedAt);
}

/**
 * The addresses an agent's e-mail went to, in the history row of the article that carried it:
 * the article itself does not keep them, and "who got this" belongs to the ticket's story.
 */
export function recipientsData(article: { recipients?: EmailRecipients | undefined }): Record<string, unknown> {
  return article.recipients === undefined ? {} : { recipients: { to: article.recipients.to, cc: article.recipients.cc } };
}

/** History data with the client's `performedAt` when it sent one. */
export function withPerformedAt(data: Record<string, unknown>, performedAt: string | undefined): Record<string, unknown> {
  return performedAt === undefined ? data : { ...data, performedAt: utcInstant(performedAt) };
}

/** An instant as the server writes it everywhere (UTC, `Z`), whatever offset the client sent. */
export function utcInstant(value: string): string {
  return new Date(value).toISOString();
}
