/**
 * Team-lead reports (docs/reports.md):
 * - `report_snapshots`: saved reports, frozen: the whole report as JSON with its content hash,
 *   so that opening one later prints the same pages even after the tickets changed. The lead's
 *   own, not canonical state: a resync leaves them alone.
 * - `history_report_events`, `history_report_moves`: the history the volume and times reports
 *   walk (state changes and merges by time, each ticket's first move), without reading every
 *   article-added row. Partial indexes stay small; SQLite uses one only when the query repeats
 *   its condition exactly (`"event" IN ('state-changed', 'merged')`, `"event" = 'moved'`).
 */
export const sql = `
CREATE TABLE report_snapshots (
  "id" TEXT PRIMARY KEY,
  "kind" TEXT NOT NULL,
  "hash" TEXT NOT NULL,
  "saved_at" TEXT NOT NULL,
  "body" TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX history_report_events ON history ("event", "occurred_at") WHERE "event" IN ('state-changed', 'merged');
CREATE INDEX history_report_moves ON history ("ticket_id", "occurred_at") WHERE "event" = 'moved';
`;
