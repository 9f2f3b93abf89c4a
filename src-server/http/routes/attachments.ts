import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition } from '../../../src-shared/node/content-disposition.js';
import { findAttachmentForDownload, readAttachmentContent } from '../../domain/attachments.js';
import { canRead } from '../../domain/permissions.js';
import { sessionOf } from '../authenticate.js';
import { ApiHttpError } from '../errors.js';
import type { SyncDependencies } from './sync.js';

const paramsSchema = z.object({ id: z.uuid() });

/**
 * GET /api/v1/attachments/:id: the content of one attachment, for an agent with `ro` on the
 * group of its ticket's queue. Anyone else gets the same 404 as for an unknown id.
 */
export function registerAttachmentRoutes(app: FastifyInstance, deps: SyncDependencies): void {
  app.get('/api/v1/attachments/:id', async (request, reply) => {
    const { signedIn } = sessionOf(request);
    const notFound = new ApiHttpError('not-found', 'There is no such attachment.');
    const params = paramsSchema.safeParse(request.params);
    if (!params.success) throw notFound;
    const found = await findAttachmentForDownload(deps.db, params.data.id);
    if (!found || !canRead(signedIn.permissions, found.group)) throw notFound;
    // One attachment in memory at a time (at most limits.attachmentMaxBytes), never a table.
    const content = await readAttachmentContent(deps.db, found.meta.id);
    if (!content) throw notFound;
    return reply
      .header('content-type', safeContentType(found.meta.contentType))
      .header('content-disposition', attachmentDisposition(found.meta.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-length', String(content.length))
      .send(content);
  });
}

/**
 * Headers of a download that a browser (or Electron) must never run: the stored type is kept
 * only when it cannot be active content in the page's origin, and the file always downloads.
 */

const essencePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/u;
/** Types a browser would render as a document or run: HTML, XML (XHTML, SVG), scripts, style sheets, multipart tricks. */
const activePattern = /html|xml|svg|script|xsl|css|multipart\/|text\/cache-manifest|application\/x-shockwave-flash|application\/java/u;

/** The Content-Type to send for a stored type: its essence when harmless, else application/octet-stream. */
export function safeContentType(stored: string): string {
  const essence = (stored.split(';')[0] ?? '').trim().toLowerCase();
  if (!essencePattern.test(essence) || activePattern.test(essence)) return 'application/octet-stream';
  return essence;
}

