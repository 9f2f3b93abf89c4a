import type { FastifyInstance, FastifyRequest } from 'fastify';
import { portalRequestHeader } from '../../src-shared/portal/api.js';
import type { SessionTimeouts } from '../auth/session-store.js';
import { hashSessionToken } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { tokenFromCookies, type CookiePolicy } from './cookie.js';
import { useCustomerSession, type CustomerSession } from './customer-sessions.js';
import { PortalHttpError } from './portal-errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Portal routes: `open` needs no customer session (the app's files, sign-in); any other, `customer` included, does. */
    portal?: 'open' | 'customer';
  }
  interface FastifyRequest {
    customerSession: CustomerSession | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery (docs/portal.md, "Cross-site requests"): besides the SameSite=Strict
 * cookie, a state-changing request must carry the portal's own header (a form or a simple
 * cross-site request cannot; a cross-site fetch with it needs a CORS preflight nobody answers)
 * and, when the browser names them, come from this very origin (Origin, Sec-Fetch-Site).
 */
export function crossSiteProblem(request: FastifyRequest): string | null {
  if (safeMethods.has(request.method)) return null;
  if (request.headers[portalRequestHeader.name] !== portalRequestHeader.value) return `the request lacks the header ${portalRequestHeader.name}: ${portalRequestHeader.value}`;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) return 'the request comes from another origin';
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return 'the browser says the request comes from another site';
  return null;
}

/**
 * Deny by default inside the portal: every route needs a customer session unless it says
 * `portal: 'open'`, and every state-changing request passes the cross-site check first, sign-in
 * included (a forged sign-in would put the victim into the attacker's account).
 */
export function registerCustomerGuards(app: FastifyInstance, deps: { db: Database; timeouts: SessionTimeouts; now: () => Date; cookie: CookiePolicy }): void {
  app.decorateRequest('customerSession', null);
  app.addHook('onRequest', async (request) => {
    const problem = crossSiteProblem(request);
    if (problem !== null) throw new PortalHttpError('cross-site-request', `Refused: ${problem}.`);
    if (request.is404 || request.routeOptions.config.portal === 'open') return;
    const token = tokenFromCookies(request.headers.cookie, deps.cookie);
    if (token === null) throw new PortalHttpError('unauthenticated', 'Sign in first.');
    const lookup = await useCustomerSession(deps.db, hashSessionToken(token), deps.now(), deps.timeouts);
    if (lookup.status === 'unknown') throw new PortalHttpError('unauthenticated', 'The session is not valid. Sign in again.');
    if (lookup.status === 'expired') throw new PortalHttpError('session-expired', 'The session has expired. Sign in again.');
    request.customerSession = lookup.session;
  });
}

/** The session of a request that passed the guard. */
export function customerOf(request: FastifyRequest): CustomerSession {
  if (request.customerSession === null) throw new PortalHttpError('unauthenticated', 'Sign in first.');
  return request.customerSession;
}
