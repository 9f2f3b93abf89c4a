/** Sessions, login throttling and the append-only audit trail. */
export const sql = `
CREATE TABLE agent_sessions (
  token_hash    bytea PRIMARY KEY,
  agent_id      text NOT NULL,
  agent_dn      text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);
CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);

CREATE TABLE login_attempts (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL,
  address       text NOT NULL,
  succeeded     boolean NOT NULL,
  attempted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_username ON login_attempts (username, attempted_at);
CREATE INDEX login_attempts_address ON login_attempts (address, attempted_at);

CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  occurred_at   timestamptz NOT NULL DEFAULT now(),
  event         text NOT NULL,
  actor_id      text,
  username      text,
  address       text,
  outcome       text NOT NULL,
  detail        jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`;
