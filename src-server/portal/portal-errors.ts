import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PortalError, PortalReason } from '../../src-shared/portal/api.js';

/** One status per reason, so that a reason always arrives with the same status. */
const statusOf: Record<PortalReason, number> = {
  'invalid-credentials': 401,
  'empty-password': 401,
  'not-a-customer': 401,
  'customer-not-known-yet': 401,
  'password-expired': 401,
  'account-locked': 401,
  'account-disabled': 401,
  'too-many-attempts': 429,
  'directory-unavailable': 503,
  'invalid-request': 400,
  unauthenticated: 401,
  'session-expired': 401,
  'cross-site-request': 403,
  'not-found': 404,
  'permission-denied': 403,
  'invalid-args': 400,
  conflict: 409,
  'too-many-requests': 429,
  'internal-error': 500,
  'database-unavailable': 503,
};

/** Thrown by a portal route to answer `{reason, message}` (src-shared/portal/api.ts). */
export class PortalHttpError extends Error {
  constructor(
    readonly reason: PortalReason,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return statusOf[this.reason];
  }

  get body(): PortalError {
    return { reason: this.reason, message: this.message, ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }) };
  }
}

/**
 * The one answer for a ticket that does not exist and for one of another institution: the
 * same status and the same words, so that guessing ids tells nothing.
 */
export const noSuchTicket = (): PortalHttpError => new PortalHttpError('not-found', 'There is no such ticket.');
export const noSuchAttachment = (): PortalHttpError => new PortalHttpError('not-found', 'There is no such attachment.');

export function sendPortalError(reply: FastifyReply, error: PortalHttpError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(error.status).send(error.body);
}

/**
 * Portal errors leave in the portal's shape; everything else goes on to the server's handler,
 * whose reasons for what it catches (a body too large or not JSON, a database outage, a
 * defect) are portal reasons too.
 */
export function registerPortalErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof PortalHttpError) return sendPortalError(reply, error);
    throw error;
  });
}
