import type { FastifyInstance } from 'fastify';
import { limits } from '../../../src-shared/limits.js';
import { DirectoryUnavailableError } from '../../../src-shared/node/directory/types.js';
import { mutationEnvelopeSchema, type MutationResult } from '../../../src-shared/sync/protocol.js';
import { mutationDependencies } from '../../sync/mutations/dependencies.js';
import { applyMutationBatch, type MutationDependencies } from '../../sync/mutations/dispatcher.js';
import { sessionOf } from '../authenticate.js';
import { ApiHttpError } from '../errors.js';
import { parseBody } from '../validation.js';
import type { SyncDependencies } from './sync.js';

/**
 * POST /api/v1/sync/mutations: one result per mutation (ARCHITECTURE.md, "Sync protocol v1").
 * 400 only for a malformed envelope; every per-mutation failure is a result. The body limit is
 * raised for this route only, because attachments travel base64-encoded inside the batch.
 */
export function registerMutationRoutes(app: FastifyInstance, deps: SyncDependencies): void {
  const mutationDeps: MutationDependencies = mutationDependencies({ config: deps.config, db: deps.db, directory: deps.directory, stampChanges: () => deps.sequencer.stamp() });
  app.post('/api/v1/sync/mutations', { bodyLimit: limits.mutationBatchMaxBytes }, async (request) => {
    const envelope = parseBody(mutationEnvelopeSchema, request.body);
    const { signedIn } = sessionOf(request);
    try {
      const results: MutationResult[] = await applyMutationBatch(mutationDeps, signedIn, envelope, deps.now());
      // Typed, not parsed again: the results are built from the schema's types, and the tests
      // parse every answer with mutationResponseSchema (a parse here cost 5 % of the hot path).
      return { results };
    } catch (error) {
      // Parts of the batch that committed before keep their stored results: the Desk sends the
      // whole batch again, and those parts are answered from the store.
      if (error instanceof DirectoryUnavailableError) throw new ApiHttpError('directory-unavailable', 'The directory cannot be reached to look up the customer user; try again later.');
      throw error;
    }
  });
}
