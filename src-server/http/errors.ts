import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ApiError, ApiReason as SessionApiReason } from '../../src-shared/api/sessions.js';
import type { syncReasons } from '../../src-shared/sync/protocol.js';

/** Every reason the HTTP API answers with: the session reasons and those of the sync calls. */
export type ApiReason = SessionApiReason | (typeof syncReasons)[number];

/** One status per reason, so that a reason always arrives with the same status. */
const statusOf: Record<ApiReason, number> = {
  'invalid-request': 400,
  unauthenticated: 401,
  'session-expired': 401,
  'not-found': 404,
  'internal-error': 500,
  'invalid-credentials': 401,
  'empty-password': 401,
  'no-agent-role': 401,
  'password-expired': 401,
  'account-locked': 401,
  'account-disabled': 401,
  'too-many-attempts': 429,
  'directory-unavailable': 503,
  'permission-denied': 403,
  /** The feed cannot continue from this cursor: start again with an empty one. */
  'resync-required': 410,
};

/** Thrown by a route to answer `{reason, message}`; the status follows from the reason. */
export class ApiHttpError extends Error {
  constructor(
    readonly reason: ApiReason,
    message: string,
    readonly options: { status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export function sendApiError(reply: FastifyReply, error: ApiHttpError): FastifyReply {
  const body: ApiError = { reason: error.reason, message: error.message };
  if (error.options.retryAfterSeconds !== undefined) {
    body.retryAfterSeconds = error.options.retryAfterSeconds;
    void reply.header('retry-after', String(error.options.retryAfterSeconds));
  }
  const status = error.options.status ?? statusOf[error.reason];
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="kontor"');
  return reply.code(status).send(body);
}

/**
 * Every error leaves as `{reason, message}`. What Fastify refuses before a route runs (body
 * too large, not JSON) keeps its HTTP status; anything unexpected is logged with its stack and
 * answered with the request id only.
 */
export function registerErrorHandlers(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError | ApiHttpError, request, reply) => {
    if (error instanceof ApiHttpError) return sendApiError(reply, error);
    const refused = refusedByFastify(error, bodyLimitBytes, request.routeOptions.bodyLimit);
    if (refused) return sendApiError(reply, refused);
    request.log.error({ err: error }, 'request failed');
    return sendApiError(reply, new ApiHttpError('internal-error', `The server could not complete the request (request ${request.id}).`));
  });
  app.setNotFoundHandler((request, reply) => {
    // The path is echoed for the caller's benefit, cut short so that a huge URL is not mirrored back.
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    return sendApiError(reply, new ApiHttpError('not-found', `${request.method} ${path} does not exist`));
  });
}

function refusedByFastify(error: FastifyError, bodyLimitBytes: number, routeLimit?: number): ApiHttpError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiHttpError('invalid-request', `body: larger than this call accepts (${routeLimit ?? bodyLimitBytes} bytes)`, { status: 413 });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiHttpError('invalid-request', 'body: must be sent as application/json', { status: 415 });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiHttpError('invalid-request', 'body: is empty but the content type says JSON');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiHttpError('invalid-request', 'body: is not valid JSON');
    default:
      // Other client errors Fastify detects (bad URL, bad Content-Length) carry safe messages.
      return error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? new ApiHttpError('invalid-request', error.message, { status: error.statusCode })
        : null;
  }
}
