import { createHash } from 'node:crypto';
import { limits } from '../../src-shared/limits.js';
import { attachmentMetaSchema, type AttachmentMeta } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';

/** An uploaded attachment, decoded and measured, ready to store. */
export interface DecodedAttachment {
  meta: AttachmentMeta;
  content: Buffer;
}

export type DecodeResult = { ok: true; attachment: DecodedAttachment } | { ok: false; message: string };

/**
 * Decodes base64 strictly (Node's decoder skips garbage, so the result is encoded again and
 * compared) and checks the size against the shared limit, which the Desk checks when typed.
 */
export function decodeAttachment(upload: { id: string; filename: string; contentType: string; contentBase64: string }): DecodeResult {
  const content = Buffer.from(upload.contentBase64, 'base64');
  if (content.toString('base64') !== upload.contentBase64) return { ok: false, message: 'contentBase64: not canonical base64' };
  if (content.length > limits.attachmentMaxBytes) return { ok: false, message: `contentBase64: attachment larger than ${limits.attachmentMaxBytes} bytes` };
  const meta = attachmentMetaSchema.parse({
    id: upload.id,
    filename: upload.filename,
    contentType: upload.contentType,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
  });
  return { ok: true, attachment: { meta, content } };
}

export async function insertAttachments(tx: Queryable, articleId: string, ticketId: string, attachments: readonly DecodedAttachment[]): Promise<void> {
  for (const { meta, content } of attachments) {
    await tx.query(
      `INSERT INTO attachments (id, article_id, ticket_id, filename, content_type, size, sha256, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [meta.id, articleId, ticketId, meta.filename, meta.contentType, meta.size, meta.sha256, content],
    );
  }
}

export interface AttachmentMetaRow {
  id: string;
  article_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
}

export function attachmentMetaFromRow(row: AttachmentMetaRow): AttachmentMeta {
  return attachmentMetaSchema.parse({ id: row.id, filename: row.filename, contentType: row.content_type, size: row.size, sha256: row.sha256 });
}

/** What a download needs to decide and describe: the metadata and the group of the ticket's queue. */
export interface AttachmentForDownload {
  meta: AttachmentMeta;
  group: string;
}

export async function findAttachmentForDownload(db: Queryable, id: string): Promise<AttachmentForDownload | null> {
  const result = await db.query<AttachmentMetaRow & { group_name: string }>(
    `SELECT a.id, a.article_id, a.filename, a.content_type, a.size, a.sha256, q.group_name
     FROM attachments a JOIN tickets t ON t.id = a.ticket_id JOIN queues q ON q.id = t.queue_id
     WHERE a.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row ? { meta: attachmentMetaFromRow(row), group: row.group_name } : null;
}

/** The stored bytes of one attachment (one bytea read: at most `limits.attachmentMaxBytes`). */
export async function readAttachmentContent(db: Queryable, id: string): Promise<Buffer | null> {
  const result = await db.query<{ content: Uint8Array }>('SELECT content FROM attachments WHERE id = $1', [id]);
  const content = result.rows[0]?.content;
  if (content === undefined) return null;
  // pg gives a Buffer, PGlite a Uint8Array: view the same memory either way, without copying.
  return Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}
