import type { FastifyInstance } from 'fastify';
import type { SyncDependencies } from './sync.js';

// Placeholder while this route is being written; replaced before anything depends on it.
export function registerMutationRoutes(_app: FastifyInstance, _deps: SyncDependencies): void {}
