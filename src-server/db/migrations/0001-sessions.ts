/**
 * Agents as last seen at login, their sessions, login throttling and the append-only audit
 * trail. Times are written by the server (its clock is the one that counts), never by now().
 */
export const sql = `
CREATE TABLE agents (
  id             text PRIMARY KEY,
  dn             text NOT NULL,
  username       text NOT NULL,
  display_name   text NOT NULL,
  email          text,
  roles          jsonb NOT NULL,
  permissions    jsonb NOT NULL,
  last_login_at  timestamptz NOT NULL
);

-- Only the sha256 of a token is kept: a stolen table does not yield usable tokens.
CREATE TABLE agent_sessions (
  token_hash       bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  agent_id         text NOT NULL REFERENCES agents (id),
  address          text NOT NULL,
  created_at       timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  idle_expires_at  timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  CHECK (idle_expires_at <= expires_at)
);
CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);
CREATE INDEX agent_sessions_expires ON agent_sessions (expires_at);

-- The throttle's working set, pruned after the longest window; the audit log keeps history.
CREATE TABLE login_attempts (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL,
  address       text NOT NULL,
  outcome       text NOT NULL,
  attempted_at  timestamptz NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts (username, attempted_at);
CREATE INDEX login_attempts_address ON login_attempts (address, attempted_at);

CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  occurred_at   timestamptz NOT NULL,
  event         text NOT NULL,
  actor_id      text,
  username      text,
  address       text,
  outcome       text NOT NULL,
  detail        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_occurred ON audit_log (occurred_at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`;
