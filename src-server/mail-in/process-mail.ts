import type { Database, Queryable } from '../db/database.js';
import { classify, stateOf, type Classification, type ClassificationContext, type KnownSender, type TaggedTicket } from './classify.js';
import type { MailInConfig, MailboxConfig } from './config.js';
import type { MailInLog } from './log.js';
import { readMail } from './read-mail.js';
import { senderAuthentication } from './sender-authentication.js';
import { earlierMailsFrom, lockNextPendingMail, recordDecision, recordFailedHandOver, type PendingMail } from './store.js';
import { HandOverRefused, type HandOverResult, type InboundArticle, type InboundMailTarget } from './target.js';
import { ticketNumberInSubject } from '../mail/subject.js';

export interface MailProcessorOptions {
  db: Database;
  target: InboundMailTarget;
  config: Pick<MailInConfig, 'unknownSenders' | 'perSenderLimit' | 'maxMessageBytes' | 'senderAuthentication'>;
  /** Kontor's own addresses, lower case (`ownAddressesOf`): their mails are ignored. */
  ownAddresses: ReadonlySet<string>;
  log: MailInLog;
  now: () => Date;
}

/** What became of the mails one `processPending` call decided, by state. */
export type ProcessingCounts = Record<'processed' | 'rejected' | 'ignored' | 'failed', number>;

/** A throw of the target, told apart from a failing database: only the first makes the mail `failed`. */
class HandOverError extends Error {
  constructor(
    readonly classification: Classification,
    readonly fromAddress: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * Decides the stored mails of one mailbox that are still `new` and hands the answerable ones
 * to the target, one mail per transaction: the row is locked (`FOR UPDATE SKIP LOCKED`, so two
 * instances never take the same mail), classified, handed over and marked in that transaction,
 * so a mail is processed exactly once or stays `new` for the next pass.
 */
export class MailProcessor {
  constructor(private readonly options: MailProcessorOptions) {}

  /** Works through the mailbox's undecided mails until none is left (or `shouldStop`). */
  async processPending(mailbox: MailboxConfig, shouldStop: () => boolean = () => false): Promise<ProcessingCounts> {
    const counts: ProcessingCounts = { processed: 0, rejected: 0, ignored: 0, failed: 0 };
    while (!shouldStop()) {
      const state = await this.processNext(mailbox);
      if (state === null) break;
      counts[state] += 1;
    }
    return counts;
  }

  /** Decides the oldest undecided mail of the mailbox; null when there is none. */
  async processNext(mailbox: MailboxConfig): Promise<keyof ProcessingCounts | null> {
    const held: { mail: PendingMail | null } = { mail: null };
    try {
      return await this.options.db.transaction(async (tx) => {
        held.mail = await lockNextPendingMail(tx, mailbox.address);
        return held.mail === null ? null : this.decide(tx, mailbox, held.mail);
      });
    } catch (error) {
      if (!(error instanceof HandOverError) || held.mail === null) throw error;
      await this.recordFailedHandOver(mailbox, held.mail, error);
      return 'failed';
    }
  }

  private async decide(tx: Queryable, mailbox: MailboxConfig, mail: PendingMail): Promise<keyof ProcessingCounts> {
    const { config, now } = this.options;
    const read = await readMail(mail.raw, { truncated: mail.truncated, size: mail.size, maxMessageBytes: config.maxMessageBytes });
    if (!('content' in read)) {
      const classification = classify(read.reading, this.contextWithout(mailbox));
      await recordDecision(tx, mail.id, { state: 'failed', classification, fromAddress: null, error: read.reading.problem, ticketId: null, articleId: null, at: now() });
      this.options.log.warn({ mailbox: mailbox.address, uid: mail.uid, inboundMailId: mail.id, problem: read.reading.problem }, `mail-in: a mail in ${mailbox.address} cannot be read; kept as failed`);
      return 'failed';
    }
    const { reading, content } = read;
    const known = await findSender(tx, reading.fromAddress);
    // With a relay configured, a customer's address counts only when the relay vouches for it.
    const vouched = known === null || config.senderAuthentication === undefined ? null : senderAuthentication(reading.headers, reading.fromAddress, config.senderAuthentication.authservId);
    const sender = vouched === null || vouched.authenticated ? known : null;
    const unauthenticated = vouched !== null && !vouched.authenticated ? { senderUnauthenticated: vouched.why } : {};
    const tag = ticketNumberInSubject(reading.subject);
    const taggedTicket = tag === null ? null : await findTicket(tx, tag);
    const earlier = await earlierMailsFrom(tx, reading.fromAddress, mail.id, mail.storedAt, config.perSenderLimit.windowMinutes);
    const classification = classify(reading, { ...this.contextWithout(mailbox), sender, ...unauthenticated, taggedTicket, earlierMailsFromSender: earlier });
    const state = stateOf(classification);
    let handOver: HandOverResult | null = null;
    if (classification.kind === 'follow-up' || classification.kind === 'new-ticket') {
      const article: InboundArticle = { inboundMailId: mail.id, handOverAttempt: mail.failedHandOvers, customerEmail: reading.fromAddress, customer: sender, receivedAt: mail.receivedAt, ...content };
      try {
        handOver = classification.kind === 'follow-up'
          ? await this.options.target.followUp(tx, { ...article, ticketNumber: classification.ticketNumber })
          : await this.options.target.createTicket(tx, { ...article, queue: classification.queue });
      } catch (error) {
        throw new HandOverError(classification, reading.fromAddress, error);
      }
    }
    await recordDecision(tx, mail.id, {
      state, classification, fromAddress: reading.fromAddress, error: null,
      ticketId: handOver?.ticketId ?? null, articleId: handOver?.articleId ?? null, at: now(),
    });
    this.report(mailbox, mail, classification, earlier);
    return state;
  }

  /**
   * The hand-over was rolled back; the mail is kept as failed with the target's reason (an
   * operator may set it `new` again). Only a refusal counts as an attempt (HandOverRefused).
   */
  private async recordFailedHandOver(mailbox: MailboxConfig, mail: PendingMail, error: HandOverError): Promise<void> {
    const refused = error.cause instanceof HandOverRefused;
    const recorded = await recordFailedHandOver(
      this.options.db,
      mail.id,
      { classification: error.classification, fromAddress: error.fromAddress, error: `hand-over failed: ${error.message}`, at: this.options.now() },
      refused,
    );
    if (!recorded) return; // Another instance decided it meanwhile.
    this.options.log.warn({ mailbox: mailbox.address, uid: mail.uid, inboundMailId: mail.id, err: error.cause }, `mail-in: handing a mail in ${mailbox.address} over failed; kept as failed`);
  }

  private report(mailbox: MailboxConfig, mail: PendingMail, classification: Classification, earlier: number): void {
    const fields = { mailbox: mailbox.address, uid: mail.uid, inboundMailId: mail.id, classification };
    const { log, config } = this.options;
    if (classification.kind === 'loop-suspected') {
      // Once per loop, not once per mail of it: the first mail past the limit.
      if (earlier === config.perSenderLimit.maxMails) {
        log.warn(fields, `mail-in: more than ${config.perSenderLimit.maxMails} mails from ${classification.sender} within ${config.perSenderLimit.windowMinutes} minutes; a mail loop is suspected, further mails are stored and not handed over`);
      }
      return;
    }
    if ((classification.kind === 'new-ticket' || classification.kind === 'unknown-sender-rejected') && classification.unauthenticated !== undefined) {
      // A customer's address that the relay does not vouch for: perhaps forged, worth an operator's look.
      const taken = classification.kind === 'new-ticket' ? `taken as an unknown sender's into ${classification.queue}` : 'rejected as an unknown sender\'s';
      log.warn(fields, `mail-in: a mail in ${mailbox.address} from a customer's address is ${taken}: ${classification.unauthenticated}`);
      return;
    }
    if (classification.kind === 'own-mail-ignored') {
      // Kontor wrote to its own mailbox (an agent's recipient, a forwarding rule): worth an operator's look, never an answer.
      log.warn(fields, `mail-in: a mail in ${mailbox.address} comes from Kontor's own address ${classification.sender}; stored as ignored, neither taken in nor answered`);
      return;
    }
    log.info(fields, `mail-in: a mail in ${mailbox.address} was taken as ${classification.kind}`);
  }

  /** What the configuration says about a mail of this mailbox; nothing yet about its sender or tag. */
  private contextWithout(mailbox: MailboxConfig): ClassificationContext {
    const { config, ownAddresses } = this.options;
    return { mailboxQueue: mailbox.queue, ownAddresses, unknownSenders: config.unknownSenders, perSenderLimit: config.perSenderLimit, sender: null, taggedTicket: null, earlierMailsFromSender: 0 };
  }
}

/** The one valid customer user with this address; none when nobody or several have it (nobody is guessed). */
async function findSender(tx: Queryable, address: string): Promise<KnownSender | null> {
  const result = await tx.query<{ id: string; institution_id: string | null }>(
    'SELECT id, institution_id FROM customer_users WHERE lower(email) = $1 AND valid LIMIT 2',
    [address],
  );
  const [only, second] = result.rows;
  return only === undefined || second !== undefined ? null : { customerUserId: only.id, institutionId: only.institution_id };
}

async function findTicket(tx: Queryable, number: string): Promise<TaggedTicket | null> {
  const result = await tx.query<{ number: string; customer_user_id: string | null; institution_id: string | null }>(
    'SELECT number, customer_user_id, institution_id FROM tickets WHERE number = $1',
    [number],
  );
  const row = result.rows[0];
  return row === undefined ? null : { number: row.number, customerUserId: row.customer_user_id, institutionId: row.institution_id };
}
