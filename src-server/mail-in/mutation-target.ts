import { createHash } from 'node:crypto';
import { limits } from '../../src-shared/limits.js';
import type { MutationEnvelope, MutationResult } from '../../src-shared/sync/protocol.js';
import type { Queryable } from '../db/database.js';
import { unknownSenderActor, type CustomerActor } from '../sync/mutations/actor.js';
import { applyCustomerMutations, applyUnknownSenderMutations, type MutationDependencies } from '../sync/mutations/dispatcher.js';
import { HandOverRefused, type HandOverResult, type InboundArticle, type InboundMailTarget, type InboundNewTicket } from './target.js';

/** Applies one envelope as whoever the mail is taken from. */
type Apply = (envelope: MutationEnvelope) => Promise<MutationResult[]>;

/**
 * Mail-in's tickets and follow-ups as the customer's own mutations (docs/mail-in.md, "Hand-over"):
 * the same catalogue, rights, history, SLA clocks, mails and feed as the portal's, with the
 * customer as the actor (`via: 'email'`). The dispatcher runs its own transaction; what makes
 * the hand-over happen once is that every id is derived from the inbound mail's: a hand-over
 * repeated after a crash (the mail's own transaction rolled back after the mutation committed)
 * is the same mutation again and answers with the result stored the first time. A mail from an
 * unknown sender (taken into the unknown-senders queue) opens its ticket as the unknown-sender
 * actor instead: no customer user, the address in the history.
 */
export function mutationMailTarget(mutations: MutationDependencies, now: () => Date = () => new Date()): InboundMailTarget {
  return {
    async followUp(tx, mail) {
      const earlier = await handedOverBefore(tx, mail);
      if (earlier) return earlier;
      // A tag alone does not open a ticket to a sender (classify.ts): an unknown sender never follows up.
      if (mail.customer === null) throw new Error(`unknown sender ${mail.customerEmail}: a mail from an unknown sender never follows a ticket up`);
      const actor = await customerActor(tx, mail);
      const ticket = await tx.query<{ id: string }>('SELECT id FROM tickets WHERE number = $1', [mail.ticketNumber]);
      const ticketId = ticket.rows[0]?.id;
      if (ticketId === undefined) throw new Error(`ticket ${mail.ticketNumber} does not exist`);
      const articleId = derivedId(mail.inboundMailId, 'article');
      const apply: Apply = (envelope) => applyCustomerMutations(mutations, actor, envelope, now());
      await applyOne(apply, { id: mutationIdOf(mail), name: 'ticket.addArticle', args: { ticketId, article: articleOf(mail, articleId) }, baseVersion: null });
      return { ticketId, articleId };
    },
    async createTicket(tx, mail) {
      const earlier = await handedOverBefore(tx, mail);
      if (earlier) return earlier;
      const queue = await tx.query<{ id: string; group_name: string }>('SELECT id, group_name FROM queues WHERE name = $1', [mail.queue]);
      const found = queue.rows[0];
      if (found === undefined) throw new Error(`queue "${mail.queue}" does not exist`);
      const opener = await openerOf(tx, mutations, now, mail, { id: found.id, group: found.group_name });
      const ticketId = derivedId(mail.inboundMailId, 'ticket');
      const articleId = derivedId(mail.inboundMailId, 'article');
      const args = { ticketId, queueId: found.id, title: titleOf(mail), type: 'incident', customerUserId: opener.customerUserId, article: articleOf(mail, articleId) };
      await applyOne(opener.apply, { id: mutationIdOf(mail), name: 'ticket.create', args, baseVersion: null });
      return { ticketId, articleId } satisfies HandOverResult;
    },
  };
}

/**
 * Where an earlier hand-over of this mail put its article, if one committed (the dispatcher's
 * transaction is its own): a crash, a lost connection or a failure to stamp the change after
 * that commit left the mail `new` or `failed`, and this attempt only records where it went. It
 * does not depend on the stored result, which is keyed by the actor (an address the directory
 * sync has since given to a customer user would look elsewhere) and by the attempt's mutation id.
 */
async function handedOverBefore(tx: Queryable, mail: InboundArticle): Promise<HandOverResult | null> {
  const articleId = derivedId(mail.inboundMailId, 'article');
  const found = await tx.query<{ ticket_id: string }>('SELECT ticket_id FROM articles WHERE id = $1', [articleId]);
  const row = found.rows[0];
  return row === undefined ? null : { ticketId: row.ticket_id, articleId };
}

function titleOf(mail: InboundNewTicket): string {
  return (mail.subject.trim() === '' ? '(ohne Betreff)' : mail.subject.trim()).slice(0, limits.ticketTitleMaxLength);
}

/** Who opens the mail's ticket: its customer user, or for an unknown sender the actor that may open it in `queue` only. */
async function openerOf(tx: Queryable, mutations: MutationDependencies, now: () => Date, mail: InboundNewTicket, queue: { id: string; group: string }): Promise<{ apply: Apply; customerUserId: string | null }> {
  if (mail.customer === null) {
    const sender = unknownSenderActor(mail.customerEmail, queue);
    return { apply: (envelope) => applyUnknownSenderMutations(mutations, sender, envelope, now()), customerUserId: null };
  }
  const customer = await customerActor(tx, mail);
  return { apply: (envelope) => applyCustomerMutations(mutations, customer, envelope, now()), customerUserId: customer.customerUserId };
}

/** The clientId of every mail-in mutation: one "client", the server's mailboxes. */
const mailInClientId = '6d61696c-2d69-4e00-8000-000000000001';

/** A UUID (version 8, RFC 9562's custom form) that is always the same for one inbound mail and purpose. */
/**
 * The mutation's id: the same for every hand-over of the mail until one is refused, a new one
 * after each refusal (`handOverAttempt`). A refusal is stored under its mutation id, so with one
 * id for ever a mail an operator sets `new` again after fixing the cause (a queue made valid
 * again) would only get the stored refusal back. The ticket, article and attachment ids stay
 * the mail's own, so that no attempt can apply what an earlier one applied.
 */
export function mutationIdOf(mail: InboundArticle): string {
  return derivedId(mail.inboundMailId, mail.handOverAttempt === 0 ? 'mutation' : `mutation-${String(mail.handOverAttempt)}`);
}

export function derivedId(inboundMailId: string, purpose: 'ticket' | 'article' | 'mutation' | `mutation-${string}` | `attachment-${number}`): string {
  const bytes = createHash('sha256').update(`kontor-mail-in:${inboundMailId}:${purpose}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function customerActor(tx: Queryable, mail: InboundArticle): Promise<CustomerActor> {
  if (mail.customer === null) throw new Error(`unknown sender ${mail.customerEmail}: not a customer user`);
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

/** Applies one mutation; anything but `applied` is thrown, so the mail is kept as failed with the reason. */
async function applyOne(apply: Apply, mutation: MutationEnvelope['mutations'][number]): Promise<MutationResult> {
  const [result] = await apply({ clientId: mailInClientId, mutations: [mutation] });
  if (result?.status !== 'applied') {
    const why = result === undefined ? 'no result' : result.status === 'rejected' ? `${result.reason}: ${result.message}` : result.status;
    throw new HandOverRefused(`${mutation.name} was not applied (${why})`);
  }
  return result;
}

