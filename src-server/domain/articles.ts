import { articleSchema, type Article } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { insertAttachments, loadAttachmentMeta, type DecodedAttachment } from './attachments.js';

export interface NewArticle {
  id: string;
  ticketId: string;
  channel: Article['channel'];
  visibility: Article['visibility'];
  sender: Article['sender'];
  authorId: string | null;
  subject: string;
  body: string;
  timeUnits: number;
  attachments: readonly DecodedAttachment[];
  createdAt: Date;
  performedAt: Date;
}

interface ArticleRow {
  id: string;
  ticket_id: string;
  channel: string;
  visibility: string;
  sender: string;
  author_id: string | null;
  subject: string;
  body: string;
  time_units: number;
  created_at: Date;
  performed_at: Date;
  version: number;
}

function articleFromRow(row: ArticleRow, attachments: Article['attachments']): Article {
  return articleSchema.parse({
    id: row.id,
    ticketId: row.ticket_id,
    channel: row.channel,
    visibility: row.visibility,
    sender: row.sender,
    authorId: row.author_id,
    subject: row.subject,
    body: row.body,
    timeUnits: row.time_units,
    attachments,
    createdAt: row.created_at.toISOString(),
    performedAt: row.performed_at.toISOString(),
    version: row.version,
  });
}

/**
 * Inserts an article with its attachments; returns the feed entity (attachment metadata only),
 * or null when an article with this id exists already (nothing is written then).
 */
export async function insertArticle(tx: Queryable, article: NewArticle): Promise<Article | null> {
  const entity = articleSchema.parse({
    id: article.id,
    ticketId: article.ticketId,
    channel: article.channel,
    visibility: article.visibility,
    sender: article.sender,
    authorId: article.authorId,
    subject: article.subject,
    body: article.body,
    timeUnits: article.timeUnits,
    attachments: article.attachments.map((attachment) => attachment.meta),
    createdAt: article.createdAt.toISOString(),
    performedAt: article.performedAt.toISOString(),
    version: 1,
  });
  const inserted = await tx.query(
    `INSERT INTO articles (id, ticket_id, channel, visibility, sender, author_id, subject, body, time_units, created_at, performed_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING RETURNING 1`,
    [entity.id, entity.ticketId, entity.channel, entity.visibility, entity.sender, entity.authorId, entity.subject, entity.body,
      entity.timeUnits, entity.createdAt, entity.performedAt, entity.version],
  );
  if (inserted.rows.length === 0) return null;
  await insertAttachments(tx, entity.id, entity.ticketId, article.attachments);
  return entity;
}

/** Which of an article id and its attachment ids exist already (a client must never reuse one). */
export async function existingArticleIds(tx: Queryable, articleId: string, attachmentIds: readonly string[]): Promise<string[]> {
  const result = await tx.query<{ id: string }>(
    `SELECT id::text AS id FROM articles WHERE id = $1
     UNION ALL SELECT id::text FROM attachments WHERE id = ANY($2::uuid[])`,
    [articleId, [...attachmentIds]],
  );
  return result.rows.map((row) => row.id);
}

/** Whether an agent has written to the customer on this ticket (answers the first-response clock). */
export async function hasCustomerVisibleAgentArticle(tx: Queryable, ticketId: string): Promise<boolean> {
  const result = await tx.query(
    `SELECT 1 FROM articles WHERE ticket_id = $1 AND sender = 'agent' AND visibility = 'customer-visible' LIMIT 1`,
    [ticketId],
  );
  return result.rows.length > 0;
}

export async function loadArticles(tx: Queryable, ticketId: string): Promise<Article[]> {
  const result = await tx.query<ArticleRow>(
    `SELECT id, ticket_id, channel, visibility, sender, author_id, subject, body, time_units, created_at, performed_at, version
     FROM articles WHERE ticket_id = $1 ORDER BY created_at, id`,
    [ticketId],
  );
  const attachments = await loadAttachmentMeta(tx, result.rows.map((row) => row.id));
  return result.rows.map((row) => articleFromRow(row, attachments.get(row.id) ?? []));
}
