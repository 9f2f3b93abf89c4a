/**
 * As-you-type search over article text within budget (docs/decisions/desk-search.md): the text of
 * the 10,000 most recently active tickets is kept a second time in a small FTS5 table that each
 * keystroke searches; the text of every ticket (`search_bodies`) is searched when the agent asks
 * for all of it. A word in every article made a prefix query merge the lists of all 100,000
 * tickets before its LIMIT could help (p95 78 ms at 100k tickets). Filled here from the index a
 * cache already has.
 */
export const sql = `
CREATE VIRTUAL TABLE search_recent USING fts5("ticket_id" UNINDEXED, "body", tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
INSERT INTO search_recent (search_recent, rank) VALUES ('secure-delete', 1);
CREATE TABLE search_recent_keys ("key" INTEGER PRIMARY KEY, "at" TEXT NOT NULL);
CREATE INDEX search_recent_keys_at ON search_recent_keys ("at");
INSERT INTO search_recent_keys ("key", "at")
  SELECT s."key", t."updated_at" FROM search_state s JOIN tickets t ON t."id" = s."ticket_id"
  WHERE s."key" IN (SELECT rowid FROM search_bodies) ORDER BY t."updated_at" DESC LIMIT 10000;
INSERT INTO search_recent (rowid, "ticket_id", "body")
  SELECT b.rowid, b."ticket_id", b."body" FROM search_bodies b JOIN search_recent_keys k ON k."key" = b.rowid;
`;
