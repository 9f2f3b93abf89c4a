/**
 * Portal hardening (issue 11; docs/portal.md, docs/server.md "Login, throttling, sessions").
 *
 * Sign-in realms: the Desk's agents and the portal's customers used to share the per-user-name
 * count of failed sign-ins, so that failures on the portal (open to client institutions) locked an
 * agent out of the Desk. Each attempt now names its realm; per-user-name counts stay within one
 * realm, per-address counts still span both (one attacker, one address). Every attempt recorded
 * before this migration came from the Desk or from the portal with the same meaning; they are
 * counted as the agents' (the realm the table was made for). The default is dropped afterwards,
 * so that a caller that forgets the realm fails instead of counting as an agent.
 *
 * Request counts: a signed-in customer's writes and searches per minute, one row per customer
 * user and kind holding the current minute's count, so that every server instance shares it and
 * the table never grows beyond two rows per customer user.
 */
export const sql = `
ALTER TABLE login_attempts ADD COLUMN realm text NOT NULL DEFAULT 'agent' CHECK (realm IN ('agent', 'customer'));
ALTER TABLE login_attempts ALTER COLUMN realm DROP DEFAULT;
DROP INDEX login_attempts_username;
CREATE INDEX login_attempts_realm_username ON login_attempts (realm, username, attempted_at);

CREATE TABLE portal_request_counts (
  customer_user_id  text NOT NULL REFERENCES customer_users (id),
  kind              text NOT NULL CHECK (kind IN ('write', 'search')),
  -- The start of the minute being counted; an older one is replaced by the next request.
  window_start      timestamptz NOT NULL,
  requests          integer NOT NULL CHECK (requests > 0),
  PRIMARY KEY (customer_user_id, kind)
);
`;
