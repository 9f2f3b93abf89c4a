import { z } from 'zod';
import { ticketSchema } from '../sync/entities.js';
import { channel } from './contract-types.js';

/** The always visible indicator: where the agent's cache stands against the server. */
export const syncStatusSchema = z.discriminatedUnion('state', [
  /** No agent signed in: no cache is open. */
  z.object({ state: z.literal('closed') }),
  z.object({ state: z.literal('online'), at: z.iso.datetime() }),
  z.object({ state: z.literal('syncing'), items: z.number().int().nonnegative(), phase: z.enum(['snapshot', 'resync', 'log']) }),
  z.object({ state: z.literal('offline'), since: z.iso.datetime(), message: z.string() }),
  /** The server ended the session: sign in again; nothing typed is lost. */
  z.object({ state: z.literal('signed-out') }),
]);
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

/** A ticket as a queue view shows it: canonical state with the agent's pending edits laid over it. */
export const shownTicketSchema = z.object({
  ticket: ticketSchema,
  /** Edits of this ticket the server has not confirmed yet (or refused): the screen marks them. */
  pending: z.array(z.object({ mutationId: z.uuid(), name: z.string(), status: z.enum(['pending', 'applied', 'rejected', 'conflict']) })),
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

export const ticketSearchInputSchema = z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(25) });
export const ticketSearchResultSchema = z.object({
  hits: z.array(z.object({ ticketId: z.uuid(), number: z.string(), title: z.string(), foundIn: z.enum(['ticket', 'articles']) })),
  /** How far the search index is while it is built: ticket numbers and titles are searchable from the start. */
  index: z.object({ indexed: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
});

/** The agent's cache, read by the renderer through these channels only: it never sees SQL. */
export const cacheChannels = {
  'sync.status': channel({ input: z.undefined(), output: syncStatusSchema, reasons: [] }),
  'tickets.queuePage': channel({ input: queuePageInputSchema, output: queuePageSchema, reasons: ['not-signed-in'] }),
  'tickets.search': channel({ input: ticketSearchInputSchema, output: ticketSearchResultSchema, reasons: ['not-signed-in'] }),
};
