import { openTicket } from './0008-workspace-lists.js';

/**
 * Drafts (src-shared/ipc/drafts.ts): what the agent is typing, one row per `kind:subject` key, the
 * fields as JSON. Not canonical state and not the outbox: a resync leaves them alone, and they
 * leave only when the edit was made or the agent threw them away. And an index for the phone
 * ticket's list of the caller's institution's open tickets.
 */
export const sql = `
CREATE TABLE drafts (
  "key" TEXT PRIMARY KEY,
  "fields" TEXT NOT NULL,
  "saved_at" TEXT NOT NULL
) WITHOUT ROWID;
-- The phone ticket shows the caller's institution's open tickets (list view "institution").
CREATE INDEX tickets_open_institution ON tickets ("institution_id") WHERE ${openTicket};
`;
