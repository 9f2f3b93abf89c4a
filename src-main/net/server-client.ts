import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import { apiErrorSchema, type ApiError } from '../../src-shared/api/sessions.js';
import { parseJsonSplitting } from './json-split.js';

export interface ServerEndpoint {
  /** https://… in production; http:// only on loopback (the embedded server). */
  url: string;
  /** PEM of the CA that signed the server's certificate. */
  ca?: string;
}

export type ServerResponse<T> =
  | { kind: 'ok'; status: number; value: T }
  | { kind: 'error'; status: number; error: ApiError }
  | { kind: 'unreachable'; message: string };

const maxResponseBytes = 8 * 1024 * 1024;

export class InsecureServerUrlError extends Error {}

/** Plain HTTP is allowed only to a loopback address (ARCHITECTURE.md, security baseline). */
export function assertTransportAllowed(url: URL): void {
  if (url.protocol === 'https:') return;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
  if (url.protocol !== 'http:' || !loopback) {
    throw new InsecureServerUrlError(`Kontor Server must be reached over https (got ${url.protocol}//${url.hostname}).`);
  }
}

/** JSON over HTTP(S) to Kontor Server; every answer is validated before anyone sees it. */
export class ServerClient {
  /**
   * The buffer large answers are received into when the caller says so (`splitArray`: the sync
   * feed's pages, one after the other): a fresh megabyte for every page costs page faults and
   * garbage, a reused one only the copy. Null while an answer is being received into it.
   */
  private spare: Buffer | null = Buffer.allocUnsafe(0);

  constructor(private readonly endpoint: ServerEndpoint, private readonly timeoutMs = 15_000) {
    assertTransportAllowed(new URL(endpoint.url));
  }

  get url(): string {
    return this.endpoint.url;
  }

  /** What another thread needs to make the same client (the sync worker). */
  get settings(): { endpoint: ServerEndpoint; timeoutMs: number } {
    return { endpoint: this.endpoint, timeoutMs: this.timeoutMs };
  }

  async call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: S | null,
    options: { body?: unknown; token?: string; splitArray?: string } = {},
  ): Promise<ServerResponse<z.output<S> | null>> {
    // A page of the feed: received into the spare buffer, its long array parsed element by element (json-split.ts).
    const into = options.splitArray === undefined ? null : this.spare;
    if (into !== null) this.spare = null;
    const raw = await this.send(method, path, { ...options, into });
    if (into !== null) this.spare = raw.kind === 'response' ? raw.receivedInto : into;
    if (raw.kind === 'unreachable') return raw;
    // Parsed before anything else is received into the spare buffer: the values are copies.
    const json = options.splitArray === undefined ? parseJson(raw.content) : parseJson(raw.content, options.splitArray);
    if (raw.status >= 200 && raw.status < 300) {
      if (schema === null) return { kind: 'ok', status: raw.status, value: null };
      const parsed = schema.safeParse(json);
      if (!parsed.success) return { kind: 'unreachable', message: `Kontor Server sent an answer this Desk does not understand (${path}).` };
      return { kind: 'ok', status: raw.status, value: parsed.data };
    }
    const error = apiErrorSchema.safeParse(json);
    return {
      kind: 'error',
      status: raw.status,
      error: error.success ? error.data : { reason: 'internal-error', message: `Kontor Server answered ${raw.status}.` },
    };
  }

  /** A binary download (an attachment), at most `maxBytes`; an error answer is read as the API's JSON error. */
  async download(path: string, token: string, maxBytes: number): Promise<{ kind: 'ok'; content: Buffer } | { kind: 'error'; status: number; error: ApiError } | { kind: 'unreachable'; message: string }> {
    const raw = await this.send('GET', path, { token, binary: true, maxBytes });
    if (raw.kind === 'unreachable') return raw;
    if (raw.status >= 200 && raw.status < 300) return { kind: 'ok', content: raw.content };
    const error = apiErrorSchema.safeParse(parseJson(raw.content));
    return { kind: 'error', status: raw.status, error: error.success ? error.data : { reason: 'internal-error', message: `Kontor Server answered ${raw.status}.` } };
  }

  /**
   * `into`: a buffer to receive the answer in (grown by doubling when it is too small); the answer
   * then tells which buffer it ended in (`receivedInto`), to be used again once its content is read.
   */
  private send(method: string, path: string, options: { body?: unknown; token?: string; binary?: boolean; maxBytes?: number; into?: Buffer | null }) {
    const url = new URL(path, this.endpoint.url);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: options.binary ? '*/*' : 'application/json' };
    const limit = options.maxBytes ?? maxResponseBytes;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<{ kind: 'response'; status: number; content: Buffer; receivedInto: Buffer | null } | { kind: 'unreachable'; message: string }>((resolve) => {
      const req = request(url, { method, headers, timeout: this.timeoutMs, ...(this.endpoint.ca ? { ca: this.endpoint.ca } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        let into = options.into ?? null;
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size + chunk.length > limit) {
            req.destroy(new Error('response too large'));
            return;
          }
          if (into === null) chunks.push(chunk);
          else {
            if (size + chunk.length > into.length) {
              const grown = Buffer.allocUnsafe(Math.min(limit, Math.max(size + chunk.length, into.length * 2)));
              into.copy(grown, 0, 0, size);
              into = grown;
            }
            chunk.copy(into, size);
          }
          size += chunk.length;
        });
        res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, content: into === null ? Buffer.concat(chunks) : into.subarray(0, size), receivedInto: into }));
        res.on('error', (error) => resolve({ kind: 'unreachable', message: error.message }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ kind: 'unreachable', message: error.message }));
      req.end(body);
    });
  }
}

/** The answer's JSON, undefined when it is none; `splitArray` names a long array parsed element by element. */
function parseJson(content: Buffer, splitArray?: string): unknown {
  try {
    return splitArray === undefined ? (JSON.parse(content.toString('utf8')) as unknown) : parseJsonSplitting(content, splitArray);
  } catch {
    return undefined;
  }
}
