import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ticketBundleResponseSchema } from '../../../src-shared/api/tickets.js';
import type { Queryable } from '../../db/database.js';
import { loadArticles } from '../../domain/articles.js';
import { loadHistory } from '../../domain/history.js';
import { loadLinks } from '../../domain/links.js';
import { canRead } from '../../domain/permissions.js';
import { ticketColumns, ticketFromRow, type TicketRow } from '../../domain/ticket-record.js';
import { loadTimeEntries } from '../../domain/time-entries.js';
import { sessionOf } from '../authenticate.js';
import { ApiHttpError } from '../errors.js';

const paramsSchema = z.object({ id: z.uuid() });

/**
 * GET /api/v1/tickets/:id: one whole ticket as the feed would deliver it, for an agent who may
 * read its queue's group; a Desk asks for closed tickets it no longer keeps (retention). An
 * unreadable ticket answers exactly as an unknown one; a link appears only when the agent may
 * read the ticket on its other side too (docs/decisions/reading-rights.md).
 */
export function registerTicketRoutes(app: FastifyInstance, deps: { db: Queryable }): void {
  app.get('/api/v1/tickets/:id', async (request) => {
    const { signedIn } = sessionOf(request);
    const notFound = new ApiHttpError('not-found', 'There is no such ticket.');
    const params = paramsSchema.safeParse(request.params);
    if (!params.success) throw notFound;
    const { rows } = await deps.db.query<TicketRow>(`SELECT ${ticketColumns} FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.id = $1`, [params.data.id]);
    const row = rows[0];
    if (!row) throw notFound;
    const record = ticketFromRow(row);
    if (!canRead(signedIn.permissions, record.group)) throw notFound;
    const id = record.ticket.id;
    const links = await loadLinks(deps.db, id);
    const others = links.map((link) => (link.sourceTicketId === id ? link.targetTicketId : link.sourceTicketId));
    const groups = new Map(
      (
        await deps.db.query<{ id: string; group_name: string }>('SELECT t.id, q.group_name FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.id = ANY($1::uuid[])', [others])
      ).rows.map((other) => [other.id, other.group_name]),
    );
    const readableLinks = links.filter((link) => {
      const other = groups.get(link.sourceTicketId === id ? link.targetTicketId : link.sourceTicketId);
      return other !== undefined && canRead(signedIn.permissions, other);
    });
    return ticketBundleResponseSchema.parse({
      ticket: record.ticket,
      articles: await loadArticles(deps.db, id),
      history: await loadHistory(deps.db, id),
      links: readableLinks,
      timeEntries: await loadTimeEntries(deps.db, id),
    });
  });
}
