import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ownerCandidatesResponseSchema } from '../../../src-shared/domain/people.js';
import type { Queryable } from '../../db/database.js';
import { ownerCandidates } from '../../domain/people.js';
import { canRead } from '../../domain/permissions.js';
import { loadQueue } from '../../domain/queues.js';
import { sessionOf } from '../authenticate.js';
import { ApiHttpError } from '../errors.js';

const paramsSchema = z.object({ id: z.uuid() });

/**
 * GET /api/v1/queues/:id/owner-candidates: the agents the server accepts as owner or responsible
 * of the queue's tickets, for an agent who may read the queue's group. Every agent receives every
 * queue, so a queue the caller may not read is refused plainly (403), an unknown one is 404.
 */
export function registerOwnerCandidateRoutes(app: FastifyInstance, deps: { db: Queryable }): void {
  app.get('/api/v1/queues/:id/owner-candidates', async (request) => {
    const { signedIn } = sessionOf(request);
    const params = paramsSchema.safeParse(request.params);
    const queue = params.success ? await loadQueue(deps.db, params.data.id) : null;
    if (!queue) throw new ApiHttpError('not-found', 'There is no such queue.');
    if (!canRead(signedIn.permissions, queue.group)) {
      throw new ApiHttpError('permission-denied', `Only agents who may read group ${queue.group} see who may own its tickets.`);
    }
    return ownerCandidatesResponseSchema.parse({ queueId: queue.id, group: queue.group, candidates: await ownerCandidates(deps.db, queue.group) });
  });
}
