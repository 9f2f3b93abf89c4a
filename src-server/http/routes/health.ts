import type { FastifyInstance } from 'fastify';
import { healthResponseSchema } from '../../../src-shared/api/sessions.js';
import type { Database } from '../../db/database.js';
import { serverVersion } from '../../version.js';

/** GET /api/v1/health: up and able to reach its database (load balancers and the Desk launcher). */
export function registerHealthRoutes(app: FastifyInstance, deps: { db: Database }): void {
  app.get('/api/v1/health', { config: { access: 'public' } }, async () => {
    await deps.db.query('SELECT 1');
    return healthResponseSchema.parse({ status: 'ok', version: serverVersion, database: deps.db.kind });
  });
}
