/**
 * Inbound mail as received (issue 11, e-mail in; docs/mail-in.md). Every mail fetched from a
 * queue's mailbox is stored here first, raw, before it is marked seen on the IMAP server, and
 * stays here whatever becomes of it: an unreadable mail is kept as `failed`, never dropped.
 * The unique (mailbox, uidvalidity, uid) lets two instances fetch the same mail while only one
 * stores it; `processed` is written in the transaction that hands the mail over.
 */
export const sql = `
CREATE TABLE inbound_mails (
  id              bigserial PRIMARY KEY,
  -- The queue address the mail was fetched for (lower case), as configured.
  mailbox         text NOT NULL,
  uid_validity    bigint NOT NULL,
  uid             bigint NOT NULL,
  -- When the mailbox received it (IMAP INTERNALDATE); stored_at is this server's clock.
  received_at     timestamptz NOT NULL,
  stored_at       timestamptz NOT NULL,
  -- The message as fetched, at most mailIn.maxMessageBytes; size is the whole mail's on the server.
  raw             bytea NOT NULL,
  size            bigint NOT NULL,
  truncated       boolean NOT NULL DEFAULT false,
  -- From the headers, when they could be read; from_address is lower case.
  from_address    text,
  subject         text,
  message_id      text,
  classification  jsonb,
  state           text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'processed', 'rejected', 'ignored', 'failed')),
  error           text,
  ticket_id       uuid REFERENCES tickets (id),
  article_id      uuid REFERENCES articles (id),
  processed_at    timestamptz,
  UNIQUE (mailbox, uid_validity, uid),
  CHECK (truncated OR octet_length(raw) = size),
  CHECK ((state = 'processed') = (ticket_id IS NOT NULL AND article_id IS NOT NULL)),
  CHECK ((state = 'new') = (processed_at IS NULL))
);
-- The work list: mails of a mailbox not yet decided, oldest first.
CREATE INDEX inbound_mails_new ON inbound_mails (mailbox, id) WHERE state = 'new';
-- The rate limit per sender counts an address's mails of the last minutes.
CREATE INDEX inbound_mails_sender ON inbound_mails (from_address, stored_at);

-- A sender is found among the customer users by address, in any letter case.
CREATE INDEX customer_users_email ON customer_users (lower(email));
`;
