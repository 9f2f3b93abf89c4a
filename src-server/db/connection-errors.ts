/**
 * PostgreSQL went away (restart, failover, a terminated backend, a timeout that ended the
 * session, a refused connection). Nothing about the statement's outcome is known beyond what
 * the caller can prove; the request that met it answers 503 and may be sent again.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** SQLSTATEs after which the connection is gone (PostgreSQL appendix A). */
const connectionEndingStates = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast or smart shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '57P05', // idle_session_timeout
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
]);

/** Errors of the socket or of pg's client, which has no SQLSTATE for them. */
const socketErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
const clientMessages = [
  /^Connection terminated/u,
  /^timeout exceeded when trying to connect/u,
  /is not queryable$/u,
  /^Client has already been connected/u,
];

/** True when `error` says that the connection to PostgreSQL failed or ended, not that a statement was wrong. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (connectionEndingStates.has(code) || code.startsWith('08') || socketErrorCodes.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return clientMessages.some((pattern) => pattern.test(message));
}

/** `error` as a DatabaseUnavailableError when it is a connection failure, unchanged otherwise. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isConnectionFailure(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new DatabaseUnavailableError(`the database cannot be reached: ${detail}`, { cause: error });
}
