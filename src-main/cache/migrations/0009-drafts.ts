/**
 * Drafts (src-shared/ipc/drafts.ts): what the agent is typing, one row per `kind:subject` key, the
 * fields as JSON. Not canonical state and not the outbox: a resync leaves them alone, and they
 * leave only when the edit was made or the agent threw them away.
 */
export const sql = `
CREATE TABLE drafts (
  "key" TEXT PRIMARY KEY,
  "fields" TEXT NOT NULL,
  "saved_at" TEXT NOT NULL
) WITHOUT ROWID;
`;
