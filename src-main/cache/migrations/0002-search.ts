/**
 * The search index: folded text (src-shared/search/german-folding.ts) per ticket in two FTS5
 * tables, so that a query can look through the short fields (number, title, customer and
 * institution) first and through article bodies only when it needs more. `unicode61` with
 * diacritics removal is a second guard; the folding is done before the text arrives.
 */
export const sql = `
CREATE VIRTUAL TABLE search_heads USING fts5("ticket_id" UNINDEXED, "number", "title", "people", tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE search_bodies USING fts5("ticket_id" UNINDEXED, "body", tokenize = 'unicode61 remove_diacritics 2');
-- Which tickets are indexed as of which version; the index is built in batches after a sync.
CREATE TABLE search_indexed ("ticket_id" TEXT PRIMARY KEY, "version" INTEGER NOT NULL);
`;
