import { createHash } from 'node:crypto';
import { limits } from '../../src-shared/limits.js';
import type { MutationEnvelope, MutationResult } from '../../src-shared/sync/protocol.js';
import type { Queryable } from '../db/database.js';
import type { CustomerActor } from '../sync/mutations/actor.js';
import { applyCustomerMutations, type MutationDependencies } from '../sync/mutations/dispatcher.js';
import type { HandOverResult, InboundArticle, InboundMailTarget } from './target.js';

/**
 * Mail-in's tickets and follow-ups as the customer's own mutations (docs/mail-in.md, "Hand-over"):
 * the same catalogue, rights, history, SLA clocks, mails and feed as the portal's, with the
 * customer as the actor (`via: 'email'`). The dispatcher runs its own transaction; what makes
 * the hand-over happen once is that every id is derived from the inbound mail's: a hand-over
 * repeated after a crash (the mail's own transaction rolled back after the mutation committed)
 * is the same mutation again and answers with the result stored the first time.
 */
export function mutationMailTarget(mutations: MutationDependencies, now: () => Date = () => new Date()): InboundMailTarget {
  return {
    async followUp(tx, mail) {
      const actor = await customerActor(tx, mail);
      const ticket = await tx.query<{ id: string }>('SELECT id FROM tickets WHERE number = $1', [mail.ticketNumber]);
      const ticketId = ticket.rows[0]?.id;
      if (ticketId === undefined) throw new Error(`ticket ${mail.ticketNumber} does not exist`);
      const articleId = derivedId(mail.inboundMailId, 'article');
      await applyOne(mutations, actor, { id: derivedId(mail.inboundMailId, 'mutation'), name: 'ticket.addArticle', args: { ticketId, article: articleOf(mail, articleId) }, baseVersion: null }, now());
      return { ticketId, articleId };
    },
    async createTicket(tx, mail) {
      const actor = await customerActor(tx, mail);
      const queue = await tx.query<{ id: string }>('SELECT id FROM queues WHERE name = $1', [mail.queue]);
      const queueId = queue.rows[0]?.id;
      if (queueId === undefined) throw new Error(`queue "${mail.queue}" does not exist`);
      const ticketId = derivedId(mail.inboundMailId, 'ticket');
      const articleId = derivedId(mail.inboundMailId, 'article');
      const title = (mail.subject.trim() === '' ? '(ohne Betreff)' : mail.subject.trim()).slice(0, limits.ticketTitleMaxLength);
      const args = { ticketId, queueId, title, type: 'incident', customerUserId: actor.customerUserId, article: articleOf(mail, articleId) };
      await applyOne(mutations, actor, { id: derivedId(mail.inboundMailId, 'mutation'), name: 'ticket.create', args, baseVersion: null }, now());
      return { ticketId, articleId } satisfies HandOverResult;
    },
  };
}

/** The clientId of every mail-in mutation: one "client", the server's mailboxes. */
const mailInClientId = '6d61696c-2d69-4e00-8000-000000000001';

/** A UUID (version 8, RFC 9562's custom form) that is always the same for one inbound mail and purpose. */
export function derivedId(inboundMailId: string, purpose: 'ticket' | 'article' | 'mutation' | `attachment-${number}`): string {
  const bytes = createHash('sha256').update(`kontor-mail-in:${inboundMailId}:${purpose}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function customerActor(tx: Queryable, mail: InboundArticle): Promise<CustomerActor> {
  if (mail.customer === null) throw new Error(`unknown sender ${mail.customerEmail}: mail from unknown senders cannot be taken in as a customer's yet (set mailIn.unknownSenders to "reject")`);
  if (mail.customer.institutionId === null) throw new Error(`customer user ${mail.customer.customerUserId} belongs to no institution`);
  const found = await tx.query<{ display_name: string }>('SELECT display_name FROM customer_users WHERE id = $1', [mail.customer.customerUserId]);
  return { kind: 'customer', customerUserId: mail.customer.customerUserId, institutionId: mail.customer.institutionId, displayName: found.rows[0]?.display_name ?? mail.customerEmail, via: 'email' };
}

/**
 * The customer's article: the HTML as received where there is one and it fits (the Desk and the
 * portal sanitise it where they show it), the text otherwise; parts that could not be taken are
 * named at its end.
 */
function articleOf(mail: InboundArticle, articleId: string): Record<string, unknown> {
  const omitted = mail.omittedAttachments.map((part) => `${part.filename} (${part.contentType}, ${String(part.size)} Bytes: ${part.reason === 'too-large' ? 'zu groß' : 'zu viele Anhänge'})`);
  const note = omitted.length === 0 ? '' : `\n\n[Nicht übernommene Anhänge: ${omitted.join('; ')}]`;
  const max = limits.articleBodyMaxLength;
  const withHtml = mail.html === null ? null : note === '' ? mail.html : `${mail.html}<p>${escapeHtml(note.trim())}</p>`;
  // The whole body is measured: HTML with its note, else the text cut so that the note still fits.
  const body = withHtml !== null && withHtml.length <= max ? withHtml : `${mail.text.slice(0, Math.max(0, max - note.length))}${note}`.slice(0, max);
  return {
    articleId,
    channel: 'email',
    visibility: 'customer-visible',
    sender: 'customer',
    subject: mail.subject,
    body,
    attachments: mail.attachments.map((attachment, index) => ({
      id: derivedId(mail.inboundMailId, `attachment-${index}`),
      filename: attachment.filename,
      contentType: attachment.contentType,
      contentBase64: attachment.content.toString('base64'),
    })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (char) => `&#${String(char.charCodeAt(0))};`);
}

/** Applies one mutation as the customer; anything but `applied` is thrown, so the mail is kept as failed with the reason. */
async function applyOne(deps: MutationDependencies, actor: CustomerActor, mutation: MutationEnvelope['mutations'][number], now: Date): Promise<MutationResult> {
  const [result] = await applyCustomerMutations(deps, actor, { clientId: mailInClientId, mutations: [mutation] }, now);
  if (result?.status !== 'applied') {
    const why = result === undefined ? 'no result' : result.status === 'rejected' ? `${result.reason}: ${result.message}` : result.status;
    throw new Error(`${mutation.name} was not applied (${why})`);
  }
  return result;
}

