import { articleSchema, type Article } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { entityFromRow, insertSql, selectList, storedValues } from '../db/entity-table.js';
import { articleTable } from '../db/entity-tables.js';
import { insertAttachments, type DecodedAttachment } from './attachments.js';

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
  // Attachments are stored in their own table (below); the article's row holds the rest.
  const inserted = await tx.query(`${insertSql(articleTable)} ON CONFLICT (id) DO NOTHING RETURNING 1`, storedValues(articleTable, entity));
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

export async function loadArticles(tx: Queryable, ticketId: string): Promise<Article[]> {
  const result = await tx.query(`SELECT ${selectList(articleTable)} FROM articles a WHERE a.ticket_id = $1 ORDER BY a.created_at, a.id`, [ticketId]);
  return result.rows.map((row) => entityFromRow(articleTable, row));
}
