/**
 * Customers' portal sessions, apart from the agents': a customer user is keyed by their
 * directory id in customer_users, and a portal session may only ever read one institution's
 * tickets. Only the sha256 of the cookie's token is kept, as for agents.
 */
export const sql = `
CREATE TABLE customer_sessions (
  token_hash        bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  customer_user_id  text NOT NULL REFERENCES customer_users (id),
  -- The institution the session was opened for: a customer moved to another one signs in again.
  institution_id    text NOT NULL REFERENCES institutions (id),
  -- The client id of the session's mutations (the envelope's clientId, one per session).
  client_id         uuid NOT NULL,
  address           text NOT NULL,
  created_at        timestamptz NOT NULL,
  last_seen_at      timestamptz NOT NULL,
  idle_expires_at   timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  revoked_at        timestamptz,
  CHECK (idle_expires_at <= expires_at)
);
CREATE INDEX customer_sessions_customer_user ON customer_sessions (customer_user_id);
CREATE INDEX customer_sessions_expires ON customer_sessions (expires_at);
`;
