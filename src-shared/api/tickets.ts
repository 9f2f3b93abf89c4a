import { z } from 'zod';
import { articleSchema, historyEntrySchema, linkSchema, ticketSchema, timeEntrySchema } from '../sync/entities.js';

/**
 * `GET /api/v1/tickets/:id`: one whole ticket, for a Desk that no longer keeps it (a closed
 * ticket past its retention window). Links only where the agent may read both tickets.
 */
export const ticketBundleResponseSchema = z.object({
  ticket: ticketSchema,
  articles: z.array(articleSchema),
  history: z.array(historyEntrySchema),
  links: z.array(linkSchema),
  timeEntries: z.array(timeEntrySchema),
});
export type TicketBundleResponse = z.infer<typeof ticketBundleResponseSchema>;
