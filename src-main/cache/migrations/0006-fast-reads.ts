/**
 * Reads within budget at 100,000 tickets: the queue view's order (newest change first, id as
 * tie-break) comes straight from an index, so that a page never sorts a whole queue (p99 was
 * 49 ms); and the FTS5 tables keep prefix indexes for two to four letters, so that the first
 * keystrokes of a word do not merge the lists of every word beginning with them. The search
 * index is rebuilt in the background.
 */
export const sql = `
DROP INDEX tickets_queue;
CREATE INDEX tickets_queue ON tickets ("queue_id", "updated_at", "id");

DROP TABLE search_heads;
DROP TABLE search_bodies;
CREATE VIRTUAL TABLE search_heads USING fts5("ticket_id" UNINDEXED, "number", "title", "people", tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
CREATE VIRTUAL TABLE search_bodies USING fts5("ticket_id" UNINDEXED, "body", tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
INSERT INTO search_heads (search_heads, rank) VALUES ('secure-delete', 1);
INSERT INTO search_bodies (search_bodies, rank) VALUES ('secure-delete', 1);
DELETE FROM search_state;
DELETE FROM search_dirty;
INSERT INTO search_dirty ("ticket_id", "heads", "bodies", "at") SELECT "id", 1, 1, "updated_at" FROM tickets;
`;
