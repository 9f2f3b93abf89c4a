/**
 * SLAs on business calendars, the clocks' whole state on each ticket, and the people and
 * institutions of the directory as entities of their own (read on a schedule, never deleted).
 *
 * Queues named their SLA targets inline; each queue gets an SLA of its own name with the same
 * targets on the 24/7 calendar, so that the due instants of existing tickets stay as they were
 * until a configuration names business calendars.
 */
const clockColumns = (clock: string): string => `
  ADD COLUMN ${clock}_started_at timestamptz,
  ADD COLUMN ${clock}_minutes integer NOT NULL DEFAULT 0,
  ADD COLUMN ${clock}_warn_at timestamptz,
  ADD COLUMN ${clock}_breached boolean NOT NULL DEFAULT false,
  ADD COLUMN ${clock}_warned boolean NOT NULL DEFAULT false,
  ADD COLUMN ${clock}_answered boolean NOT NULL DEFAULT false`;

export const sql = `
CREATE TABLE calendars (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  time_zone   text NOT NULL,
  -- Index 0 is Sunday; each day a list of [start, end) minute ranges.
  weekdays    jsonb NOT NULL,
  -- Local dates without working time, spelt out for the years around now.
  holidays    jsonb NOT NULL,
  valid       boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1
);

CREATE TABLE slas (
  id                      uuid PRIMARY KEY,
  name                    text NOT NULL UNIQUE,
  calendar_id             uuid NOT NULL REFERENCES calendars (id),
  first_response_minutes  integer NOT NULL CHECK (first_response_minutes > 0),
  update_minutes          integer NOT NULL CHECK (update_minutes > 0),
  solution_minutes        integer NOT NULL CHECK (solution_minutes > 0),
  warning_percent         integer NOT NULL CHECK (warning_percent BETWEEN 1 AND 100),
  valid                   boolean NOT NULL DEFAULT true,
  version                 integer NOT NULL DEFAULT 1
);

-- The calendar where every minute counts (ids as apply-config derives them from names).
INSERT INTO calendars (id, name, time_zone, weekdays, holidays)
VALUES ('7dc5b582-c874-5c00-9b03-e83256bb3218', '24/7', 'UTC', '[[[0,1440]],[[0,1440]],[[0,1440]],[[0,1440]],[[0,1440]],[[0,1440]],[[0,1440]]]', '[]');

INSERT INTO slas (id, name, calendar_id, first_response_minutes, update_minutes, solution_minutes, warning_percent)
SELECT q.id, q.name, '7dc5b582-c874-5c00-9b03-e83256bb3218', (q.sla->>'firstResponseMinutes')::int, (q.sla->>'updateMinutes')::int,
       (q.sla->>'solutionMinutes')::int, (q.sla->>'warningPercent')::int
FROM queues q;

ALTER TABLE queues ADD COLUMN sla_id uuid REFERENCES slas (id);
UPDATE queues SET sla_id = id;
ALTER TABLE queues ALTER COLUMN sla_id SET NOT NULL, DROP COLUMN sla;

ALTER TABLE tickets
  -- An SLA set on the ticket itself; null: its queue's.
  ADD COLUMN sla_id uuid REFERENCES slas (id),${clockColumns('first_response')},${clockColumns('update')},${clockColumns('solution')},
  -- When the breach timer next has something to do for this ticket; null: nothing.
  ADD COLUMN next_sla_event_at timestamptz;
CREATE INDEX tickets_next_sla_event ON tickets (next_sla_event_at) WHERE next_sla_event_at IS NOT NULL;
CREATE INDEX tickets_customer_user ON tickets (customer_user_id);

-- Running clocks of existing tickets start where their due instants say (24/7: due - target).
UPDATE tickets t SET
  first_response_started_at = CASE WHEN t.first_response_due IS NOT NULL THEN t.created_at END,
  first_response_warn_at = t.first_response_due - make_interval(mins => s.first_response_minutes - ceil(s.first_response_minutes * s.warning_percent / 100.0)::int),
  first_response_answered = t.first_response_due IS NULL AND t.state NOT IN ('closed-successful', 'closed-unsuccessful', 'merged'),
  update_started_at = t.update_due - make_interval(mins => s.update_minutes),
  update_warn_at = t.update_due - make_interval(mins => s.update_minutes - ceil(s.update_minutes * s.warning_percent / 100.0)::int),
  solution_started_at = CASE WHEN t.solution_due IS NOT NULL THEN t.created_at END,
  solution_warn_at = t.solution_due - make_interval(mins => s.solution_minutes - ceil(s.solution_minutes * s.warning_percent / 100.0)::int)
FROM queues q JOIN slas s ON s.id = q.sla_id
WHERE q.id = t.queue_id;
UPDATE tickets SET next_sla_event_at = LEAST(first_response_warn_at, update_warn_at, solution_warn_at);

CREATE TABLE institutions (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  -- false once the directory no longer has it; its tickets stay.
  valid       boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1
);

CREATE TABLE customer_users (
  id              text PRIMARY KEY,
  username        text NOT NULL,
  display_name    text NOT NULL,
  email           text,
  phone           text,
  institution_id  text REFERENCES institutions (id),
  valid           boolean NOT NULL DEFAULT true,
  version         integer NOT NULL DEFAULT 1
);
CREATE INDEX customer_users_institution ON customer_users (institution_id);

-- Agents known from the directory who never signed in have no last login.
ALTER TABLE agents
  ALTER COLUMN last_login_at DROP NOT NULL,
  -- The groups in which the agent may own tickets (ro + owner, or rw): the Desk's owner candidates.
  ADD COLUMN owner_groups text[] NOT NULL DEFAULT '{}',
  ADD COLUMN valid boolean NOT NULL DEFAULT true,
  ADD COLUMN version integer NOT NULL DEFAULT 1;
`;
