import { z } from 'zod';
import { limits } from '../limits.js';
import type { Right } from '../permissions.js';
import { agentLinkKinds, articleChannels, articleSenders, articleVisibilities, ticketStateSchema, ticketTypes, type EntityName, type TicketField } from './entities.js';

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

/** One e-mail address as the outbox takes it; the Desk checks what is typed with it too. */
export const emailAddressSchema = z.email().max(limits.emailAddressMaxLength);

/** Who an agent's e-mail reply goes to; without it, the ticket's customer user. */
export const emailRecipientsSchema = z
  .strictObject({
    to: z.array(emailAddressSchema).min(1).max(limits.emailRecipientsPerArticle),
    cc: z.array(emailAddressSchema).max(limits.emailRecipientsPerArticle).default([]),
  })
  .refine((recipients) => recipients.to.length + recipients.cc.length <= limits.emailRecipientsPerArticle, {
    error: `at most ${limits.emailRecipientsPerArticle} addresses in to and cc together`,
  });
export type EmailRecipients = z.infer<typeof emailRecipientsSchema>;

export const articleInputSchema = z
  .strictObject({
    articleId: id,
    channel: z.enum(articleChannels),
    visibility: z.enum(articleVisibilities),
    /** `customer` records what a customer said (a call, a forwarded e-mail); it reopens a closed ticket. */
    sender: z.enum(articleSenders).exclude(['system']).default('agent'),
    subject: z.string().max(limits.articleSubjectMaxLength),
    body: z.string().max(limits.articleBodyMaxLength),
    timeUnits: z.number().int().nonnegative().max(limits.timeEntryMaxMinutes).default(0),
    attachments: z.array(attachmentUploadSchema).max(limits.attachmentsPerArticle).default([]),
    /** Only on an agent's customer-visible e-mail (channel `email`); leaves through the mail outbox to these addresses. */
    recipients: emailRecipientsSchema.optional(),
  })
  .superRefine((article, ctx) => {
    if (article.recipients === undefined) return;
    if (article.channel !== 'email' || article.visibility !== 'customer-visible' || article.sender !== 'agent') {
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: "only an agent's customer-visible article on channel email has recipients" });
    }
  });

const ticketRef = { ticketId: id };
/** When the agent made the edit (perhaps offline); display only, the server's commit time counts. */
const performedAt = { performedAt: instant.optional() };

/**
 * What belongs to one mutation, in one place: its arguments, the ticket fields it writes (a
 * conflict arises only when one of these changed since the mutation's base version; notes, time
 * entries and links write none), whether another agent's lock refuses it, and the rights it
 * needs (rw implies every right; reading a ticket at all needs `ro`). Every key is required, so
 * a mutation that forgets one does not compile. `docs/api.md` describes each.
 */
export interface MutationRule {
  args: z.ZodType;
  /**
   * The entity a mutation is about, and the argument naming it: when a mutation does not apply,
   * later ones about the same entity in the batch are held back (`held-back`), others go on.
   */
  subject: { entity: EntityName; arg: string };
  writes: readonly TicketField[];
  respectsLock: boolean;
  /** The rights it needs, named by what they are checked on. */
  rights: Readonly<Record<string, Right>>;
}

/** A mutation of one ticket, named by its `ticketId` argument. */
const ticketRule = <const A extends z.ZodType, const R extends Readonly<Record<string, Right>>>(spec: {
  args: A;
  writes: readonly TicketField[];
  respectsLock: boolean;
  rights: R;
}): { args: A; subject: { entity: 'ticket'; arg: 'ticketId' }; writes: readonly TicketField[]; respectsLock: boolean; rights: R } => ({
  ...spec,
  subject: { entity: 'ticket', arg: 'ticketId' },
});

/** The mutation catalogue: every change a client may ask for. The names and schemas are the contract. */
export const mutationRules = {
  'ticket.create': ticketRule({
    args: z.strictObject({
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
    writes: [],
    respectsLock: false,
    rights: { queue: 'create' },
  }),
  'ticket.addArticle': ticketRule({
    args: z.strictObject({ ...ticketRef, ...performedAt, article: articleInputSchema }),
    writes: [],
    respectsLock: false,
    rights: { internal: 'note', customerVisible: 'rw' },
  }),
  /** On the group the ticket leaves and on the group it enters. */
  'ticket.move': ticketRule({ args: z.strictObject({ ...ticketRef, ...performedAt, queueId: id }), writes: ['queueId'], respectsLock: true, rights: { queues: 'move_into' } }),
  'ticket.setState': ticketRule({
    args: z.strictObject({ ...ticketRef, ...performedAt, state: ticketStateSchema, pendingUntil: instant.nullable().default(null) }),
    writes: ['state', 'pendingUntil'],
    respectsLock: true,
    rights: { ticket: 'rw' },
  }),
  'ticket.setPriority': ticketRule({
    args: z.strictObject({ ...ticketRef, ...performedAt, priority: z.number().int().min(1).max(5) }),
    writes: ['priority'],
    respectsLock: false,
    rights: { ticket: 'priority' },
  }),
  /** `slaId` null: back to the queue's SLA. */
  'ticket.setSla': ticketRule({
    args: z.strictObject({ ...ticketRef, ...performedAt, slaId: id.nullable() }),
    writes: ['slaId'],
    respectsLock: false,
    rights: { ticket: 'priority' },
  }),
  'ticket.setOwner': ticketRule({
    args: z.strictObject({ ...ticketRef, ...performedAt, ownerId: z.string().min(1).max(128) }),
    writes: ['ownerId'],
    respectsLock: true,
    rights: { ticket: 'owner' },
  }),
  'ticket.setResponsible': ticketRule({
    args: z.strictObject({ ...ticketRef, ...performedAt, responsibleId: z.string().min(1).max(128) }),
    writes: ['responsibleId'],
    respectsLock: false,
    rights: { ticket: 'owner' },
  }),
  'ticket.lock': ticketRule({ args: z.strictObject({ ...ticketRef, ...performedAt }), writes: ['locked', 'ownerId'], respectsLock: true, rights: { ticket: 'rw' } }),
  'ticket.unlock': ticketRule({ args: z.strictObject({ ...ticketRef, ...performedAt }), writes: ['locked'], respectsLock: false, rights: { ticket: 'rw' } }),
  /** On both tickets; only the merged ticket's lock refuses it. */
  'ticket.merge': ticketRule({ args: z.strictObject({ ...ticketRef, ...performedAt, intoTicketId: id }), writes: ['state'], respectsLock: true, rights: { bothTickets: 'rw' } }),
  'ticket.link': ticketRule({
    args: z.strictObject({ ...ticketRef, ...performedAt, linkId: id, targetTicketId: id, kind: z.enum(agentLinkKinds) }),
    writes: [],
    respectsLock: false,
    rights: { source: 'rw', target: 'ro' },
  }),
  'ticket.accountTime': ticketRule({
    args: z.strictObject({
      ...ticketRef,
      ...performedAt,
      entryId: id,
      minutes: z.number().int().positive().max(limits.timeEntryMaxMinutes),
      note: z.string().max(limits.articleSubjectMaxLength).default(''),
    }),
    writes: [],
    respectsLock: false,
    rights: { ticket: 'note' },
  }),
} as const satisfies Record<string, MutationRule>;

type Rules = typeof mutationRules;
/** Every mutation's argument schema, by name. */
export const mutationArgs = Object.fromEntries(Object.entries(mutationRules).map(([name, spec]) => [name, spec.args])) as { [N in keyof Rules]: Rules[N]['args'] };

export type MutationName = keyof typeof mutationArgs;
export const mutationNames = Object.keys(mutationArgs) as MutationName[];
export type MutationArgs<N extends MutationName> = z.output<(typeof mutationArgs)[N]>;

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(mutationArgs, name);
}

/** The ticket fields each mutation writes (`mutationRules[name].writes`). */
export const writtenFields = Object.fromEntries(Object.entries(mutationRules).map(([name, spec]) => [name, spec.writes])) as Record<MutationName, readonly TicketField[]>;
