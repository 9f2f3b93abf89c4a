/**
 * Desktop notifications (docs/notifications.md), all of it the agent's own and none of it
 * canonical state, so a resync leaves it alone:
 * - `notification_watches`: the queues the agent watches for new tickets (none until they choose);
 * - `notification_settings`: which kinds of notice are on and the language they are written in
 *   (a missing key means the default: on, German);
 * - `notification_log`: every event already told or passed over at a baseline, by its stable tag,
 *   so that no event is shown twice, across restarts too.
 */
export const sql = `
CREATE TABLE notification_watches (
  "queue_id" TEXT PRIMARY KEY,
  "since" TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE notification_settings (
  "key" TEXT PRIMARY KEY,
  "value" TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE notification_log (
  "tag" TEXT PRIMARY KEY,
  "kind" TEXT NOT NULL,
  "ticket_id" TEXT NOT NULL,
  "shown" INTEGER NOT NULL,
  "at" TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX notification_log_kind ON notification_log ("kind", "at");
`;
