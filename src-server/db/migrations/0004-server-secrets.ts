/**
 * Secrets every server instance on this database shares, created by the first instance that
 * needs one (src-server/sync/feed/cursor-key.ts). The change feed signs its cursors with one,
 * so that a client cannot claim groups or positions the server never gave it.
 */
export const sql = `
CREATE TABLE server_secrets (
  name         text PRIMARY KEY,
  secret       bytea NOT NULL CHECK (octet_length(secret) >= 32),
  created_at   timestamptz NOT NULL
);
`;
