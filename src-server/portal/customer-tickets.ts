import { z } from 'zod';
import { closedStates, ticketStateSchema, ticketTypes } from '../../src-shared/sync/entities.js';
import {
  portalListMaxTickets,
  type PortalArticle,
  type PortalTicket,
  type PortalTicketList,
  type PortalTicketListQuery,
  type PortalTicketSummary,
} from '../../src-shared/portal/api.js';
import { attachmentMetaFromRow, type AttachmentMetaRow } from '../domain/attachments.js';
import type { Queryable, SqlValue } from '../db/database.js';
import type { ServerConfig } from '../config.js';
import type { CustomerSession } from './customer-sessions.js';
import { htmlToText, looksLikeHtml } from './html-text.js';

/**
 * What a customer reads (docs/portal.md, "What a customer sees"). Every query names the
 * session's institution in its WHERE clause: a ticket of another institution is not found,
 * exactly like one that does not exist. Only customer-visible articles are read at all, so an
 * internal note can reach no answer, not even through a search match.
 */

const closed = [...closedStates];

const summaryColumns = `t.id, t.number, t.title, t.type, t.state, t.customer_user_id, cu.display_name AS customer_name, t.created_at, t.updated_at`;

const summaryRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  type: z.enum(ticketTypes),
  state: ticketStateSchema,
  customer_user_id: z.string().nullable(),
  customer_name: z.string().nullable(),
  created_at: z.coerce.date(),
  updated_at: z.coerce.date(),
});
type SummaryRow = z.infer<typeof summaryRowSchema>;

function summaryOf(row: SummaryRow, customer: CustomerSession): PortalTicketSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    type: row.type,
    state: row.state,
    customerName: row.customer_name,
    mine: row.customer_user_id === customer.customerUserId,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** `%`, `_` and `\` match themselves in a LIKE pattern built from typed text. */
function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/gu, (char) => `\\${char}`)}%`;
}

/**
 * The institution's tickets by filter, newest first. A search matches the ticket number from its
 * start, the title, and the subject or text of a customer-visible article, ignoring case.
 */
export async function listCustomerTickets(db: Queryable, customer: CustomerSession, query: PortalTicketListQuery): Promise<PortalTicketList> {
  const params: SqlValue[] = [customer.institutionId];
  const conditions = ['t.institution_id = $1'];
  if (query.filter === 'open') conditions.push(`NOT (t.state = ANY($${params.push(closed)}::text[]))`);
  if (query.filter === 'closed') conditions.push(`t.state = ANY($${params.push(closed)}::text[])`);
  if (query.filter === 'mine') conditions.push(`t.customer_user_id = $${params.push(customer.customerUserId)}`);
  if (query.q !== '') {
    const pattern = `$${params.push(likeContaining(query.q))}`;
    const numberPrefix = /^\d+$/u.test(query.q) ? `t.number LIKE $${params.push(`${query.q}%`)} OR ` : '';
    conditions.push(`(${numberPrefix}t.title ILIKE ${pattern} OR EXISTS (
      SELECT 1 FROM articles a WHERE a.ticket_id = t.id AND a.visibility = 'customer-visible' AND (a.subject ILIKE ${pattern} OR a.body ILIKE ${pattern})))`);
  }
  const result = await db.query(
    `SELECT ${summaryColumns}
     FROM tickets t LEFT JOIN customer_users cu ON cu.id = t.customer_user_id
     WHERE ${conditions.join(' AND ')}
     ORDER BY t.created_at DESC, t.id DESC
     LIMIT ${portalListMaxTickets + 1}`,
    params,
  );
  const rows = result.rows.map((row) => summaryRowSchema.parse(row));
  return { tickets: rows.slice(0, portalListMaxTickets).map((row) => summaryOf(row, customer)), truncated: rows.length > portalListMaxTickets };
}

const ticketRowSchema = summaryRowSchema.extend({
  queue_name: z.string(),
  version: z.number().int(),
  first_response_due: z.coerce.date().nullable(),
  first_response_answered: z.boolean(),
  solution_due: z.coerce.date().nullable(),
});

const articleRowSchema = z.object({
  id: z.string(),
  channel: z.enum(['phone', 'email', 'portal', 'note']),
  sender: z.enum(['agent', 'customer', 'system']),
  author_name: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  created_at: z.coerce.date(),
});

/** What the ticket view may show: the bank's `customers` settings (server configuration). */
export type TicketViewPolicy = Pick<ServerConfig['customers'], 'queues' | 'mayClose' | 'showDueDates'>;

/**
 * The SLA instants the bank has committed to and chooses to show: the first answer's while it is
 * outstanding, the solution's while the ticket is open. A due date the bank does not show is
 * left out of the answer altogether (not null, which means "nothing outstanding"), so that the
 * app cannot show what the server does not send.
 */
function dueDatesOf(row: z.infer<typeof ticketRowSchema>, isClosed: boolean, show: TicketViewPolicy['showDueDates']): Pick<PortalTicket, 'firstResponseDue' | 'solutionDue'> {
  return {
    ...(show.firstResponse ? { firstResponseDue: !isClosed && !row.first_response_answered ? (row.first_response_due?.toISOString() ?? null) : null } : {}),
    ...(show.solution ? { solutionDue: isClosed ? null : (row.solution_due?.toISOString() ?? null) } : {}),
  };
}

/** One ticket of the institution with its customer-visible articles and their attachments, or null. */
export async function readCustomerTicket(db: Queryable, customer: CustomerSession, policy: TicketViewPolicy, ticketId: string): Promise<PortalTicket | null> {
  const ticketResult = await db.query(
    `SELECT ${summaryColumns}, q.name AS queue_name, t.version, t.first_response_due, t.first_response_answered, t.solution_due
     FROM tickets t JOIN queues q ON q.id = t.queue_id LEFT JOIN customer_users cu ON cu.id = t.customer_user_id
     WHERE t.id = $1 AND t.institution_id = $2`,
    [ticketId, customer.institutionId],
  );
  if (!ticketResult.rows[0]) return null;
  const row = ticketRowSchema.parse(ticketResult.rows[0]);
  const isClosed = closed.includes(row.state);
  return {
    ...summaryOf(row, customer),
    queueName: policy.queues.includes(row.queue_name) ? row.queue_name : null,
    ...dueDatesOf(row, isClosed, policy.showDueDates),
    mayClose: policy.mayClose && !isClosed && row.customer_user_id === customer.customerUserId,
    version: row.version,
    articles: await customerVisibleArticles(db, ticketId),
  };
}

async function customerVisibleArticles(db: Queryable, ticketId: string): Promise<PortalArticle[]> {
  // An author's name only when the author is a customer user: agents stay "the service".
  const articles = await db.query(
    `SELECT a.id, a.channel, a.sender, CASE WHEN a.sender = 'customer' THEN cu.display_name END AS author_name, a.subject, a.body, a.created_at
     FROM articles a LEFT JOIN customer_users cu ON cu.id = a.author_id
     WHERE a.ticket_id = $1 AND a.visibility = 'customer-visible'
     ORDER BY a.created_at, a.id`,
    [ticketId],
  );
  const attachments = await db.query<AttachmentMetaRow>(
    `SELECT at.id, at.article_id, at.filename, at.content_type, at.size, at.sha256
     FROM attachments at JOIN articles a ON a.id = at.article_id
     WHERE at.ticket_id = $1 AND a.visibility = 'customer-visible'
     ORDER BY at.filename, at.id`,
    [ticketId],
  );
  return articles.rows.map((raw) => {
    const row = articleRowSchema.parse(raw);
    return {
      id: row.id,
      from: row.sender === 'customer' ? 'customer' : 'service',
      authorName: row.author_name,
      channel: row.channel === 'note' ? 'portal' : row.channel,
      subject: row.subject,
      body: row.channel === 'email' && looksLikeHtml(row.body) ? htmlToText(row.body) : row.body,
      createdAt: row.created_at.toISOString(),
      attachments: attachments.rows.filter((attachment) => attachment.article_id === row.id).map(attachmentMetaFromRow),
    };
  });
}

/** An attachment of a customer-visible article of one of the institution's tickets, or null. */
export async function findCustomerAttachment(db: Queryable, customer: CustomerSession, attachmentId: string): Promise<ReturnType<typeof attachmentMetaFromRow> | null> {
  const result = await db.query<AttachmentMetaRow>(
    `SELECT at.id, at.article_id, at.filename, at.content_type, at.size, at.sha256
     FROM attachments at JOIN articles a ON a.id = at.article_id JOIN tickets t ON t.id = at.ticket_id
     WHERE at.id = $1 AND t.institution_id = $2 AND a.visibility = 'customer-visible'`,
    [attachmentId, customer.institutionId],
  );
  const row = result.rows[0];
  return row ? attachmentMetaFromRow(row) : null;
}

/** The ticket's customer user and version when it is one of the institution's; null otherwise. */
export async function customerTicketStanding(db: Queryable, customer: CustomerSession, ticketId: string): Promise<{ version: number; number: string } | null> {
  const result = await db.query<{ version: number; number: string }>('SELECT version, number FROM tickets WHERE id = $1 AND institution_id = $2', [ticketId, customer.institutionId]);
  return result.rows[0] ?? null;
}
