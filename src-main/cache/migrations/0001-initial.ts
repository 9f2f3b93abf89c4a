/**
 * The first cache: canonical state as the feed delivers it (one table per entity, written down
 * from the entity descriptions of src-shared/sync/entities.ts as they were; a test compares
 * the migrated tables with the descriptions of today, so a new field needs a migration), the
 * feed's cursor, and the outbox, kept apart from canonical state.
 */
export const sql = `
CREATE TABLE queues (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "group" TEXT NOT NULL,
  "sla_id" TEXT NOT NULL,
  "valid" INTEGER NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE institutions (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "valid" INTEGER NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE customer_users (
  "id" TEXT NOT NULL PRIMARY KEY,
  "username" TEXT NOT NULL,
  "display_name" TEXT NOT NULL,
  "email" TEXT,
  "phone" TEXT,
  "institution_id" TEXT,
  "valid" INTEGER NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE agents (
  "id" TEXT NOT NULL PRIMARY KEY,
  "username" TEXT NOT NULL,
  "display_name" TEXT NOT NULL,
  "email" TEXT,
  "owner_groups" TEXT NOT NULL,
  "valid" INTEGER NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE slas (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "calendar_id" TEXT NOT NULL,
  "first_response_minutes" INTEGER NOT NULL,
  "update_minutes" INTEGER NOT NULL,
  "solution_minutes" INTEGER NOT NULL,
  "warning_percent" INTEGER NOT NULL,
  "valid" INTEGER NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE calendars (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "time_zone" TEXT NOT NULL,
  "weekdays" TEXT NOT NULL,
  "holidays" TEXT NOT NULL,
  "valid" INTEGER NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE tickets (
  "id" TEXT NOT NULL PRIMARY KEY,
  "number" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "queue_id" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "state" TEXT NOT NULL,
  "priority" INTEGER NOT NULL,
  "locked" INTEGER NOT NULL,
  "owner_id" TEXT,
  "responsible_id" TEXT,
  "customer_user_id" TEXT,
  "institution_id" TEXT,
  "pending_until" TEXT,
  "sla_id" TEXT,
  "first_response_started_at" TEXT,
  "first_response_minutes" INTEGER NOT NULL,
  "first_response_due" TEXT,
  "first_response_warn_at" TEXT,
  "first_response_breached" INTEGER NOT NULL,
  "first_response_warned" INTEGER NOT NULL,
  "first_response_answered" INTEGER NOT NULL,
  "update_started_at" TEXT,
  "update_minutes" INTEGER NOT NULL,
  "update_due" TEXT,
  "update_warn_at" TEXT,
  "update_breached" INTEGER NOT NULL,
  "update_warned" INTEGER NOT NULL,
  "update_answered" INTEGER NOT NULL,
  "solution_started_at" TEXT,
  "solution_minutes" INTEGER NOT NULL,
  "solution_due" TEXT,
  "solution_warn_at" TEXT,
  "solution_breached" INTEGER NOT NULL,
  "solution_warned" INTEGER NOT NULL,
  "solution_answered" INTEGER NOT NULL,
  "created_at" TEXT NOT NULL,
  "created_by" TEXT NOT NULL,
  "updated_at" TEXT NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE articles (
  "id" TEXT NOT NULL PRIMARY KEY,
  "ticket_id" TEXT NOT NULL,
  "channel" TEXT NOT NULL,
  "visibility" TEXT NOT NULL,
  "sender" TEXT NOT NULL,
  "author_id" TEXT,
  "subject" TEXT NOT NULL,
  "body" TEXT NOT NULL,
  "time_units" INTEGER NOT NULL,
  "attachments" TEXT NOT NULL,
  "created_at" TEXT NOT NULL,
  "performed_at" TEXT NOT NULL,
  "version" INTEGER NOT NULL
);

CREATE TABLE history (
  "id" TEXT NOT NULL PRIMARY KEY,
  "ticket_id" TEXT NOT NULL,
  "event" TEXT NOT NULL,
  "actor_id" TEXT,
  "data" TEXT NOT NULL,
  "occurred_at" TEXT NOT NULL
);

CREATE TABLE links (
  "id" TEXT NOT NULL PRIMARY KEY,
  "source_ticket_id" TEXT NOT NULL,
  "target_ticket_id" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "created_by" TEXT NOT NULL,
  "created_at" TEXT NOT NULL
);

CREATE TABLE time_entries (
  "id" TEXT NOT NULL PRIMARY KEY,
  "ticket_id" TEXT NOT NULL,
  "agent_id" TEXT NOT NULL,
  "minutes" INTEGER NOT NULL,
  "note" TEXT NOT NULL,
  "created_at" TEXT NOT NULL,
  "performed_at" TEXT NOT NULL
);

CREATE INDEX tickets_queue ON tickets ("queue_id", "updated_at");
CREATE INDEX articles_ticket ON articles ("ticket_id", "created_at");
CREATE INDEX history_ticket ON history ("ticket_id");
CREATE INDEX links_source ON links ("source_ticket_id");
CREATE INDEX links_target ON links ("target_ticket_id");
CREATE INDEX time_entries_ticket ON time_entries ("ticket_id");
CREATE INDEX customer_users_institution ON customer_users ("institution_id");

-- Where the feed stands: one row, written in the same transaction as the page it ends.
CREATE TABLE sync_state (
  "singleton"     INTEGER PRIMARY KEY CHECK ("singleton" = 1),
  "cursor"        TEXT NOT NULL,
  "phase"         TEXT NOT NULL,
  "position"      INTEGER,
  "server_time"   TEXT NOT NULL,
  "updated_at"    TEXT NOT NULL
);

-- Edits not yet answered by the server, in the order they were made. Canonical state is never
-- changed by an edit; what the UI shows is canonical state with these laid over it.
CREATE TABLE outbox (
  "seq"           INTEGER PRIMARY KEY AUTOINCREMENT,
  "mutation_id"   TEXT NOT NULL UNIQUE,
  "name"          TEXT NOT NULL,
  "args"          TEXT NOT NULL,
  "base_version"  INTEGER,
  "subject_id"    TEXT,
  "created_at"    TEXT NOT NULL,
  -- pending, applied (waiting for the feed to reach result_seq), rejected, conflict
  "status"        TEXT NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'applied', 'rejected', 'conflict')),
  "result"        TEXT,
  "result_seq"    INTEGER
);
`;
