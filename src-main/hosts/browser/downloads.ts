import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttachmentSaveResult } from '../../../src-shared/ipc/cache.js';
import { attachmentDisposition } from '../../../src-shared/node/content-disposition.js';
import { safeFileName, type SaveRequest } from '../save-file.js';

export const downloadPathPrefix = '/download/';
/** How long an offered download waits to be fetched. */
export const downloadOfferMs = 60_000;

interface Offer {
  sourceFile: string;
  filename: string;
  expires: number;
}

/**
 * The browser host's way of saving a file: the file is offered once, for a minute, under a random
 * address of the host's own origin (`/download/<128-bit token>`), and the renderer follows it
 * as a download; the browser decides where the file goes (its downloads folder or its own save
 * dialog). Served as an attachment of type `application/octet-stream`, so the browser never
 * shows or runs it.
 */
export class DownloadOffers {
  private readonly offers = new Map<string, Offer>();

  constructor(private readonly now: () => number = Date.now) {}

  offer(request: SaveRequest): AttachmentSaveResult {
    this.forgetExpired();
    const token = randomBytes(16).toString('hex');
    const filename = safeFileName(request.suggestedName);
    this.offers.set(token, { sourceFile: request.sourceFile, filename, expires: this.now() + downloadOfferMs });
    return { outcome: 'download', url: `${downloadPathPrefix}${token}`, filename };
  }

  /** Whether this request is for a download address (whatever its token). */
  handles(pathname: string): boolean {
    return pathname.startsWith(downloadPathPrefix);
  }

  /** Serves an offered download once; an unknown, used or expired address is a 404. */
  async serve(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.forgetExpired();
    const token = pathname.slice(downloadPathPrefix.length);
    const offer = this.offers.get(token);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return;
    }
    if (!offer) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This download has expired or was fetched already; save the attachment again.');
      return;
    }
    this.offers.delete(token);
    let size: number;
    try {
      size = (await stat(offer.sourceFile)).size;
    } catch {
      res.writeHead(410, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The file is no longer in the attachment cache; save the attachment again.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size),
      'Content-Disposition': attachmentDisposition(offer.filename),
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    const stream = createReadStream(offer.sourceFile);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, offer] of this.offers) if (offer.expires <= now) this.offers.delete(token);
  }
}
