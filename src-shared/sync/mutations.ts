import { z } from 'zod';
import { limits } from '../limits.js';
import { agentLinkKinds, articleChannels, articleSenders, articleVisibilities, ticketStateSchema, ticketTypes } from './entities.js';

const id = z.uuid();
const instant = z.iso.datetime({ offset: true });

/** An attachment as an offline edit carries it: content base64-encoded, size checked when typed. */
export const attachmentUploadSchema = z.strictObject({
  id,
  filename: z.string().min(1).max(limits.attachmentFilenameMaxLength),
  contentType: z.string().min(1).max(255),
  contentBase64: z
    .string()
    .max(Math.ceil(limits.attachmentMaxBytes / 3) * 4, `attachment larger than ${limits.attachmentMaxBytes} bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/u, 'not base64'),
});

export const articleInputSchema = z.strictObject({
  articleId: id,
  channel: z.enum(articleChannels),
  visibility: z.enum(articleVisibilities),
  /** `customer` records what a customer said (a call, a forwarded e-mail); it reopens a closed ticket. */
  sender: z.enum(articleSenders).exclude(['system']).default('agent'),
  subject: z.string().max(limits.articleSubjectMaxLength),
  body: z.string().max(limits.articleBodyMaxLength),
  timeUnits: z.number().int().nonnegative().max(limits.timeEntryMaxMinutes).default(0),
  attachments: z.array(attachmentUploadSchema).max(limits.attachmentsPerArticle).default([]),
});

const ticketRef = { ticketId: id };
/** When the agent made the edit (perhaps offline); display only, the server's commit time counts. */
const performedAt = { performedAt: instant.optional() };

/**
 * The mutation catalogue: every change a client may ask for, with its argument schema. The
 * names and schemas are the contract; `docs/api.md` describes each.
 */
export const mutationArgs = {
  'ticket.create': z.strictObject({
    ...ticketRef,
    ...performedAt,
    queueId: id,
    title: z.string().trim().min(1).max(limits.ticketTitleMaxLength),
    type: z.enum(ticketTypes),
    priority: z.number().int().min(1).max(5).default(3),
    /** A phone ticket for a customer user; null for an internal ticket. */
    customerUserId: z.string().min(1).max(128).nullable(),
    article: articleInputSchema,
  }),
  'ticket.addArticle': z.strictObject({ ...ticketRef, ...performedAt, article: articleInputSchema }),
  'ticket.move': z.strictObject({ ...ticketRef, ...performedAt, queueId: id }),
  'ticket.setState': z.strictObject({ ...ticketRef, ...performedAt, state: ticketStateSchema, pendingUntil: instant.nullable().default(null) }),
  'ticket.setPriority': z.strictObject({ ...ticketRef, ...performedAt, priority: z.number().int().min(1).max(5) }),
  'ticket.setOwner': z.strictObject({ ...ticketRef, ...performedAt, ownerId: z.string().min(1).max(128) }),
  'ticket.setResponsible': z.strictObject({ ...ticketRef, ...performedAt, responsibleId: z.string().min(1).max(128) }),
  'ticket.lock': z.strictObject({ ...ticketRef, ...performedAt }),
  'ticket.unlock': z.strictObject({ ...ticketRef, ...performedAt }),
  'ticket.merge': z.strictObject({ ...ticketRef, ...performedAt, intoTicketId: id }),
  'ticket.link': z.strictObject({ ...ticketRef, ...performedAt, linkId: id, targetTicketId: id, kind: z.enum(agentLinkKinds) }),
  'ticket.accountTime': z.strictObject({
    ...ticketRef,
    ...performedAt,
    entryId: id,
    minutes: z.number().int().positive().max(limits.timeEntryMaxMinutes),
    note: z.string().max(limits.articleSubjectMaxLength).default(''),
  }),
} as const;

export type MutationName = keyof typeof mutationArgs;
export const mutationNames = Object.keys(mutationArgs) as MutationName[];
export type MutationArgs<N extends MutationName> = z.output<(typeof mutationArgs)[N]>;

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(mutationArgs, name);
}

/**
 * The ticket fields each mutation writes: a conflict arises only when one of these changed
 * since the mutation's base version. Notes, time entries and links write none.
 */
export const writtenFields: Record<MutationName, readonly string[]> = {
  'ticket.create': [],
  'ticket.addArticle': [],
  'ticket.move': ['queueId'],
  'ticket.setState': ['state', 'pendingUntil'],
  'ticket.setPriority': ['priority'],
  'ticket.setOwner': ['ownerId'],
  'ticket.setResponsible': ['responsibleId'],
  'ticket.lock': ['locked', 'ownerId'],
  'ticket.unlock': ['locked'],
  'ticket.merge': ['state'],
  'ticket.link': [],
  'ticket.accountTime': [],
};
