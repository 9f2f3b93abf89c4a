import type { FastifyInstance } from 'fastify';
import { changesQuerySchema } from '../../../src-shared/sync/protocol.js';
import { describeIssues } from '../../config/issues.js';
import { loadCursorKey } from '../../sync/feed/cursor-key.js';
import { readChanges } from '../../sync/feed/feed.js';
import { ResyncRequired } from '../../sync/feed/phases.js';
import { sessionOf } from '../authenticate.js';
import { ApiHttpError } from '../errors.js';
import type { SyncDependencies } from './sync.js';

/**
 * `GET /api/v1/sync/changes?after=CURSOR&limit=N`: the agent's share of the data, a snapshot
 * first and then the log, as docs/decisions/change-feed.md describes; 410 `resync-required`
 * for a cursor that cannot be continued.
 */
export function registerChangesRoutes(app: FastifyInstance, deps: SyncDependencies): void {
  // Read once per process; every instance of the database reads the same key.
  let cursorKey: Promise<Buffer> | null = null;
  const key = (): Promise<Buffer> => {
    cursorKey ??= loadCursorKey(deps.db, deps.now()).catch((error: unknown) => {
      cursorKey = null;
      throw error;
    });
    return cursorKey;
  };

  app.get('/api/v1/sync/changes', async (request, reply) => {
    const session = sessionOf(request);
    const query = changesQuerySchema.safeParse(request.query);
    if (!query.success) throw new ApiHttpError('invalid-request', describeIssues(query.error, 'query'));
    try {
      const body = await readChanges(
        { db: deps.db, cursorKey: key, now: deps.now },
        { agentId: session.signedIn.agent.id, after: query.data.after, limit: query.data.limit },
      );
      return await reply.type('application/json; charset=utf-8').send(body);
    } catch (error) {
      if (error instanceof ResyncRequired) throw new ApiHttpError('resync-required', error.message);
      throw error;
    }
  });
}
