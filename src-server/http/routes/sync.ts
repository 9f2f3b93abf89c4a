import type { FastifyInstance } from 'fastify';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import type { ServerConfig } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Sequencer } from '../../sync/sequencer.js';
import { registerAttachmentRoutes } from './attachments.js';
import { registerChangesRoutes } from './changes.js';
import { registerEventsRoutes } from './events.js';
import { registerMutationRoutes } from './mutations.js';

export interface SyncDependencies {
  config: ServerConfig;
  db: Database;
  now: () => Date;
  sequencer: Sequencer;
  /** The service-account directory (customer users of phone tickets). */
  directory: Directory;
}

/** Sync protocol v1 (ARCHITECTURE.md): mutations in, changes out, attachments, change events. */
export function registerSyncRoutes(app: FastifyInstance, deps: SyncDependencies): void {
  registerMutationRoutes(app, deps);
  registerChangesRoutes(app, deps);
  registerAttachmentRoutes(app, deps);
  registerEventsRoutes(app, deps);
}
