import { clockFieldsOf } from '../../src-shared/sla/ticket-clocks.js';
import type { Article, AttachmentMeta, Ticket } from '../../src-shared/sync/entities.js';
import { mutationRules, type articleInputSchema } from '../../src-shared/sync/mutations.js';
import type { z } from 'zod';
import type { OutboxEntry } from './outbox.js';
import type { CachedTicket } from './ticket-reader.js';

/** A staged attachment of an edit in the outbox: what the server will hold once it has the edit. */
export type StagedAttachment = Pick<AttachmentMeta, 'size' | 'sha256'>;

/**
 * A ticket the agent created that the server has not numbered yet, built from its
 * `ticket.create` in the outbox: what the agent entered, with an empty number (the screen says
 * the number follows), state new, no owner and no clock running yet (the server starts them
 * when it creates the ticket). Replaced by canonical state as soon as the feed brings the
 * ticket; null when `entries` hold no create for `ticketId`.
 */
export function provisionalTicket(
  ticketId: string,
  entries: readonly OutboxEntry[],
  agentId: string,
  lookups: { institutionOf: (customerUserId: string) => string | null; staged: (attachmentId: string) => StagedAttachment | null },
): CachedTicket | null {
  const id = ticketId.toLowerCase();
  const entry = entries.find((candidate) => candidate.name === 'ticket.create' && candidate.subjectId === id);
  if (!entry) return null;
  // Checked by the outbox when the agent made it; parsed again for its types, with the defaults filled in.
  const parsed = mutationRules['ticket.create'].args.safeParse(entry.args);
  if (!parsed.success) return null;
  const args = parsed.data;
  const at = args.performedAt ?? entry.createdAt;
  // Not started: the server starts the clocks when it creates the ticket.
  const idle = { startedAt: null, minutes: 0, due: null, warnAt: null, breached: false, warned: false, answered: false };
  const clocks = clockFieldsOf({ firstResponse: idle, update: idle, solution: idle });
  const ticket: Ticket = {
    ...clocks,
    id,
    number: '',
    title: args.title,
    queueId: args.queueId,
    type: args.type,
    state: 'new',
    priority: args.priority,
    locked: false,
    ownerId: null,
    responsibleId: null,
    customerUserId: args.customerUserId,
    institutionId: args.customerUserId === null ? null : lookups.institutionOf(args.customerUserId),
    pendingUntil: null,
    slaId: null,
    createdAt: at,
    createdBy: agentId,
    updatedAt: at,
    version: 1,
  };
  const article = articleFrom(args.article, id, agentId, at, lookups.staged);
  return { ticket, articles: [article], history: [], links: [], timeEntries: [] };
}

/**
 * The articles the agent added to `ticketId` that the server has not confirmed yet (their
 * `ticket.addArticle` is pending, or applied but not yet in the feed), as the article will read.
 */
export function outboxArticles(ticketId: string, entries: readonly OutboxEntry[], agentId: string, staged: (attachmentId: string) => StagedAttachment | null): Article[] {
  const id = ticketId.toLowerCase();
  return entries.flatMap((entry) => {
    if (entry.name !== 'ticket.addArticle' || entry.subjectId !== id || (entry.status !== 'pending' && entry.status !== 'applied')) return [];
    const parsed = mutationRules['ticket.addArticle'].args.safeParse(entry.args);
    return parsed.success ? [articleFrom(parsed.data.article, id, agentId, parsed.data.performedAt ?? entry.createdAt, staged)] : [];
  });
}

/** An article as the server will record it from what the agent entered; its attachments as staged. */
function articleFrom(input: z.output<typeof articleInputSchema>, ticketId: string, agentId: string, at: string, staged: (attachmentId: string) => StagedAttachment | null): Article {
  const attachments = input.attachments.flatMap((upload): AttachmentMeta[] => {
    const file = staged(upload.id);
    return file === null ? [] : [{ id: upload.id, filename: upload.filename, contentType: upload.contentType, ...file }];
  });
  return {
    id: input.articleId,
    ticketId,
    channel: input.channel,
    visibility: input.visibility,
    sender: input.sender,
    authorId: input.sender === 'agent' ? agentId : null,
    subject: input.subject,
    body: input.body,
    timeUnits: input.timeUnits,
    attachments,
    createdAt: at,
    performedAt: at,
    version: 1,
  };
}
