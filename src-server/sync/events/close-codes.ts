/**
 * Why the server closes an events WebSocket: the close code tells the Desk what to do next,
 * the close reason carries the same name for logs. Codes 4000–4999 are the application's own.
 */
export const eventsCloseCodes = {
  /** The agent's permissions changed (permission epoch): pull, the feed answers with a scoped resync. */
  'permissions-changed': 4001,
  /** The session was revoked (logout) or is unknown: sign in again. */
  unauthenticated: 4401,
  /** The session passed its idle or absolute expiry: sign in again. */
  'session-expired': 4402,
  /** The agent opened more sockets on this instance than allowed; the oldest one gives way. */
  'too-many-connections': 4008,
  /** The server instance is shutting down: reconnect (to another instance) and pull. */
  'server-shutdown': 1001,
} as const;

export type EventsCloseReason = keyof typeof eventsCloseCodes;
