import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError, ApiReason as SessionApiReason } from '../../src-shared/api/sessions.js';
import type { syncReasons } from '../../src-shared/sync/protocol.js';
import { DatabaseUnavailableError } from '../db/connection-errors.js';
import { securityHeaders } from './security-headers.js';

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
  'database-unavailable': 503,
  'permission-denied': 403,
  /** The feed cannot continue from this cursor: start again with an empty one. */
  'resync-required': 410,
};

/** How long a client waits before sending again after a database outage. */
const databaseRetrySeconds = 1;

/** Thrown by a route to answer `{reason, message}`; the status follows from the reason. */
export class ApiHttpError extends Error {
  constructor(
    readonly reason: ApiReason,
    message: string,
    readonly options: { status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  get status(): number {
    return this.options.status ?? statusOf[this.reason];
  }

  /** The body every error answer carries. */
  get body(): ApiError {
    const body: ApiError = { reason: this.reason, message: this.message };
    if (this.options.retryAfterSeconds !== undefined) body.retryAfterSeconds = this.options.retryAfterSeconds;
    return body;
  }
}

export function sendApiError(reply: FastifyReply, error: ApiHttpError): FastifyReply {
  if (error.options.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.options.retryAfterSeconds));
  if (error.status === 401) void reply.header('www-authenticate', 'Bearer realm="kontor"');
  return reply.code(error.status).send(error.body);
}

/**
 * The answers to requests refused before a route runs. None repeats what the client sent: a
 * path, header or method mirrored back is a reflection vector and may carry a secret into logs.
 */
export const earlyErrors = {
  notFound: () => new ApiHttpError('not-found', 'No call of this API answers this method and path.'),
  badPath: () => new ApiHttpError('invalid-request', 'The request path is not valid: it holds a malformed percent-encoding or character.'),
  pathTooLong: (maxLength: number) => new ApiHttpError('invalid-request', `The request path is longer than this server accepts (${maxLength} characters).`, { status: 414 }),
  headersTooLarge: (maxBytes: number) =>
    new ApiHttpError('invalid-request', `The request line and headers are larger than this server accepts (${maxBytes} bytes).`, { status: 431 }),
  bodyTooLarge: (limitBytes: number) => new ApiHttpError('invalid-request', `body: larger than this call accepts (${limitBytes} bytes)`, { status: 413 }),
  chunkExtensionsTooLarge: () => new ApiHttpError('invalid-request', 'body: its chunk extensions are larger than this server accepts', { status: 413 }),
  timeout: () => new ApiHttpError('invalid-request', 'The request did not arrive completely in time.', { status: 408 }),
  malformed: () => new ApiHttpError('invalid-request', 'The request is not valid HTTP/1.1.'),
  missingHost: () => new ApiHttpError('invalid-request', 'The request has no Host header, which HTTP/1.1 requires.'),
  unmetExpectation: () => new ApiHttpError('invalid-request', 'The Expect header asks for something other than 100-continue, which is all this server offers.', { status: 417 }),
  badUpgrade: () =>
    new ApiHttpError('invalid-request', 'The WebSocket upgrade is not valid: it needs GET, Upgrade: websocket, a Sec-WebSocket-Key and Sec-WebSocket-Version 13.'),
  closing: () => new ApiHttpError('internal-error', 'This server instance is shutting down: send the request again.', { status: 503 }),
  databaseUnavailable: () =>
    new ApiHttpError('database-unavailable', 'The database cannot be reached. Send the request again later.', { retryAfterSeconds: databaseRetrySeconds }),
  internal: (requestId: string) => new ApiHttpError('internal-error', `The server could not complete the request (request ${requestId}).`),
} as const;

/**
 * Every error leaves as `{reason, message}`. What Fastify refuses before a route runs (body
 * too large, not JSON) keeps its HTTP status; anything unexpected is logged with its stack and
 * answered with the request id only.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiHttpError, request, reply) => {
    if (error instanceof ApiHttpError) return sendApiError(reply, error);
    if (error instanceof DatabaseUnavailableError) {
      // An outage of a dependency, not a defect here: no stack, and the client sends again.
      request.log.warn({ err: { message: error.message } }, 'request met a database outage');
      return sendApiError(reply, earlyErrors.databaseUnavailable());
    }
    const refused = refusedByFastify(error, request, request.routeOptions.bodyLimit);
    if (refused) return sendApiError(reply, refused);
    request.log.error({ err: error }, 'request failed');
    return sendApiError(reply, earlyErrors.internal(request.id));
  });
  app.setNotFoundHandler((_request, reply) => sendApiError(reply, earlyErrors.notFound()));
}

/**
 * Fastify's `frameworkErrors` option: errors of the router (a malformed percent-encoding, a
 * parameter over `maxParamLength`) that Fastify answers itself, outside every hook, unless told
 * otherwise. The security headers are set here because no onSend hook runs for them.
 */
export function frameworkErrorHandler(options: { tls: boolean; maxPathLength: number }) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const refusal =
      error.code === 'FST_ERR_BAD_URL' ? earlyErrors.badPath() : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? earlyErrors.pathTooLong(options.maxPathLength) : null;
    if (refusal) request.log.info({ code: error.code }, 'request refused before routing');
    else request.log.error({ code: error.code }, 'router failed');
    void sendApiError(reply.headers(securityHeaders(request.id, options)), refusal ?? earlyErrors.internal(request.id));
  };
}

/** Client errors that Fastify detects while reading the body, in our words: its messages may quote input. */
function refusedByFastify(error: FastifyError, request: FastifyRequest, limitBytes: number): ApiHttpError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return earlyErrors.bodyTooLarge(limitBytes);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiHttpError('invalid-request', 'body: must be sent as application/json', { status: 415 });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiHttpError('invalid-request', 'body: is empty but the content type says JSON');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiHttpError('invalid-request', 'body: is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiHttpError('invalid-request', 'body: its length does not match Content-Length');
    default:
      if (error.statusCode === undefined || error.statusCode < 400 || error.statusCode >= 500) return null;
      request.log.info({ code: error.code }, 'request refused while reading it');
      return new ApiHttpError('invalid-request', 'The request cannot be read.', { status: error.statusCode });
  }
}
