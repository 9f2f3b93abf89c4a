/**
 * Search in two passes (numbers, titles and people of every ticket first, then article text),
 * so that a fresh cache finds tickets by number and title long before the article text is
 * indexed; and staged attachment files of offline edits, which the outbox refers to.
 */
export const sql = `
CREATE TABLE search_bodies_indexed ("ticket_id" TEXT PRIMARY KEY, "version" INTEGER NOT NULL);
INSERT INTO search_bodies_indexed ("ticket_id", "version") SELECT "ticket_id", "version" FROM search_indexed;

-- An attachment of an edit in the outbox, its content in a file of the staging folder (named by the attachment id).
CREATE TABLE outbox_files (
  "attachment_id" TEXT NOT NULL PRIMARY KEY,
  "mutation_id"   TEXT NOT NULL REFERENCES outbox ("mutation_id") ON DELETE CASCADE,
  "size"          INTEGER NOT NULL
);
CREATE INDEX outbox_files_mutation ON outbox_files ("mutation_id");

CREATE INDEX tickets_retention ON tickets ("state", "updated_at");
`;
