import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { mailKinds, type ComposedMail, type MailKind } from './compose.js';
import { parseMailbox, type Mailbox } from './address.js';
import type { MailLanguage } from './words.js';

/** Told on commit of a transaction that queued mail: every instance's sender wakes. */
export const mailQueuedChannel = 'kontor_mail_queued';

const mailboxSchema = z.object({ name: z.string(), address: z.string().min(3) });
export const recipientsSchema = z.object({ to: z.array(mailboxSchema).min(1), cc: z.array(mailboxSchema).default([]) });
export type Recipients = z.output<typeof recipientsSchema>;

export interface NewMail {
  id: string;
  ticketId: string;
  /** `Name <address>` of the queue's sender (`mail.senders`); null for `mail.from`. */
  sender: string | null;
  articleId: string | null;
  kind: MailKind;
  recipients: Recipients;
  language: MailLanguage;
  composed: ComposedMail;
  messageId: string;
  inReplyTo: string | null;
  references: readonly string[];
  createdAt: Date;
}

/**
 * Writes a rendered mail into the outbox in the caller's transaction, with a NOTIFY that is
 * delivered only if and when that transaction commits (one round trip for both).
 */
export async function queueMail(tx: Queryable, mail: NewMail): Promise<void> {
  await tx.query(
    `WITH queued AS (
       INSERT INTO mail_outbox (id, ticket_id, article_id, kind, recipients, language, subject, text, html, message_id, in_reply_to, thread_references, created_at, sender)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14) RETURNING id)
     SELECT pg_notify('${mailQueuedChannel}', '') FROM queued`,
    [
      mail.id,
      mail.ticketId,
      mail.articleId,
      mail.kind,
      JSON.stringify(mail.recipients),
      mail.language,
      mail.composed.subject,
      mail.composed.text,
      mail.composed.html,
      mail.messageId,
      mail.inReplyTo,
      [...mail.references],
      mail.createdAt,
      mail.sender,
    ],
  );
}

/** A mail an instance claimed to send. */
export interface ClaimedMail {
  id: string;
  ticketId: string;
  /** The queue's sender; null for `mail.from`. */
  sender: Mailbox | null;
  kind: MailKind;
  recipients: Recipients;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  attempts: number;
}

const claimedRowSchema = z.object({
  id: z.string(),
  ticket_id: z.string(),
  sender: z.string().nullable(),
  kind: z.enum(mailKinds),
  recipients: recipientsSchema,
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  message_id: z.string(),
  in_reply_to: z.string().nullable(),
  thread_references: z.array(z.string()),
  attempts: z.number().int(),
});

/**
 * Claims up to `limit` due mails for `leaseSeconds`, oldest first. SKIP LOCKED passes over rows
 * another instance is claiming this instant, and the lease over rows it claimed before: two
 * instances never hold the same row. A crashed instance's rows are due again when its lease
 * runs out. All instants are the database's, one clock for every instance.
 */
export async function claimDueMails(db: Queryable, limit: number, leaseSeconds: number): Promise<ClaimedMail[]> {
  const result = await db.query(
    `UPDATE mail_outbox SET claimed_until = clock_timestamp() + make_interval(secs => $2)
     WHERE id IN (
       SELECT id FROM mail_outbox
       WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= clock_timestamp()
         AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
       ORDER BY next_attempt_at, seq
       LIMIT $1
       FOR UPDATE SKIP LOCKED)
     RETURNING id::text, ticket_id::text, sender, kind, recipients, subject, text, html, message_id, in_reply_to, thread_references, attempts, seq`,
    [limit, leaseSeconds],
  );
  return result.rows
    .sort((a, b) => Number(a['seq']) - Number(b['seq']))
    .map((row) => {
      const parsed = claimedRowSchema.parse(row);
      return {
        id: parsed.id,
        ticketId: parsed.ticket_id,
        // Checked by the config when it was queued; a row edited by hand into something else sends from `mail.from`.
        sender: parsed.sender === null ? null : parseMailbox(parsed.sender),
        kind: parsed.kind,
        recipients: parsed.recipients,
        subject: parsed.subject,
        text: parsed.text,
        html: parsed.html,
        messageId: parsed.message_id,
        inReplyTo: parsed.in_reply_to,
        references: parsed.thread_references,
        attempts: parsed.attempts,
      };
    });
}

/** The relay accepted these mails: never sent again. */
export async function markSent(db: Queryable, ids: readonly string[]): Promise<void> {
  await db.query('UPDATE mail_outbox SET sent_at = clock_timestamp(), claimed_until = NULL WHERE id = ANY($1::uuid[]) AND sent_at IS NULL', [[...ids]]);
}

/** The relay refused this mail: tried again after `retryAfterSeconds`, or given up (null). */
export async function recordRefusal(db: Queryable, id: string, error: string, retryAfterSeconds: number | null): Promise<void> {
  await db.query(
    `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL,
       next_attempt_at = CASE WHEN $3::float8 IS NULL THEN next_attempt_at ELSE clock_timestamp() + make_interval(secs => $3::float8) END,
       gave_up_at = CASE WHEN $3::float8 IS NULL THEN clock_timestamp() END
     WHERE id = $1 AND sent_at IS NULL`,
    [id, error, retryAfterSeconds],
  );
}

/**
 * Hands claimed mails back unsent (an outage, a stop, a lease running short); `tried` names the
 * one whose attempt met the outage, which keeps the error to show the operator.
 */
export async function releaseClaims(db: Queryable, ids: readonly string[], tried: { id: string; error: string } | null = null): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE mail_outbox SET claimed_until = NULL, last_error = CASE WHEN id = $2::uuid THEN $3 ELSE last_error END
     WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`,
    [[...ids], tried?.id ?? null, tried?.error ?? null],
  );
}
