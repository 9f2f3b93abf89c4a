import { z } from 'zod';
import { limits } from '../limits.js';

/** Entity names of the change feed, in bootstrap order. */
export const entityNames = ['queue', 'ticket', 'article', 'history', 'link', 'time-entry'] as const;
export const entityNameSchema = z.enum(entityNames);
export type EntityName = z.infer<typeof entityNameSchema>;

const id = z.uuid();
const instant = z.iso.datetime({ offset: true });

export const ticketTypes = ['incident', 'service-request', 'complaint'] as const;
export const ticketStates = [
  'new',
  'open',
  'pending-reminder',
  'pending-auto-close',
  'closed-successful',
  'closed-unsuccessful',
  'merged',
] as const;
export const ticketStateSchema = z.enum(ticketStates);
export type TicketState = z.infer<typeof ticketStateSchema>;
export const pendingStates: readonly TicketState[] = ['pending-reminder', 'pending-auto-close'];
export const closedStates: readonly TicketState[] = ['closed-successful', 'closed-unsuccessful', 'merged'];

export const articleChannels = ['phone', 'email', 'portal', 'note'] as const;
export const articleVisibilities = ['internal', 'customer-visible'] as const;
export const articleSenders = ['agent', 'customer', 'system'] as const;

export const slaTargetsSchema = z.object({
  firstResponseMinutes: z.number().int().positive(),
  updateMinutes: z.number().int().positive(),
  solutionMinutes: z.number().int().positive(),
  warningPercent: z.number().int().min(1).max(100),
});
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

export const queueSchema = z.object({
  id,
  /** Nested with `::`, e.g. `Wertpapiere::Abwicklung`. */
  name: z.string().min(1),
  /** The permission group this queue belongs to. */
  group: z.string().min(1),
  sla: slaTargetsSchema,
  valid: z.boolean(),
  version: z.number().int().positive(),
});
export type Queue = z.infer<typeof queueSchema>;

export const ticketSchema = z.object({
  id,
  /** Assigned by the server in the creating transaction: Europe/Berlin date + per-day counter. */
  number: z.string().regex(/^\d{8}\d{6}$/u),
  title: z.string().min(1).max(limits.ticketTitleMaxLength),
  queueId: id,
  type: z.enum(ticketTypes),
  state: ticketStateSchema,
  priority: z.number().int().min(1).max(5),
  locked: z.boolean(),
  ownerId: z.string().nullable(),
  responsibleId: z.string().nullable(),
  customerUserId: z.string().nullable(),
  institutionId: z.string().nullable(),
  pendingUntil: instant.nullable(),
  firstResponseDue: instant.nullable(),
  updateDue: instant.nullable(),
  solutionDue: instant.nullable(),
  createdAt: instant,
  createdBy: z.string(),
  updatedAt: instant,
  version: z.number().int().positive(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const attachmentMetaSchema = z.object({
  id,
  filename: z.string().min(1).max(limits.attachmentFilenameMaxLength),
  contentType: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
});
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;

export const articleSchema = z.object({
  id,
  ticketId: id,
  channel: z.enum(articleChannels),
  visibility: z.enum(articleVisibilities),
  sender: z.enum(articleSenders),
  authorId: z.string().nullable(),
  subject: z.string().max(limits.articleSubjectMaxLength),
  body: z.string().max(limits.articleBodyMaxLength),
  timeUnits: z.number().int().nonnegative(),
  attachments: z.array(attachmentMetaSchema),
  createdAt: instant,
  /** When the agent did it, offline perhaps; for display only. */
  performedAt: instant,
  version: z.number().int().positive(),
});
export type Article = z.infer<typeof articleSchema>;

export const historyEntrySchema = z.object({
  id: z.string().regex(/^\d+$/u),
  ticketId: id,
  event: z.string().min(1),
  actorId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: instant,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Kinds an agent links tickets by (`ticket.link`). */
export const agentLinkKinds = ['related', 'parent-child', 'duplicate'] as const;
/**
 * Every kind of link: `merged` is written by `ticket.merge` (source merged into target). A link is
 * the one place where a ticket names another, so that one rule decides who learns of the other.
 */
export const linkKinds = [...agentLinkKinds, 'merged'] as const;
export const linkSchema = z.object({
  id,
  sourceTicketId: id,
  targetTicketId: id,
  kind: z.enum(linkKinds),
  createdBy: z.string(),
  createdAt: instant,
});
export type Link = z.infer<typeof linkSchema>;

export const timeEntrySchema = z.object({
  id,
  ticketId: id,
  agentId: z.string(),
  minutes: z.number().int().positive().max(limits.timeEntryMaxMinutes),
  note: z.string().max(limits.articleSubjectMaxLength),
  createdAt: instant,
  performedAt: instant,
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;

export const entitySchemas = {
  queue: queueSchema,
  ticket: ticketSchema,
  article: articleSchema,
  history: historyEntrySchema,
  link: linkSchema,
  'time-entry': timeEntrySchema,
} as const satisfies Record<EntityName, z.ZodType>;
