import { z } from 'zod';
import { limits } from '../limits.js';
import { describeEntity, field, nullable, type EntityDescription, type FieldDescription } from './entity-fields.js';

/** Entity names of the change feed, in bootstrap order. */
export const entityNames = ['queue', 'institution', 'customer-user', 'agent', 'sla', 'calendar', 'ticket', 'article', 'history', 'link', 'time-entry'] as const;
export const entityNameSchema = z.enum(entityNames);
export type EntityName = z.infer<typeof entityNameSchema>;

const id = z.uuid();

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
export type TicketType = (typeof ticketTypes)[number];
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

export const queueDescription = describeEntity({
  id: field.uuid(),
  /** Nested with `::`, e.g. `Wertpapiere::Abwicklung`. */
  name: field.text(z.string().min(1)),
  /** The permission group this queue belongs to. */
  group: field.text(z.string().min(1)),
  /** The SLA of its tickets, unless a ticket has one of its own. */
  slaId: field.uuid(),
  valid: field.boolean(),
  version: field.integer(z.number().int().positive()),
});
export const queueSchema = queueDescription.schema;
export type Queue = z.infer<typeof queueSchema>;

const stableId = z.string().min(1).max(128);

/** A client institution, read from the directory; `valid` false once the directory no longer has it. */
export const institutionDescription = describeEntity({
  id: field.text(stableId),
  name: field.text(z.string().min(1).max(limits.displayNameMaxLength)),
  valid: field.boolean(),
  version: field.integer(z.number().int().positive()),
});
export const institutionSchema = institutionDescription.schema;
export type InstitutionEntity = z.infer<typeof institutionSchema>;

/** A customer user (staff of a client institution), read from the directory. */
export const customerUserDescription = describeEntity({
  id: field.text(stableId),
  username: field.text(z.string().min(1).max(limits.usernameMaxLength)),
  displayName: field.text(z.string().min(1).max(limits.displayNameMaxLength)),
  email: nullable(field.text(z.string().max(320))),
  phone: nullable(field.text(z.string().max(64))),
  institutionId: nullable(field.text(stableId)),
  valid: field.boolean(),
  version: field.integer(z.number().int().positive()),
});
export const customerUserEntitySchema = customerUserDescription.schema;
export type CustomerUserEntity = z.infer<typeof customerUserEntitySchema>;

/** An agent as every Desk may know them: to show owners by name and offer owner candidates offline. */
export const agentDescription = describeEntity({
  id: field.text(stableId),
  username: field.text(z.string().min(1).max(limits.usernameMaxLength)),
  displayName: field.text(z.string().min(1).max(limits.displayNameMaxLength)),
  email: nullable(field.text(z.string().max(320))),
  /** Groups in which the agent may own tickets (`ro` and `owner`, or `rw`). */
  ownerGroups: field.textList(z.string().min(1)),
  valid: field.boolean(),
  version: field.integer(z.number().int().positive()),
});
export const agentEntitySchema = agentDescription.schema;
export type AgentEntity = z.infer<typeof agentEntitySchema>;

/** An SLA: targets in working minutes on a business calendar. */
export const slaDescription = describeEntity({
  id: field.uuid(),
  name: field.text(z.string().min(1).max(200)),
  calendarId: field.uuid(),
  firstResponseMinutes: field.integer(slaTargetsSchema.shape.firstResponseMinutes),
  updateMinutes: field.integer(slaTargetsSchema.shape.updateMinutes),
  solutionMinutes: field.integer(slaTargetsSchema.shape.solutionMinutes),
  warningPercent: field.integer(slaTargetsSchema.shape.warningPercent),
  valid: field.boolean(),
  version: field.integer(z.number().int().positive()),
});
export const slaSchema = slaDescription.schema;
export type Sla = z.infer<typeof slaSchema>;

/** A business calendar as `src-shared/sla/calendar.ts` counts on it, holidays spelt out. */
export const calendarDescription = describeEntity({
  id: field.uuid(),
  name: field.text(z.string().min(1).max(200)),
  timeZone: field.text(z.string().min(1)),
  weekdays: field.json(z.array(z.array(z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]))).length(7)),
  holidays: field.json(z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/u))),
  valid: field.boolean(),
  version: field.integer(z.number().int().positive()),
});
export const calendarEntitySchema = calendarDescription.schema;
export type CalendarEntity = z.infer<typeof calendarEntitySchema>;

/** The clocks of a ticket (`src-shared/sla/clocks.ts`), each stored in fields of its own. */
const slaClockNames = ['firstResponse', 'update', 'solution'] as const;
type ClockFieldKey<C extends string> = `${C}StartedAt` | `${C}Minutes` | `${C}Due` | `${C}WarnAt` | `${C}Breached` | `${C}Warned` | `${C}Answered`;

function clockFields<C extends string>(clock: C) {
  return {
    /** When the running segment started; null while stopped or paused. */
    [`${clock}StartedAt`]: nullable(field.instant()),
    /** Working minutes taken by earlier segments; once stopped, all it took. */
    [`${clock}Minutes`]: field.integer(z.number().int().nonnegative()),
    [`${clock}Due`]: nullable(field.instant()),
    [`${clock}WarnAt`]: nullable(field.instant()),
    [`${clock}Breached`]: field.boolean(),
    [`${clock}Warned`]: field.boolean(),
    [`${clock}Answered`]: field.boolean(),
  } as {
    [K in ClockFieldKey<C>]: K extends `${C}StartedAt` | `${C}Due` | `${C}WarnAt`
      ? FieldDescription<z.ZodNullable<z.ZodISODateTime>>
      : K extends `${C}Minutes`
        ? FieldDescription<z.ZodNumber>
        : FieldDescription<z.ZodBoolean>;
  };
}

const ticketClockFields = {
  ...clockFields(slaClockNames[0]),
  ...clockFields(slaClockNames[1]),
  ...clockFields(slaClockNames[2]),
};

export const ticketDescription = describeEntity({
  id: field.uuid(),
  /** Assigned by the server in the creating transaction: Europe/Berlin date + per-day counter. */
  number: field.text(z.string().regex(/^\d{8}\d{6}$/u)),
  title: field.text(z.string().min(1).max(limits.ticketTitleMaxLength)),
  queueId: field.uuid(),
  type: field.text(z.enum(ticketTypes)),
  state: field.text(ticketStateSchema),
  priority: field.integer(z.number().int().min(1).max(5)),
  locked: field.boolean(),
  ownerId: nullable(field.text()),
  responsibleId: nullable(field.text()),
  customerUserId: nullable(field.text()),
  institutionId: nullable(field.text()),
  pendingUntil: nullable(field.instant()),
  /** An SLA set on this ticket; null: its queue's. */
  slaId: nullable(field.uuid()),
  ...ticketClockFields,
  createdAt: field.instant(),
  createdBy: field.text(),
  updatedAt: field.instant(),
  version: field.integer(z.number().int().positive()),
});
export const ticketSchema = ticketDescription.schema;
export type Ticket = z.infer<typeof ticketSchema>;
/** A field of the ticket entity: what a mutation writes and a conflict names. */
export type TicketField = keyof Ticket;

export const attachmentMetaSchema = z.object({
  id,
  filename: z.string().min(1).max(limits.attachmentFilenameMaxLength),
  contentType: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
});
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;

export const articleDescription = describeEntity({
  id: field.uuid(),
  ticketId: field.uuid(),
  channel: field.text(z.enum(articleChannels)),
  visibility: field.text(z.enum(articleVisibilities)),
  sender: field.text(z.enum(articleSenders)),
  authorId: nullable(field.text()),
  subject: field.text(z.string().max(limits.articleSubjectMaxLength)),
  body: field.text(z.string().max(limits.articleBodyMaxLength)),
  timeUnits: field.integer(z.number().int().nonnegative()),
  /** Kept in their own table; the feed carries their metadata with the article. */
  attachments: field.json(z.array(attachmentMetaSchema)),
  createdAt: field.instant(),
  /** When the agent did it, offline perhaps; for display only. */
  performedAt: field.instant(),
  version: field.integer(z.number().int().positive()),
});
export const articleSchema = articleDescription.schema;
export type Article = z.infer<typeof articleSchema>;

export const historyEntryDescription = describeEntity({
  id: field.serial(),
  ticketId: field.uuid(),
  event: field.text(z.string().min(1)),
  actorId: nullable(field.text()),
  data: field.json(z.record(z.string(), z.unknown())),
  occurredAt: field.instant(),
});
export const historyEntrySchema = historyEntryDescription.schema;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Kinds an agent links tickets by (`ticket.link`). */
export const agentLinkKinds = ['related', 'parent-child', 'duplicate'] as const;
/**
 * Every kind of link: `merged` is written by `ticket.merge` (source merged into target). A link is
 * the one place where a ticket names another, so that one rule decides who learns of the other.
 */
export const linkKinds = [...agentLinkKinds, 'merged'] as const;
export const linkDescription = describeEntity({
  id: field.uuid(),
  sourceTicketId: field.uuid(),
  targetTicketId: field.uuid(),
  kind: field.text(z.enum(linkKinds)),
  createdBy: field.text(),
  createdAt: field.instant(),
});
export const linkSchema = linkDescription.schema;
export type Link = z.infer<typeof linkSchema>;

export const timeEntryDescription = describeEntity({
  id: field.uuid(),
  ticketId: field.uuid(),
  agentId: field.text(),
  minutes: field.integer(z.number().int().positive().max(limits.timeEntryMaxMinutes)),
  note: field.text(z.string().max(limits.articleSubjectMaxLength)),
  createdAt: field.instant(),
  performedAt: field.instant(),
});
export const timeEntrySchema = timeEntryDescription.schema;
export type TimeEntry = z.infer<typeof timeEntrySchema>;

/** Every entity of the feed, described once: stores and the feed's schemas derive from these. */
export const entityDescriptions = {
  queue: queueDescription,
  institution: institutionDescription,
  'customer-user': customerUserDescription,
  agent: agentDescription,
  sla: slaDescription,
  calendar: calendarDescription,
  ticket: ticketDescription,
  article: articleDescription,
  history: historyEntryDescription,
  link: linkDescription,
  'time-entry': timeEntryDescription,
} as const satisfies Record<EntityName, EntityDescription>;

export const entitySchemas = {
  queue: queueSchema,
  institution: institutionSchema,
  'customer-user': customerUserEntitySchema,
  agent: agentEntitySchema,
  sla: slaSchema,
  calendar: calendarEntitySchema,
  ticket: ticketSchema,
  article: articleSchema,
  history: historyEntrySchema,
  link: linkSchema,
  'time-entry': timeEntrySchema,
} as const satisfies { [E in EntityName]: (typeof entityDescriptions)[E]['schema'] };
