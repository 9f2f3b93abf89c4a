import type { z } from 'zod';
import type { articleInputSchema } from '../../../src-shared/sync/mutations.js';
import type { Article } from '../../../src-shared/sync/entities.js';
import { existingArticleIds, insertArticle } from '../../domain/articles.js';
import { decodeAttachment, type DecodedAttachment } from '../../domain/attachments.js';
import { ticketPartChange } from '../../domain/changes.js';
import type { NewChange } from '../change-log.js';
import { actorIdOf, type MutationActor } from './actor.js';
import { idTaken } from './id-clash.js';
import { reject, type MutationContext, type Rejection } from './outcome.js';
import { utcInstant } from './ticket-write.js';

export type ArticleInput = z.output<typeof articleInputSchema>;

/** Decodes and measures the attachments before any transaction opens (base64 of up to 10 MB each). */
export function decodeArticleAttachments(input: ArticleInput): { prepared: DecodedAttachment[] } | Rejection {
  const decoded: DecodedAttachment[] = [];
  for (const [index, upload] of input.attachments.entries()) {
    const result = decodeAttachment(upload);
    if (!result.ok) return reject('invalid-args', `article.attachments.${index}.${result.message}`);
    decoded.push(result.attachment);
  }
  const ids = new Set([input.articleId, ...decoded.map((attachment) => attachment.meta.id)]);
  if (ids.size !== decoded.length + 1) return reject('invalid-args', 'article.attachments: every attachment needs its own id, different from the article id');
  return { prepared: decoded };
}

/** Stores the article of a mutation; `already-exists` when a client reuses an article or attachment id. */
export async function storeArticle(
  ctx: MutationContext<MutationActor>,
  ticket: { id: string; group: string },
  input: ArticleInput,
  attachments: readonly DecodedAttachment[],
  performedAt: string | undefined,
): Promise<{ article: Article; change: NewChange } | Rejection> {
  // Without attachments, the article's INSERT itself tells whether its id is taken (one round trip less).
  if (attachments.length > 0) {
    const taken = new Set(await existingArticleIds(ctx.tx, input.articleId, attachments.map((attachment) => attachment.meta.id)));
    if (taken.has(input.articleId.toLowerCase())) return idTaken('article');
    const index = attachments.findIndex((attachment) => taken.has(attachment.meta.id.toLowerCase()));
    if (index >= 0) return idTaken('attachment', `article.attachments.${index}.id`);
  }
  const article = await insertArticle(ctx.tx, {
    id: input.articleId,
    ticketId: ticket.id,
    channel: input.channel,
    visibility: input.visibility,
    sender: input.sender,
    // An agent's own words, or a customer's written by themselves; a customer's call an agent records has none.
    authorId: input.sender === 'agent' || ctx.actor.kind === 'customer' ? actorIdOf(ctx.actor) : null,
    subject: input.subject,
    body: input.body,
    timeUnits: input.timeUnits,
    attachments,
    createdAt: ctx.now,
    performedAt: performedAt === undefined ? ctx.now : new Date(utcInstant(performedAt)),
  });
  if (article === null) return idTaken('article');
  return { article, change: ticketPartChange('article', article.id, ticket.id, ticket.group, article) };
}
