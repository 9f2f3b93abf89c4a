import { z } from 'zod';
import { limits } from '../limits.js';
import { attachmentMetaSchema, ticketStateSchema, ticketTypes } from '../sync/entities.js';

/**
 * The customer portal's JSON API under `/portal/api/` (docs/portal.md). The portal app and
 * Kontor Server both validate with these schemas: the server what arrives and what it answers,
 * the app every answer it reads. A customer's view of a ticket is its own shape, never the
 * agents' entity: what is not in here cannot leak (internal notes, agents' names, SLA clocks).
 */

/** The header every state-changing portal request carries: a cross-site form cannot set it. */
export const portalRequestHeader = { name: 'x-kontor-portal', value: '1' } as const;

/** Why a customer's sign-in was refused. One reason for a wrong password and an unknown user. */
export const portalSignInFailureReasons = [
  'invalid-credentials',
  'empty-password',
  /** The account is an agent's, or a directory entry outside the customers' subtree, or one without an institution. */
  'not-a-customer',
  /** The directory knows the customer, Kontor's copy of it does not yet (the scheduled directory sync has not run since). */
  'customer-not-known-yet',
  'password-expired',
  'account-locked',
  'account-disabled',
  'too-many-attempts',
  'directory-unavailable',
] as const;
export type PortalSignInFailureReason = (typeof portalSignInFailureReasons)[number];

/** Every reason a portal error answer carries. */
export const portalReasons = [
  ...portalSignInFailureReasons,
  'invalid-request',
  'unauthenticated',
  'session-expired',
  /** A state-changing request without the portal header, or from another origin. */
  'cross-site-request',
  /** An unknown ticket or attachment, and equally one of another institution. */
  'not-found',
  /** The bank's rules refuse it (a queue not open to customers, closing where that is not allowed). */
  'permission-denied',
  /** The arguments were refused by the ticket rules (sizes, types). */
  'invalid-args',
  /** The ticket changed meanwhile: read it again and retry. */
  'conflict',
  /** More writes or searches in one minute than the bank allows one customer user; `retryAfterSeconds` says when again. */
  'too-many-requests',
  'internal-error',
  'database-unavailable',
] as const;
export const portalReasonSchema = z.enum(portalReasons);
export type PortalReason = z.infer<typeof portalReasonSchema>;

export const portalErrorSchema = z.object({
  reason: portalReasonSchema,
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type PortalError = z.infer<typeof portalErrorSchema>;

export const portalSignInRequestSchema = z.strictObject({
  username: z.string().max(limits.usernameMaxLength),
  password: z.string().max(limits.passwordMaxLength),
});
export type PortalSignInRequest = z.infer<typeof portalSignInRequestSchema>;

const id = z.uuid();
const instant = z.iso.datetime({ offset: true });

/** A queue the bank opens to customers: what the "new ticket" form offers. */
export const portalQueueSchema = z.object({ id, name: z.string().min(1) });
export type PortalQueue = z.infer<typeof portalQueueSchema>;

/** `GET /portal/api/me` and the answer to a sign-in: who is signed in and what the bank allows them. */
export const portalMeSchema = z.object({
  customer: z.object({
    id: z.string().min(1),
    username: z.string().min(1),
    displayName: z.string().min(1),
  }),
  institution: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  queues: z.array(portalQueueSchema),
  mayClose: z.boolean(),
  expiresAt: instant,
  idleTimeoutSeconds: z.number().int().positive(),
});
export type PortalMe = z.infer<typeof portalMeSchema>;

export const portalTicketFilters = ['open', 'closed', 'mine', 'all'] as const;
export type PortalTicketFilter = (typeof portalTicketFilters)[number];

/** Longest search text: a ticket number or a few words. */
export const portalSearchMaxLength = 200;
/** Most tickets one list answer holds; the newest first. */
export const portalListMaxTickets = 200;

export const portalTicketListQuerySchema = z.strictObject({
  filter: z.enum(portalTicketFilters).default('open'),
  q: z.string().trim().max(portalSearchMaxLength).default(''),
});
export type PortalTicketListQuery = z.infer<typeof portalTicketListQuerySchema>;

/** A ticket in the customer's list. */
export const portalTicketSummarySchema = z.object({
  id,
  number: z.string().regex(/^\d{14}$/u),
  title: z.string().min(1),
  type: z.enum(ticketTypes),
  state: ticketStateSchema,
  /** The customer user it was opened for, by name (colleagues of one institution see each other's tickets). */
  customerName: z.string().nullable(),
  /** Opened for the signed-in customer. */
  mine: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
});
export type PortalTicketSummary = z.infer<typeof portalTicketSummarySchema>;

export const portalTicketListSchema = z.object({
  tickets: z.array(portalTicketSummarySchema),
  /** More tickets matched than `portalListMaxTickets`: narrow the search. */
  truncated: z.boolean(),
});
export type PortalTicketList = z.infer<typeof portalTicketListSchema>;

/** A customer-visible article: who wrote it is only "you/your colleague" (by name) or "the service". */
export const portalArticleSchema = z.object({
  id,
  /** `service`: an agent or the system, never named; `customer`: a customer user, named. */
  from: z.enum(['service', 'customer']),
  authorName: z.string().nullable(),
  channel: z.enum(['phone', 'email', 'portal']),
  subject: z.string(),
  /** Plain text, always: e-mail HTML is turned into text on the server. */
  body: z.string(),
  createdAt: instant,
  attachments: z.array(attachmentMetaSchema),
});
export type PortalArticle = z.infer<typeof portalArticleSchema>;

/** `GET /portal/api/tickets/:id`. */
export const portalTicketSchema = portalTicketSummarySchema.extend({
  /** The queue's name when it is one the bank opens to customers; null otherwise (internal queue names stay inside). */
  queueName: z.string().nullable(),
  /**
   * While the first answer is outstanding: when the bank has promised it (null: nothing
   * outstanding). Absent when the bank does not show it (`customers.showDueDates.firstResponse`).
   */
  firstResponseDue: instant.nullable().optional(),
  /** While the ticket is open: when the bank has promised a solution. Absent when the bank does not show it (`customers.showDueDates.solution`). */
  solutionDue: instant.nullable().optional(),
  /** Whether the signed-in customer may close it (their own request, the bank allows it, still open). */
  mayClose: z.boolean(),
  /** The ticket's version, sent back with a close. */
  version: z.number().int().positive(),
  articles: z.array(portalArticleSchema),
});
export type PortalTicket = z.infer<typeof portalTicketSchema>;

/** An attachment as the portal uploads it (base64 inside the JSON body). */
export const portalUploadSchema = z.strictObject({
  filename: z.string().min(1).max(limits.attachmentFilenameMaxLength),
  contentType: z.string().min(1).max(255),
  contentBase64: z
    .string()
    .max(Math.ceil(limits.attachmentMaxBytes / 3) * 4, `attachment larger than ${limits.attachmentMaxBytes} bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/u, 'not base64'),
});
export type PortalUpload = z.infer<typeof portalUploadSchema>;

/** Attachments one portal request may carry (a customer's screenshots and statements, not a mailbox). */
export const portalAttachmentsMax = 10;
/** All attachments of one portal request together; the app refuses more before it sends. */
export const portalAttachmentsTotalMaxBytes = 20 * 1024 * 1024;
/** Largest portal request body: the attachments base64-encoded, with room for the text. */
export const portalBodyMaxBytes = Math.ceil(portalAttachmentsTotalMaxBytes / 3) * 4 + 2 * limits.articleBodyMaxLength * 4 + 64 * 1024;

/**
 * Every write names itself with an id the app makes when the form opens, so that sending it
 * again (a lost answer, a double click) applies it once: the mutation id on the server.
 */
/**
 * The request's id, the mutation's and (for a new request) the ticket's: a UUIDv7 as the portal
 * makes them. Other versions are refused, so that a customer cannot take ids the server derives
 * (mail-in's, version 8) ahead of the mail they belong to.
 */
const requestId = { requestId: z.uuidv7() };

export const portalCreateTicketSchema = z.strictObject({
  ...requestId,
  queueId: id,
  type: z.enum(ticketTypes),
  title: z.string().trim().min(1).max(limits.ticketTitleMaxLength),
  body: z.string().trim().min(1).max(limits.articleBodyMaxLength),
  attachments: z.array(portalUploadSchema).max(portalAttachmentsMax).default([]),
});
export type PortalCreateTicket = z.input<typeof portalCreateTicketSchema>;

export const portalFollowUpSchema = z.strictObject({
  ...requestId,
  body: z.string().trim().min(1).max(limits.articleBodyMaxLength),
  attachments: z.array(portalUploadSchema).max(portalAttachmentsMax).default([]),
});
export type PortalFollowUp = z.input<typeof portalFollowUpSchema>;

export const portalCloseSchema = z.strictObject({
  ...requestId,
  /** The version the customer saw: a ticket changed since is a `conflict`. */
  version: z.number().int().positive(),
  outcome: z.enum(['successful', 'unsuccessful']).default('successful'),
});
export type PortalClose = z.input<typeof portalCloseSchema>;

/** What a write answers: the ticket it wrote (its number, once the server assigned one). */
export const portalWriteResultSchema = z.object({ ticketId: id, number: z.string().regex(/^\d{14}$/u) });
export type PortalWriteResult = z.infer<typeof portalWriteResultSchema>;
