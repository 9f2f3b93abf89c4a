import { clockNames } from '../../src-shared/sla/clocks.js';
import type { Article, AttachmentMeta, Ticket } from '../../src-shared/sync/entities.js';
import { mutationRules } from '../../src-shared/sync/mutations.js';
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
  const clocks = Object.fromEntries<number | boolean | null>(
    clockNames.flatMap((clock): [string, number | boolean | null][] => [
      [`${clock}StartedAt`, null],
      [`${clock}Minutes`, 0],
      [`${clock}Due`, null],
      [`${clock}WarnAt`, null],
      [`${clock}Breached`, false],
      [`${clock}Warned`, false],
      [`${clock}Answered`, false],
    ]),
  );
  const ticket = {
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
  } as Ticket;
  const { article: input } = args;
  const attachments = input.attachments.flatMap((upload): AttachmentMeta[] => {
    const staged = lookups.staged(upload.id);
    return staged === null ? [] : [{ id: upload.id, filename: upload.filename, contentType: upload.contentType, ...staged }];
  });
  const article: Article = {
    id: input.articleId,
    ticketId: id,
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
  return { ticket, articles: [article], history: [], links: [], timeEntries: [] };
}
