import type { FastifyInstance } from 'fastify';
import { loginRequestSchema } from '../../../src-shared/api/sessions.js';
import { signedInAgentSchema } from '../../../src-shared/domain/people.js';
import { recordAudit } from '../../auth/audit.js';
import { login, type LoginDependencies } from '../../auth/login.js';
import { revokeSession } from '../../auth/session-store.js';
import { sessionOf } from '../authenticate.js';
import { ApiHttpError } from '../errors.js';
import { parseBody } from '../validation.js';

/** Sign in, see who is signed in, sign out. */
export function registerSessionRoutes(app: FastifyInstance, deps: LoginDependencies): void {
  app.post('/api/v1/sessions', { config: { access: 'public' } }, async (request, reply) => {
    const body = parseBody(loginRequestSchema, request.body);
    const outcome = await login({ ...deps, log: request.log }, body, request.ip);
    if (!outcome.ok) {
      throw new ApiHttpError(outcome.reason, outcome.message, outcome.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: outcome.retryAfterSeconds });
    }
    return reply.code(201).send(outcome.response);
  });

  app.get('/api/v1/sessions/current', (request, reply) => reply.send(signedInAgentSchema.parse(sessionOf(request).signedIn)));

  app.delete('/api/v1/sessions/current', async (request, reply) => {
    const session = sessionOf(request);
    const now = deps.now();
    await deps.db.transaction(async (tx) => {
      await revokeSession(tx, session.tokenHash, now);
      await recordAudit(tx, {
        event: 'logout',
        occurredAt: now,
        actorId: session.signedIn.agent.id,
        username: session.signedIn.agent.username,
        address: request.ip,
        outcome: 'success',
        detail: {},
      });
    });
    return reply.code(204).send();
  });
}
