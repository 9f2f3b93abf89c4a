import type { FastifyInstance, FastifyRequest } from 'fastify';
import { useSession, type ActiveSession, type SessionTimeouts } from '../auth/session-store.js';
import { bearerToken, hashSessionToken } from '../auth/tokens.js';
import type { Queryable } from '../db/database.js';
import { ApiHttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Routes are for signed-in agents unless they say `public`. */
    access?: 'public' | 'agent';
  }
  interface FastifyRequest {
    agentSession: ActiveSession | null;
  }
}

/**
 * Deny by default: every route needs a live session token unless it is declared public, so a
 * route added later cannot forget to check. Runs before the body is read.
 */
export function registerAuthentication(app: FastifyInstance, deps: { db: Queryable; timeouts: SessionTimeouts; now: () => Date }): void {
  app.decorateRequest('agentSession', null);
  app.addHook('onRequest', async (request) => {
    if (request.is404 || request.routeOptions.config.access === 'public') return;
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new ApiHttpError('unauthenticated', 'Sign in first: this request needs a session token.');
    const lookup = await useSession(deps.db, hashSessionToken(token), deps.now(), deps.timeouts);
    if (lookup.status === 'unknown') throw new ApiHttpError('unauthenticated', 'The session token is not valid. Sign in again.');
    if (lookup.status === 'expired') throw new ApiHttpError('session-expired', 'The session has expired. Sign in again.');
    request.agentSession = lookup.session;
  });
}

/** The session of a request that passed the hook; a route declared public has none. */
export function sessionOf(request: FastifyRequest): ActiveSession {
  if (request.agentSession === null) throw new ApiHttpError('unauthenticated', 'Sign in first: this request needs a session token.');
  return request.agentSession;
}
