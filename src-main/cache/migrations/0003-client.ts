/**
 * What belongs to the cache file itself: its `clientId` (one per file, sent with every batch of
 * mutations), created when the file is first opened.
 */
export const sql = `
CREATE TABLE cache_settings ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL);
`;
