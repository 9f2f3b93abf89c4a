/**
 * The transactional mail outbox (issue 11, e-mail out; docs/mail.md). A mail is rendered and
 * written here in the transaction of the change that causes it, and sent afterwards by one
 * instance at a time (`src-server/mail/sender.ts`); rows are never deleted.
 *
 * Customer users get a server-only `language` (not part of the synced entity): German when null.
 */
export const sql = `
ALTER TABLE customer_users ADD COLUMN language text;

CREATE TABLE mail_outbox (
  id                uuid PRIMARY KEY,
  -- Queue order, also the order of a ticket's mails for In-Reply-To and References.
  seq               bigserial UNIQUE,
  ticket_id         uuid NOT NULL REFERENCES tickets (id),
  article_id        uuid REFERENCES articles (id),
  kind              text NOT NULL CHECK (kind IN ('created', 'answered', 'pending', 'closed', 'agent-reply')),
  -- {"to": [{"name", "address"}], "cc": [...]}
  recipients        jsonb NOT NULL,
  language          text NOT NULL CHECK (language IN ('de', 'en')),
  subject           text NOT NULL,
  text              text NOT NULL,
  html              text NOT NULL,
  -- <uuid@domain>, made when queued: a mail sent again after a crash is recognisable as the same.
  message_id        text NOT NULL UNIQUE,
  in_reply_to       text,
  thread_references text[] NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL,
  -- Tries the relay refused; an outage (no connection) is not the mail's fault and does not count.
  attempts          integer NOT NULL DEFAULT 0,
  -- Database time, like every other instant the sender compares.
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  last_error        text,
  sent_at           timestamptz,
  -- Set after maxAttempts or a permanent refusal: never tried again (the row stays).
  gave_up_at        timestamptz,
  -- An instance took the row to send it until then; a crashed one's lease runs out.
  claimed_until     timestamptz
);
-- The sender's scan: due rows not yet sent nor given up.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX mail_outbox_ticket ON mail_outbox (ticket_id, seq);
`;
