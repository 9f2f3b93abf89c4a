/**
 * The search index keyed for speed (docs/decisions/desk-search.md): each ticket gets an integer
 * key that is the rowid of its rows in both FTS5 tables (deleting by the unindexed `ticket_id`
 * scanned the whole table: the index of 5,000 tickets took 54 s), and the feed marks what needs
 * indexing in `search_dirty`, so that a batch finds its work through an index. The index of an
 * older cache is rebuilt in the background. Also: which attachment contents were downloaded for
 * which ticket, so that they leave the attachment cache with the ticket.
 */
export const sql = `
DROP TABLE search_indexed;
DROP TABLE search_bodies_indexed;
DELETE FROM search_heads;
DELETE FROM search_bodies;
-- A deleted ticket's words leave the index's segments at once, not at the next merge.
INSERT INTO search_heads (search_heads, rank) VALUES ('secure-delete', 1);
INSERT INTO search_bodies (search_bodies, rank) VALUES ('secure-delete', 1);
CREATE TABLE search_state ("key" INTEGER PRIMARY KEY, "ticket_id" TEXT NOT NULL UNIQUE);
CREATE TABLE search_dirty ("ticket_id" TEXT PRIMARY KEY, "heads" INTEGER NOT NULL, "bodies" INTEGER NOT NULL, "at" TEXT NOT NULL);
CREATE INDEX search_dirty_heads ON search_dirty ("heads", "at");
CREATE INDEX search_dirty_bodies ON search_dirty ("bodies", "at");
INSERT INTO search_dirty ("ticket_id", "heads", "bodies", "at") SELECT "id", 1, 1, "updated_at" FROM tickets;

CREATE TABLE attachment_files ("sha256" TEXT NOT NULL, "ticket_id" TEXT NOT NULL, PRIMARY KEY ("sha256", "ticket_id"));
CREATE INDEX attachment_files_ticket ON attachment_files ("ticket_id");
`;
