/**
 * The ticket domain and the change log the feed is served from. Ids of tickets, articles,
 * attachments, links and time entries are the clients' UUIDv7s; people are keyed by their
 * stable directory id (text).
 */
export const sql = `
CREATE TABLE queues (
  id            uuid PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  group_name    text NOT NULL,
  sla           jsonb NOT NULL,
  valid         boolean NOT NULL DEFAULT true,
  version       integer NOT NULL DEFAULT 1
);

CREATE TABLE ticket_number_counters (
  day           date PRIMARY KEY,
  last_value    integer NOT NULL
);

CREATE TABLE tickets (
  id                  uuid PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  title               text NOT NULL,
  queue_id            uuid NOT NULL REFERENCES queues (id),
  type                text NOT NULL,
  state               text NOT NULL,
  priority            smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
  locked              boolean NOT NULL DEFAULT false,
  owner_id            text,
  responsible_id      text,
  customer_user_id    text,
  institution_id      text,
  pending_until       timestamptz,
  merged_into_id      uuid REFERENCES tickets (id),
  first_response_due  timestamptz,
  update_due          timestamptz,
  solution_due        timestamptz,
  created_at          timestamptz NOT NULL,
  created_by          text NOT NULL,
  updated_at          timestamptz NOT NULL,
  version             integer NOT NULL DEFAULT 1,
  -- field name -> the ticket version that last wrote it: conflicts are decided per field.
  field_versions      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX tickets_queue ON tickets (queue_id);
CREATE INDEX tickets_institution ON tickets (institution_id);

CREATE TABLE articles (
  id             uuid PRIMARY KEY,
  ticket_id      uuid NOT NULL REFERENCES tickets (id),
  channel        text NOT NULL,
  visibility     text NOT NULL,
  sender         text NOT NULL,
  author_id      text,
  subject        text NOT NULL,
  body           text NOT NULL,
  time_units     integer NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL,
  performed_at   timestamptz NOT NULL,
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX articles_ticket ON articles (ticket_id, created_at);

CREATE TABLE attachments (
  id             uuid PRIMARY KEY,
  article_id     uuid NOT NULL REFERENCES articles (id),
  ticket_id      uuid NOT NULL REFERENCES tickets (id),
  filename       text NOT NULL,
  content_type   text NOT NULL,
  size           integer NOT NULL,
  sha256         text NOT NULL,
  content        bytea NOT NULL
);
CREATE INDEX attachments_article ON attachments (article_id);

-- Every change of a ticket, who and when; never rewritten.
CREATE TABLE ticket_history (
  id             bigserial PRIMARY KEY,
  ticket_id      uuid NOT NULL REFERENCES tickets (id),
  event          text NOT NULL,
  actor_id       text,
  data           jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at    timestamptz NOT NULL
);
CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, id);
CREATE TRIGGER ticket_history_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON ticket_history
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE ticket_links (
  id                uuid PRIMARY KEY,
  source_ticket_id  uuid NOT NULL REFERENCES tickets (id),
  target_ticket_id  uuid NOT NULL REFERENCES tickets (id),
  kind              text NOT NULL,
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL,
  UNIQUE (source_ticket_id, target_ticket_id, kind)
);

CREATE TABLE time_entries (
  id             uuid PRIMARY KEY,
  ticket_id      uuid NOT NULL REFERENCES tickets (id),
  agent_id       text NOT NULL,
  minutes        integer NOT NULL CHECK (minutes > 0),
  note           text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL,
  performed_at   timestamptz NOT NULL
);
CREATE INDEX time_entries_ticket ON time_entries (ticket_id);

-- Stored results of applied or finally refused mutations: exactly once per (agent, mutation id).
CREATE TABLE mutation_results (
  agent_id       text NOT NULL,
  mutation_id    uuid NOT NULL,
  client_id      uuid NOT NULL,
  result         jsonb NOT NULL,
  change_id      bigint,
  stored_at      timestamptz NOT NULL,
  PRIMARY KEY (agent_id, mutation_id)
);

-- The change log. Writers insert rows without a sequence number; the sequencer stamps
-- committed rows in one transaction at a time, so a reader can never see a higher number
-- before a lower one (see docs/decisions/change-feed.md).
CREATE TABLE change_log (
  id               bigserial PRIMARY KEY,
  seq              bigint UNIQUE,
  entity           text NOT NULL,
  op               text NOT NULL CHECK (op IN ('upsert', 'remove')),
  entity_id        text NOT NULL,
  ticket_id        uuid,
  -- The permission group the entity belongs to now, and (for a move) the one it left.
  group_name       text,
  previous_group   text,
  data             jsonb,
  committed_by     xid8 NOT NULL DEFAULT pg_current_xact_id(),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_unstamped ON change_log (id) WHERE seq IS NULL;
CREATE SEQUENCE change_log_seq AS bigint;

ALTER TABLE agents ADD COLUMN permission_epoch integer NOT NULL DEFAULT 1;
`;
