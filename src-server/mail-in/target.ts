import type { Queryable } from '../db/database.js';
import type { KnownSender } from './classify.js';

/** A part of the mail handed over as a file, within limits.attachmentMaxBytes. */
export interface InboundAttachment {
  /** The name the mail gave (control characters removed, at most limits.attachmentFilenameMaxLength), or `attachment-N.ext`. */
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** The part's Content-ID without brackets, which `cid:` references in the HTML name; null without one. */
  contentId: string | null;
  /** A picture the HTML shows in its text rather than a file the sender attached. */
  inline: boolean;
}

/** A part not handed over (the whole mail stays in `inbound_mails`); the target may name it in the article. */
export interface OmittedAttachment {
  filename: string;
  contentType: string;
  size: number;
  reason: 'too-large' | 'too-many';
}

/** What every hand-over carries: the customer's article. */
export interface InboundArticle {
  /** The `inbound_mails` row, for history and for an operator who needs the original. */
  inboundMailId: string;
  /** How many hand-overs of this mail were refused before this one (`inbound_mails.failed_hand_overs`). */
  handOverAttempt: number;
  /** The sender's address, lower case. */
  customerEmail: string;
  /** The customer user the address belongs to; null for an unknown sender taken into the unknown-senders queue. */
  customer: KnownSender | null;
  /** The mail's subject, at most limits.articleSubjectMaxLength characters (tag and `Re:` left as they are). */
  subject: string;
  /** The plain-text body (see html-to-text.ts), at most limits.articleBodyMaxLength characters. */
  text: string;
  /** The HTML body exactly as the mail had it (untrusted: sanitise where it is shown); null for a text mail. */
  html: string | null;
  attachments: InboundAttachment[];
  omittedAttachments: OmittedAttachment[];
  /** When the mailbox received the mail (IMAP INTERNALDATE). */
  receivedAt: Date;
  /** The mail's Message-ID with brackets, or null. */
  messageId: string | null;
}

export interface InboundFollowUp extends InboundArticle {
  /** An existing ticket whose customer (or a colleague at its institution) sent the mail. */
  ticketNumber: string;
}

export interface InboundNewTicket extends InboundArticle {
  /** The configured queue name. */
  queue: string;
}

/**
 * The ticket side decided against the mail (a refusal or conflict of the mutation, stored under
 * its id): counted in `failed_hand_overs`, so that the next attempt is a new mutation. Any other
 * throw (the database, the change stamp after the commit) is not a decision and is not counted.
 */
export class HandOverRefused extends Error {
  override readonly name = 'HandOverRefused';
}

/** Where the handed-over mail ended up. */
export interface HandOverResult {
  ticketId: string;
  articleId: string;
}

/**
 * The ticket side of mail-in, implemented with the server's mutations (the customer as sender).
 * Both run inside the transaction that marks the mail processed, on `tx`, and must not commit
 * or open their own: a mail is handed over exactly once, or not at all. A throw rolls the
 * hand-over back and leaves the mail `failed` with the error's message.
 */
export interface InboundMailTarget {
  /** Adds the customer's article to the ticket; reopens a closed one. */
  followUp(tx: Queryable, mail: InboundFollowUp): Promise<HandOverResult>;
  /** Opens a ticket in the queue with the customer's article as its first. */
  createTicket(tx: Queryable, mail: InboundNewTicket): Promise<HandOverResult>;
}
