import { automaticMailReason, type MailHeaders } from './auto-reply.js';
import { ticketNumberInSubject } from '../mail/subject.js';

/** What an incoming mail becomes. Stored with the mail (`inbound_mails.classification`). */
export type Classification =
  | { kind: 'follow-up'; ticketNumber: string }
  | { kind: 'new-ticket'; queue: string; why: NewTicketReason; unauthenticated?: string }
  | { kind: 'unknown-sender-rejected'; unauthenticated?: string }
  | { kind: 'own-mail-ignored'; sender: string }
  | { kind: 'auto-reply-ignored'; why: string }
  | { kind: 'loop-suspected'; sender: string }
  | { kind: 'unparseable'; why: string };

/** Why a mail opens a ticket instead of following one up. */
export type NewTicketReason = 'no-ticket-tag' | 'unknown-ticket' | 'sender-not-of-ticket';

/** A mail as far as the decision needs it, or why it could not be read. */
export type MailReading =
  | { readable: true; fromAddress: string; subject: string; headers: MailHeaders }
  | { readable: false; problem: string };

/** The customer user a sender address belongs to. */
export interface KnownSender {
  customerUserId: string;
  institutionId: string | null;
}

/** The ticket a subject's tag names, as the database has it. */
export interface TaggedTicket {
  number: string;
  customerUserId: string | null;
  institutionId: string | null;
}

/** What the database and the configuration say about this mail; gathered before `classify`. */
export interface ClassificationContext {
  /** The queue of the mailbox the mail came to. */
  mailboxQueue: string;
  /** Kontor's own addresses, lower case: its sender (`mail.from`) and every mailbox's. */
  ownAddresses: ReadonlySet<string>;
  unknownSenders: 'reject' | { queue: string };
  perSenderLimit: { maxMails: number };
  /** The customer user with the sender's address; null when none (or several) have it, or the relay does not vouch for it. */
  sender: KnownSender | null;
  /** Why a customer's address was not taken as theirs: the receiving relay does not vouch for it (`senderAuthentication`). */
  senderUnauthenticated?: string;
  /** The ticket the subject's tag names; null without a tag or when no such ticket exists. */
  taggedTicket: TaggedTicket | null;
  /** Mails from the same address stored within the rate window before this one. */
  earlierMailsFromSender: number;
}

/**
 * Decides what a mail becomes; no side effects. In this order: a mail that cannot be read is
 * kept as failed; Kontor's own mail come back is ignored, and so is a machine's (never answered,
 * so no loop); a sender past the rate limit is a loop; a tagged mail from the ticket's customer or a colleague at the same
 * institution follows the ticket up; anything else opens a ticket, for a known sender in the
 * mailbox's queue, for an unknown one in the configured queue or not at all.
 *
 * A tag alone does not let a mail into a ticket: ticket numbers are counted per day and easy to
 * guess, and a stranger must not write into another institution's ticket. Such a mail opens a
 * ticket of its own, which an agent can merge.
 */
export function classify(mail: MailReading, context: ClassificationContext): Classification {
  if (!mail.readable) return { kind: 'unparseable', why: mail.problem };
  // Before the machine signs: a reply an agent sent carries none, and it must not come back as a ticket.
  if (context.ownAddresses.has(mail.fromAddress)) return { kind: 'own-mail-ignored', sender: mail.fromAddress };
  const automatic = automaticMailReason(mail.headers, mail.fromAddress);
  if (automatic !== null) return { kind: 'auto-reply-ignored', why: automatic };
  if (context.earlierMailsFromSender >= context.perSenderLimit.maxMails) return { kind: 'loop-suspected', sender: mail.fromAddress };

  const tag = ticketNumberInSubject(mail.subject);
  const ticket = tag !== null && context.taggedTicket?.number === tag ? context.taggedTicket : null;
  const { sender } = context;
  if (ticket !== null && sender !== null && mayFollowUp(sender, ticket)) return { kind: 'follow-up', ticketNumber: ticket.number };

  const why: NewTicketReason = tag === null ? 'no-ticket-tag' : ticket === null ? 'unknown-ticket' : 'sender-not-of-ticket';
  if (sender !== null) return { kind: 'new-ticket', queue: context.mailboxQueue, why };
  // A customer's address the relay does not vouch for is a stranger's: it may be forged.
  const unauthenticated = context.senderUnauthenticated === undefined ? {} : { unauthenticated: context.senderUnauthenticated };
  if (context.unknownSenders === 'reject') return { kind: 'unknown-sender-rejected', ...unauthenticated };
  return { kind: 'new-ticket', queue: context.unknownSenders.queue, why, ...unauthenticated };
}

/**
 * Anyone of the ticket's institution (who sees it in the portal anyway), its own customer user
 * among them. A customer user who has moved to another institution since opening it no longer
 * reads that institution's tickets (the dispatcher would refuse the follow-up): their mail opens
 * a ticket for the institution they belong to now.
 */
function mayFollowUp(sender: KnownSender, ticket: TaggedTicket): boolean {
  return ticket.institutionId !== null && sender.institutionId === ticket.institutionId;
}

/** The state a classified mail is stored with; `processed` only together with its hand-over. */
export type InboundMailState = 'new' | 'processed' | 'rejected' | 'ignored' | 'failed';

export function stateOf(classification: Classification): Exclude<InboundMailState, 'new'> {
  switch (classification.kind) {
    case 'follow-up':
    case 'new-ticket':
      return 'processed';
    case 'unknown-sender-rejected':
      return 'rejected';
    case 'own-mail-ignored':
    case 'auto-reply-ignored':
    case 'loop-suspected':
      return 'ignored';
    case 'unparseable':
      return 'failed';
  }
}
