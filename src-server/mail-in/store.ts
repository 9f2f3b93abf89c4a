import type { Queryable } from '../db/database.js';
import type { HeaderSummary } from './read-mail.js';

/** A mail as fetched, before anything is decided about it. */
export interface FetchedMail extends HeaderSummary {
  mailbox: string;
  /** UIDVALIDITY of the folder (a bigint on the wire; kept as text here). */
  uidValidity: string;
  uid: number;
  receivedAt: Date;
  storedAt: Date;
  /** At most maxMessageBytes bytes of the mail. */
  raw: Buffer;
  /** The whole mail's size on the server. */
  size: number;
  truncated: boolean;
}

/**
 * Stores a fetched mail (committed on return) unless this mailbox's mail with that UID is
 * stored already, say by another instance fetching at the same time. True when this call stored it.
 */
export async function storeFetchedMail(db: Queryable, mail: FetchedMail): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO inbound_mails (mailbox, uid_validity, uid, received_at, stored_at, raw, size, truncated, from_address, subject, message_id)
     VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (mailbox, uid_validity, uid) DO NOTHING RETURNING id`,
    [mail.mailbox, mail.uidValidity, mail.uid, mail.receivedAt, mail.storedAt, mail.raw, mail.size, mail.truncated, mail.fromAddress, cap(mail.subject, 1000), cap(mail.messageId, 1000)],
  );
  return result.rowCount > 0;
}

function cap(value: string | null, length: number): string | null {
  return value === null ? null : value.slice(0, length);
}

/** The highest UID stored for this mailbox under this UIDVALIDITY; null when none (first look, or the folder was recreated). */
export async function lastStoredUid(db: Queryable, mailbox: string, uidValidity: string): Promise<number | null> {
  const result = await db.query<{ uid: string | null }>('SELECT max(uid)::text AS uid FROM inbound_mails WHERE mailbox = $1 AND uid_validity = $2::bigint', [mailbox, uidValidity]);
  const uid = result.rows[0]?.uid ?? null;
  return uid === null ? null : Number(uid);
}

/** Which of `uids` are stored already. */
export async function storedUids(db: Queryable, mailbox: string, uidValidity: string, uids: readonly number[]): Promise<Set<number>> {
  if (uids.length === 0) return new Set();
  const result = await db.query<{ uid: string }>(
    'SELECT uid::text AS uid FROM inbound_mails WHERE mailbox = $1 AND uid_validity = $2::bigint AND uid = ANY($3::bigint[])',
    [mailbox, uidValidity, uids.map(String)],
  );
  return new Set(result.rows.map((row) => Number(row.uid)));
}

/** The oldest undecided mail of a mailbox, locked for this transaction; one another instance works on is skipped. */
export interface PendingMail {
  id: string;
  uid: string;
  raw: Buffer;
  size: number;
  truncated: boolean;
  receivedAt: Date;
  storedAt: Date;
  /** Hand-overs of this mail refused before (see mutationIdOf in mutation-target.ts). */
  failedHandOvers: number;
}

export async function lockNextPendingMail(tx: Queryable, mailbox: string): Promise<PendingMail | null> {
  const result = await tx.query<{ id: string; uid: string; raw: Buffer; size: string; truncated: boolean; received_at: Date; stored_at: Date; failed_hand_overs: number }>(
    `SELECT id::text AS id, uid::text AS uid, raw, size::text AS size, truncated, received_at, stored_at, failed_hand_overs FROM inbound_mails
     WHERE mailbox = $1 AND state = 'new' ORDER BY inbound_mails.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [mailbox],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  return {
    id: row.id, uid: row.uid, raw: row.raw, size: Number(row.size), truncated: row.truncated,
    receivedAt: new Date(row.received_at), storedAt: new Date(row.stored_at), failedHandOvers: row.failed_hand_overs,
  };
}

/**
 * Records a failed hand-over on a mail still `new`, in one statement (the mail's row lock went
 * with the rolled-back transaction, so another instance may have decided it meanwhile: then
 * nothing changes and false comes back). A refusal is counted, so the next attempt is a new mutation.
 */
export async function recordFailedHandOver(db: Queryable, id: string, decision: Omit<Decision, 'state' | 'ticketId' | 'articleId'>, refused: boolean): Promise<boolean> {
  const result = await db.query(
    `UPDATE inbound_mails SET state = 'failed', classification = $2::jsonb, from_address = coalesce($3, from_address), error = $4,
       ticket_id = NULL, article_id = NULL, processed_at = $5, failed_hand_overs = failed_hand_overs + $6
     WHERE id = $1::bigint AND state = 'new'`,
    [id, JSON.stringify(decision.classification), decision.fromAddress, decision.error, decision.at, refused ? 1 : 0],
  );
  return result.rowCount > 0;
}

/** How a mail was decided; written once, in the transaction of the decision (and of the hand-over). */
export interface Decision {
  state: 'processed' | 'rejected' | 'ignored' | 'failed';
  classification: unknown;
  fromAddress: string | null;
  error: string | null;
  ticketId: string | null;
  articleId: string | null;
  at: Date;
}

/** Records the decision on a mail still `new`; false when it was decided meanwhile. */
export async function recordDecision(tx: Queryable, id: string, decision: Decision): Promise<boolean> {
  const result = await tx.query(
    `UPDATE inbound_mails SET state = $2, classification = $3::jsonb, from_address = coalesce($4, from_address), error = $5,
       ticket_id = $6, article_id = $7, processed_at = $8
     WHERE id = $1::bigint AND state = 'new'`,
    [id, decision.state, JSON.stringify(decision.classification), decision.fromAddress, decision.error, decision.ticketId, decision.articleId, decision.at],
  );
  return result.rowCount > 0;
}

/** Mails from `address` stored within `windowMinutes` before the mail `id` (which is not counted). */
export async function earlierMailsFrom(tx: Queryable, address: string, id: string, storedAt: Date, windowMinutes: number): Promise<number> {
  const result = await tx.query<{ count: string }>(
    `SELECT count(*)::text AS count FROM inbound_mails
     WHERE from_address = $1 AND id < $2::bigint AND stored_at > $3::timestamptz - make_interval(mins => $4)`,
    [address, id, storedAt, windowMinutes],
  );
  return Number(result.rows[0]?.count ?? 0);
}
