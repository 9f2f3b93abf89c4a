import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { articleChannels, articleSenders, articleVisibilities, pendingStates, ticketStates, type TicketState } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import type { NewChange } from '../sync/change-log.js';
import { isMailAddress, type Mailbox } from './address.js';
import { composeMail, type MailKind } from './compose.js';
import { customerWordsAsText } from './html.js';
import { queueMail, type Recipients } from './outbox.js';
import { senderOf, signatureOf, type MailSettings } from './settings.js';
import { mailLanguageOf } from './words.js';

/** The parts of the feed entities a mail is made of, read from an applied mutation's change rows. */
const ticketSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  queueId: z.string(),
  state: z.enum(ticketStates),
  pendingUntil: z.string().nullable(),
  customerUserId: z.string().nullable(),
});
const articleSchema = z.object({
  id: z.string(),
  channel: z.enum(articleChannels),
  visibility: z.enum(articleVisibilities),
  sender: z.enum(articleSenders),
  subject: z.string(),
  body: z.string(),
});
const historySchema = z.object({ event: z.string(), data: z.record(z.string(), z.unknown()) });

type TicketFacts = z.infer<typeof ticketSchema>;
type ArticleFacts = z.infer<typeof articleSchema>;

/** Closed states a customer hears of; `merged` is told by the ticket it went into. */
const toldClosedStates: readonly TicketState[] = ['closed-successful', 'closed-unsuccessful'];

/** Who an e-mail reply goes to when the agent named them; otherwise the ticket's customer user. */
export interface ExplicitRecipients {
  to: readonly string[];
  cc: readonly string[];
}

interface PlannedMail {
  kind: MailKind;
  article: ArticleFacts | null;
}

/** Whether an article is an agent's answer the customer sees (not a note, not the customer's own words). */
function isAgentAnswer(article: ArticleFacts): boolean {
  return article.sender === 'agent' && article.visibility === 'customer-visible';
}

const eventsThatMayMail = new Set(['created', 'article-added', 'state-changed']);

/** Cheap look before anything is parsed: most mutations (locks, owners, priorities) cause no mail. */
function mayCauseMail(change: NewChange): boolean {
  if (change.entity !== 'history' || typeof change.data !== 'object' || change.data === null) return false;
  const event: unknown = (change.data as { event?: unknown }).event;
  return typeof event === 'string' && eventsThatMayMail.has(event);
}

/** The mails one applied change causes, by its history rows: created, an agent's answer, pending, closed. */
function plannedMails(changes: readonly NewChange[]): { ticket: TicketFacts; mails: PlannedMail[] } | null {
  if (!changes.some(mayCauseMail)) return null;
  let ticket: TicketFacts | null = null;
  const articles = new Map<string, ArticleFacts>();
  const events: z.infer<typeof historySchema>[] = [];
  for (const change of changes) {
    if (change.op !== 'upsert') continue;
    if (change.entity === 'ticket') ticket = ticketSchema.parse(change.data);
    else if (change.entity === 'article') {
      const article = articleSchema.parse(change.data);
      articles.set(article.id, article);
    } else if (change.entity === 'history') events.push(historySchema.parse(change.data));
  }
  // A ticket without a customer user (an unknown sender's, a phone call not yet assigned) gets
  // only what an agent addresses by name: recipientsOf finds no one for the rest.
  if (ticket === null) return null;
  const mails: PlannedMail[] = [];
  for (const event of events) {
    const article = typeof event.data['articleId'] === 'string' ? (articles.get(event.data['articleId']) ?? null) : null;
    if (event.event === 'created') {
      // An agent who opens a ticket with an e-mail to the customer: that e-mail is what they get.
      if (article && isAgentAnswer(article) && article.channel === 'email') mails.push({ kind: 'agent-reply', article });
      else mails.push({ kind: 'created', article: article?.visibility === 'customer-visible' ? article : null });
    } else if (event.event === 'article-added' && article && isAgentAnswer(article)) {
      mails.push({ kind: article.channel === 'email' ? 'agent-reply' : 'answered', article });
    } else if (event.event === 'state-changed') {
      const to = event.data['to'];
      if (pendingStates.includes(to as TicketState)) mails.push({ kind: 'pending', article: null });
      else if (toldClosedStates.includes(to as TicketState)) mails.push({ kind: 'closed', article: null });
    }
  }
  return mails.length > 0 ? { ticket, mails } : null;
}

const contextRowSchema = z.object({
  queue_name: z.string(),
  display_name: z.string().nullable(),
  email: z.string().nullable(),
  language: z.string().nullable(),
  valid: z.boolean().nullable(),
  thread: z.array(z.string()).nullable(),
});

/** Messages of the thread named in References (the newest, after the first). */
const referencesKept = 20;

/**
 * Queues the customer's mails for one applied mutation, in its transaction (and inside its
 * savepoint: a mutation that does not apply queues nothing). Nothing for internal notes, for
 * what the customer said, and nothing for a ticket without a customer user, or with one without
 * a valid e-mail address (nor one no longer in the directory), unless the agent named recipients.
 */
export async function queueCustomerMails(tx: Queryable, settings: MailSettings, changes: readonly NewChange[], now: Date, explicit: ExplicitRecipients | null = null): Promise<number> {
  const planned = plannedMails(changes);
  if (planned === null) return 0;
  const { ticket } = planned;
  const result = await tx.query(
    `SELECT q.name AS queue_name, cu.display_name, cu.email, cu.language, cu.valid,
       (SELECT array_agg(m.message_id ORDER BY m.seq) FROM (
          SELECT message_id, seq FROM mail_outbox WHERE ticket_id = $1 ORDER BY seq DESC LIMIT ${String(referencesKept)}) m) AS thread
     FROM queues q LEFT JOIN customer_users cu ON cu.id = $2 WHERE q.id = $3`,
    [ticket.id, ticket.customerUserId, ticket.queueId],
  );
  const context = contextRowSchema.parse(result.rows[0]);
  const customer: Mailbox | null =
    context.email !== null && context.valid === true && isMailAddress(context.email) ? { name: context.display_name ?? '', address: context.email } : null;
  const language = mailLanguageOf(context.language);
  const thread = [...(context.thread ?? [])];
  let queued = 0;
  for (const mail of planned.mails) {
    const recipients = recipientsOf(mail.kind, customer, explicit);
    if (recipients === null) continue;
    const quote = mail.kind === 'agent-reply' && mail.article ? await lastCustomerMessage(tx, ticket.id, mail.article.id, context.display_name) : null;
    const messageId = `<${randomUUID()}@${settings.messageIdDomain}>`;
    await queueMail(tx, {
      id: randomUUID(),
      ticketId: ticket.id,
      sender: senderOf(settings, context.queue_name),
      articleId: mail.article?.id ?? null,
      kind: mail.kind,
      recipients,
      language,
      composed: composeMail({
        kind: mail.kind,
        language,
        ticket: { number: ticket.number, title: ticket.title, state: ticket.state, pendingUntil: ticket.pendingUntil },
        customerName: context.display_name ?? '',
        article: mail.article && { subject: mail.article.subject, body: mail.article.sender === 'customer' ? customerWordsAsText(mail.article) : mail.article.body },
        quote,
        signature: mail.kind === 'agent-reply' ? signatureOf(settings, context.queue_name) : null,
        portalUrl: settings.portalUrl,
      }),
      messageId,
      inReplyTo: thread.at(-1) ?? null,
      references: thread,
      createdAt: now,
    });
    thread.push(messageId);
    queued += 1;
  }
  return queued;
}

/** The customer user, or for an e-mail reply the addresses the agent named (invalid ones left out). */
function recipientsOf(kind: MailKind, customer: Mailbox | null, explicit: ExplicitRecipients | null): Recipients | null {
  if (kind === 'agent-reply' && explicit !== null && explicit.to.length > 0) {
    const named = (addresses: readonly string[]): Mailbox[] =>
      addresses.filter(isMailAddress).map((address) => (customer && address.toLowerCase() === customer.address.toLowerCase() ? customer : { name: '', address }));
    const to = named(explicit.to);
    if (to.length > 0) return { to, cc: named(explicit.cc) };
  }
  return customer === null ? null : { to: [customer], cc: [] };
}

const quoteRowSchema = z.object({ channel: z.string(), body: z.string(), created_at: z.date() });

/** The customer's last message before this article, quoted below an e-mail reply (as text: a mailed-in one may be HTML). */
async function lastCustomerMessage(tx: Queryable, ticketId: string, articleId: string, customerName: string | null): Promise<{ body: string; createdAt: string; authorName: string } | null> {
  const result = await tx.query(
    `SELECT channel, body, created_at FROM articles
     WHERE ticket_id = $1 AND id <> $2 AND sender = 'customer' AND visibility = 'customer-visible'
     ORDER BY created_at DESC, id DESC LIMIT 1`,
    [ticketId, articleId],
  );
  const row = result.rows[0];
  if (!row) return null;
  const quoted = quoteRowSchema.parse(row);
  return { body: customerWordsAsText(quoted), createdAt: quoted.created_at.toISOString(), authorName: customerName ?? '' };
}
