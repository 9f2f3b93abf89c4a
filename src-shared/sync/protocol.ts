import { z } from 'zod';
import { limits } from '../limits.js';
import { entityNameSchema, entitySchemas, ticketSchema } from './entities.js';

/** Every reason a mutation may be rejected with. */
export const rejectionReasons = [
  'invalid-args',
  'unknown-mutation',
  'permission-denied',
  'locked-by-other',
  'not-found',
  'invalid-transition',
  'already-exists',
  /** An earlier mutation of the same ticket in this batch did not apply; send this one again after it. */
  'held-back',
] as const;
export const rejectionReasonSchema = z.enum(rejectionReasons);
export type RejectionReason = z.infer<typeof rejectionReasonSchema>;

/** Reasons the feed and the other sync calls answer with. */
export const syncReasons = ['resync-required', 'invalid-request', 'unauthenticated', 'session-expired', 'not-found', 'permission-denied'] as const;

export const mutationEnvelopeSchema = z.strictObject({
  /** One per cache file. */
  clientId: z.uuid(),
  mutations: z
    .array(
      z.strictObject({
        id: z.uuid(),
        name: z.string().min(1).max(100),
        args: z.unknown(),
        /** The ticket version the client saw; null for creates. */
        baseVersion: z.number().int().nonnegative().nullable(),
      }),
    )
    .min(1)
    .max(limits.mutationsPerBatch),
});
export type MutationEnvelope = z.infer<typeof mutationEnvelopeSchema>;

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({ id: z.uuid(), status: z.literal('applied'), version: z.number().int().positive(), seq: z.number().int().positive() }),
  z.object({ id: z.uuid(), status: z.literal('rejected'), reason: rejectionReasonSchema, message: z.string() }),
  /** A field this mutation writes changed since its base version: the server's ticket as it is now. */
  z.object({ id: z.uuid(), status: z.literal('conflict'), server: ticketSchema, fields: z.array(z.string()) }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;
export const mutationResponseSchema = z.object({ results: z.array(mutationResultSchema) });

const upsertChanges = entityNameSchema.options.map((entity) =>
  // A snapshot row carries the high-water mark it is pinned at, which is 0 on an empty log.
  z.object({ seq: z.number().int().nonnegative(), entity: z.literal(entity), op: z.literal('upsert'), id: z.string(), data: entitySchemas[entity] }),
);
/**
 * Discriminated by `op`, then by `entity`: each change is checked against its own entity's
 * schema only. (A plain union tried every alternative in turn: 250 ms for a page of 1,000
 * articles, most of it building the errors of the alternatives that did not fit.)
 */
export const changeSchema = z.discriminatedUnion('op', [
  z.discriminatedUnion('entity', upsertChanges as unknown as [(typeof upsertChanges)[number], ...(typeof upsertChanges)[number][]]),
  /** Purge locally; a ticket's removal takes its articles, history, time entries and attachments with it. */
  z.object({ seq: z.number().int().nonnegative(), entity: entityNameSchema, op: z.literal('remove'), id: z.string(), data: z.null() }),
]);
export type Change = z.infer<typeof changeSchema>;

export const changesQuerySchema = z.strictObject({
  after: z.string().max(4096).default(''),
  limit: z.coerce.number().int().min(1).max(limits.changesPageMaxCount).default(limits.changesPageMaxCount),
});

/**
 * Where the feed stands once a page is applied: `snapshot` while a bootstrap serves current
 * state, `resync` during a scoped resync after a change of permissions, `log` once the client
 * holds everything it may see up to `position`.
 */
export const feedPhases = ['snapshot', 'resync', 'log'] as const;

export const changesResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Opaque: phase, position and the permission epoch live inside. */
  cursor: z.string(),
  hasMore: z.boolean(),
  phase: z.enum(feedPhases),
  /** In phase `log`: every change numbered up to here that the agent may see has been delivered. Null in the other phases. */
  position: z.number().int().nonnegative().nullable(),
  /**
   * On every page that carries part of a bootstrap's snapshot or of a scoped resync: changes of
   * it delivered so far (this page included) and its total, counted when it began. Null on pages
   * of the log alone.
   */
  progress: z.object({ delivered: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  serverTime: z.iso.datetime(),
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

/** What the events WebSocket pushes. */
export const syncEventSchema = z.object({ type: z.literal('changed'), seq: z.number().int().nonnegative() });

/**
 * Why the server closes an events WebSocket: the close code tells the Desk what to do next,
 * the close reason carries the same name for logs. Codes 4000–4999 are the application's own.
 */
export const eventsCloseCodes = {
  /** The agent's permissions changed (permission epoch): pull, the feed answers with a scoped resync. */
  'permissions-changed': 4001,
  /** The session was revoked (logout) or is unknown: sign in again. */
  unauthenticated: 4401,
  /** The session passed its idle or absolute expiry: sign in again. */
  'session-expired': 4402,
  /** The agent opened more sockets on this instance than allowed; the oldest one gives way. */
  'too-many-connections': 4008,
  /** The server instance is shutting down: reconnect (to another instance) and pull. */
  'server-shutdown': 1001,
} as const;
export type EventsCloseReason = keyof typeof eventsCloseCodes;
