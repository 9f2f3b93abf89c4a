import { z } from 'zod';
import { customerUserSchema, institutionSchema as directoryInstitutionSchema } from '../domain/people.js';
import { limits } from '../limits.js';
import {
  articleSchema,
  calendarEntitySchema,
  customerUserEntitySchema,
  historyEntrySchema,
  institutionSchema,
  linkSchema,
  slaSchema,
  ticketSchema,
  timeEntrySchema,
} from '../sync/entities.js';
import { mutationResultSchema } from '../sync/protocol.js';
import { channel } from './contract-types.js';

/** How far the search index is: ticket numbers and titles are searchable from the start, article text once indexed. */
export const indexProgressSchema = z.object({ indexed: z.number().int().nonnegative(), total: z.number().int().nonnegative() });

/** The always visible indicator: where the agent's cache stands against the server. */
export const syncStatusSchema = z.discriminatedUnion('state', [
  /** No agent signed in: no cache is open. */
  z.object({ state: z.literal('closed') }),
  z.object({ state: z.literal('online'), at: z.iso.datetime(), index: indexProgressSchema }),
  z.object({
    state: z.literal('syncing'),
    phase: z.enum(['snapshot', 'resync', 'log']),
    /** Changes applied in this run so far. */
    items: z.number().int().nonnegative(),
    /** What the snapshot holds in all, where the server said (bootstrap and scoped resync); null in the log. */
    total: z.number().int().nonnegative().nullable(),
    /** From the rate so far; null until there is one to go by. */
    etaSeconds: z.number().nonnegative().nullable(),
  }),
  z.object({
    state: z.literal('offline'),
    since: z.iso.datetime(),
    message: z.string(),
    /** When the cache last took a page from the server: what the agent sees is as of then; null for a cache never synced. */
    lastSynced: z.iso.datetime().nullable(),
    index: indexProgressSchema,
    /** The cache was opened with the offline password check: there is no server session until the agent signs in again. */
    unlocked: z.boolean(),
    /** What failed: the way to Kontor Server, or the Desk's own storing (the cache file on a full disk, the sync thread). */
    cause: z.enum(['server', 'cache']),
  }),
  /** The server ended the session (or there never was one, after an offline unlock): sign in again; nothing typed is lost. */
  z.object({ state: z.literal('signed-out') }),
]);
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

/**
 * The agent's cache file was found damaged when it was opened and was made afresh (the tickets come
 * again from the server): what of the agent's own was read over from the damaged file.
 */
export const cacheRebuiltSchema = z.object({
  at: z.iso.datetime(),
  /** What SQLite said of the damaged file, for IT. */
  damage: z.string(),
  /** Edits the server had not confirmed, read over into the fresh cache: they are sent as before. */
  editsSaved: z.number().int().nonnegative(),
  draftsSaved: z.number().int().nonnegative(),
  /** False when part of the agent's own data could not be read: edits not sent yet may be missing. */
  complete: z.boolean(),
  /** Where the damaged file was kept for IT when not everything could be read; null when it was removed. */
  keptFile: z.string().nullable(),
});
export type CacheRebuilt = z.infer<typeof cacheRebuiltSchema>;

/** Why the agent's cache could not be opened at sign-in: another Kontor Desk version's file (left untouched), or a file or folder unusable now. */
export const cacheOpenFailures = ['cache-other-version', 'cache-unavailable'] as const;
export type CacheOpenFailure = (typeof cacheOpenFailures)[number];

export const outboxStatuses = ['pending', 'applied', 'rejected', 'conflict'] as const;

/** An edit of the agent's that the server has not confirmed into the cache yet, or refused. */
export const pendingEditSchema = z.object({
  mutationId: z.uuid(),
  name: z.string(),
  status: z.enum(outboxStatuses),
  /** When the agent made it. */
  createdAt: z.iso.datetime(),
});

/** A ticket as the Desk shows it: its number is empty while the agent's create waits in the outbox (the server numbers it). */
export const deskTicketSchema = ticketSchema.extend({ number: z.union([z.literal(''), ticketSchema.shape.number]) });

/** A ticket as a queue view shows it: canonical state with the agent's pending edits laid over it. */
export const shownTicketSchema = z.object({
  ticket: ticketSchema,
  /** Edits of this ticket the server has not confirmed yet (or refused): the screen marks them. */
  pending: z.array(pendingEditSchema),
});

export const queuePageInputSchema = z.strictObject({
  queueId: z.uuid(),
  limit: z.number().int().min(1).max(500).default(100),
  /** Where the previous page ended (its `next`); absent for the first page. */
  after: z.strictObject({ updatedAt: z.iso.datetime(), id: z.uuid() }).optional(),
});

export const queuePageSchema = z.object({
  tickets: z.array(shownTicketSchema),
  next: z.object({ updatedAt: z.iso.datetime(), id: z.uuid() }).nullable(),
});

export const ticketSearchInputSchema = z.strictObject({
  query: z.string().max(200),
  limit: z.number().int().min(1).max(100).default(25),
  /** `typing`: every keystroke, article text of the recently active tickets; `everything`: the agent asked for all article text. */
  scope: z.enum(['typing', 'everything']).default('typing'),
});
/** `[start, end)` character offsets of a matched word in a shown text. */
const textMarkSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

export const ticketSearchResultSchema = z.object({
  hits: z.array(
    z.object({
      ticketId: z.uuid(),
      number: z.string(),
      title: z.string(),
      foundIn: z.enum(['ticket', 'articles']),
      /** The title's words that matched, `[start, end)`, for highlighting. */
      titleMarks: z.array(textMarkSchema),
      /** Found in articles: the matching passage of the newest such article, as plain text with the matched words marked. */
      passage: z.object({ text: z.string(), marks: z.array(textMarkSchema) }).nullable(),
    }),
  ),
  /** Cached customer users whose name, user name, e-mail, phone or institution match (offline too). */
  customers: z.array(customerUserSchema),
  /** Cached institutions whose name matches. */
  institutions: z.array(directoryInstitutionSchema),
  /** Which article text was searched: none (the tickets' own fields answered, or the words were too short), the recently active tickets', or all. */
  articles: z.enum(['none', 'recent', 'all']),
  /** How far the search index is while it is built: ticket numbers and titles are searchable from the start. */
  index: indexProgressSchema,
});

/** A refused edit with what the ticket screen needs to offer "keep theirs" or "apply mine again". */
export const failedEditSchema = pendingEditSchema.extend({
  args: z.record(z.string(), z.unknown()),
  result: mutationResultSchema,
});

export const ticketInputSchema = z.strictObject({ ticketId: z.uuid() });
/**
 * What a ticket's ids stand for, from the cache (null where the cache does not hold it): names to
 * show, and the SLA and business calendar its clocks count working time on.
 */
export const ticketContextSchema = z.object({
  queue: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The SLA that applies: the ticket's own, or its queue's. */
  sla: slaSchema.nullable(),
  /** The SLA's calendar. */
  calendar: calendarEntitySchema.nullable(),
  customer: customerUserEntitySchema.nullable(),
  institution: institutionSchema.nullable(),
  /** Display names of the people the ticket mentions (creator, owner, responsible, authors, history, time entries), by id: agents, and customers who acted through the portal or by mail. */
  agents: z.record(z.string(), z.string()),
});
export type TicketContext = z.infer<typeof ticketContextSchema>;

export const ticketViewSchema = z.object({
  /** `cache`: from the agent's cache; `server`: a closed ticket past the retention window, fetched for this view and not kept. */
  source: z.enum(['cache', 'server']),
  ticket: deskTicketSchema,
  pending: z.array(pendingEditSchema),
  failed: z.array(failedEditSchema),
  articles: z.array(articleSchema),
  /** Articles shown from the agent's outbox (a note or the create's first article) that the server has not confirmed yet. */
  pendingArticleIds: z.array(z.uuid()).default([]),
  history: z.array(historyEntrySchema),
  links: z.array(linkSchema),
  timeEntries: z.array(timeEntrySchema),
  context: ticketContextSchema,
});
export type TicketView = z.infer<typeof ticketViewSchema>;

export const mutateInputSchema = z.strictObject({
  name: z.string().min(1).max(100),
  args: z.unknown(),
  /** The ticket version the agent saw; null for creates and for edits that never conflict. */
  baseVersion: z.number().int().nonnegative().nullable(),
});

/** What the agent decides about a refused edit: give it up, or send it again on the server's current version. */
export const resolveEditInputSchema = z.strictObject({ mutationId: z.uuid(), decision: z.enum(['keep-theirs', 'apply-mine']) });

export const callerSearchInputSchema = z.strictObject({ query: z.string().max(limits.customerSearchMaxLength) });
export const callerSearchResultSchema = z.object({
  callers: z.array(
    customerUserSchema.extend({
      /** `cache`: from the agent's cache (offline too); `directory`: found only by the live LDAP look-up. */
      source: z.enum(['cache', 'directory']),
    }),
  ),
  /** Whether the live directory added to the answer: `unavailable` when it could not be asked (offline). */
  directory: z.enum(['asked', 'unavailable', 'not-asked']),
  truncated: z.boolean(),
});
export type CallerSearchResult = z.infer<typeof callerSearchResultSchema>;

/**
 * An attachment as the zoom names it: with the article that carries it. The cache finds it through
 * the article; by its id alone it would read the attachments of every cached article (200 ms at
 * 500,000 articles, for each picture of a mail).
 */
export const attachmentFetchInputSchema = z.strictObject({ articleId: z.uuid(), attachmentId: z.uuid() });
export type AttachmentRef = z.infer<typeof attachmentFetchInputSchema>;
export const attachmentFetchResultSchema = z.object({
  attachmentId: z.uuid(),
  size: z.number().int().nonnegative(),
  /** True when it was in the attachment cache already (no download). */
  cached: z.boolean(),
});

/**
 * How a save ended. The host decides how a file is saved: Electron asks where with the system's
 * save dialog and writes it there; the browser host hands the file to its browser as a download
 * from a one-time address of its own origin, which the renderer follows.
 */
export const attachmentSaveResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), path: z.string().min(1) }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('download'), url: z.string().regex(/^\/download\/[0-9a-f]{32}$/u), filename: z.string().min(1) }),
]);
export type AttachmentSaveResult = z.infer<typeof attachmentSaveResultSchema>;

/** Largest inline picture of a mail the zoom shows when the agent asks for its pictures (it travels base64-encoded to the renderer). */
export const inlinePictureMaxBytes = 4 * 1024 * 1024;

/** A mail's inline picture as the zoom shows it once the agent asked: its type read from its bytes, never from its name. */
export const attachmentPictureResultSchema = z.object({
  attachmentId: z.uuid(),
  dataUrl: z.string().regex(/^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/u).max(Math.ceil((inlinePictureMaxBytes * 4) / 3) + 64),
});

/** The agent's cache, read by the renderer through these channels only: it never sees SQL. */
export const cacheChannels = {
  'sync.status': channel({ input: z.undefined(), output: syncStatusSchema, reasons: [] }),
  'tickets.queuePage': channel({ input: queuePageInputSchema, output: queuePageSchema, reasons: ['not-signed-in'] }),
  'tickets.search': channel({ input: ticketSearchInputSchema, output: ticketSearchResultSchema, reasons: ['not-signed-in'] }),
  'tickets.get': channel({ input: ticketInputSchema, output: ticketViewSchema, reasons: ['not-signed-in', 'not-found', 'server-unreachable'] }),
  /** An edit: checked now (size limits included) and kept in the outbox until the server has it; ok means it is stored. */
  'tickets.mutate': channel({ input: mutateInputSchema, output: z.object({ mutationId: z.uuid() }), reasons: ['not-signed-in', 'invalid-args'] }),
  'tickets.resolveEdit': channel({ input: resolveEditInputSchema, output: z.object({ mutationId: z.uuid().nullable() }), reasons: ['not-signed-in', 'not-found'] }),
  /**
   * Every refused edit, whatever ticket it is about: also those of tickets that left the agent's
   * view (moved away, rights revoked), which no ticket screen can show any more.
   */
  'edits.failed': channel({
    input: z.undefined(),
    output: z.object({ edits: z.array(failedEditSchema.extend({ subjectId: z.string().nullable(), inCache: z.boolean() })) }),
    reasons: ['not-signed-in'],
  }),
  'callers.search': channel({ input: callerSearchInputSchema, output: callerSearchResultSchema, reasons: ['not-signed-in', 'invalid-input'] }),
  'attachments.fetch': channel({
    input: attachmentFetchInputSchema,
    output: attachmentFetchResultSchema,
    reasons: ['not-signed-in', 'not-found', 'server-unreachable'],
  }),
  /** Saves an attachment to a file of the agent's choosing (downloaded first where needed); never opens it. */
  'attachments.save': channel({
    input: attachmentFetchInputSchema,
    output: attachmentSaveResultSchema,
    reasons: ['not-signed-in', 'not-found', 'server-unreachable', 'save-failed'],
  }),
  /** An attachment that is a picture (PNG, JPEG, GIF, WebP by its bytes, up to `inlinePictureMaxBytes`), for a mail's inline pictures. */
  'attachments.picture': channel({
    input: attachmentFetchInputSchema,
    output: attachmentPictureResultSchema,
    reasons: ['not-signed-in', 'not-found', 'server-unreachable', 'not-a-picture', 'picture-too-large'],
  }),
};
