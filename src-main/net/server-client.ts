import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import { apiErrorSchema, type ApiError } from '../../src-shared/api/sessions.js';

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
    options: { body?: unknown; token?: string } = {},
  ): Promise<ServerResponse<z.output<S> | null>> {
    const raw = await this.send(method, path, options);
    if (raw.kind === 'unreachable') return raw;
    const json = parseJson(raw.content.toString('utf8'));
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
    const error = apiErrorSchema.safeParse(parseJson(raw.content.toString('utf8')));
    return { kind: 'error', status: raw.status, error: error.success ? error.data : { reason: 'internal-error', message: `Kontor Server answered ${raw.status}.` } };
  }

  private send(method: string, path: string, options: { body?: unknown; token?: string; binary?: boolean; maxBytes?: number }) {
    const url = new URL(path, this.endpoint.url);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: options.binary ? '*/*' : 'application/json' };
    const limit = options.maxBytes ?? maxResponseBytes;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<{ kind: 'response'; status: number; content: Buffer } | { kind: 'unreachable'; message: string }>((resolve) => {
      const req = request(url, { method, headers, timeout: this.timeoutMs, ...(this.endpoint.ca ? { ca: this.endpoint.ca } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) req.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, content: Buffer.concat(chunks) }));
        res.on('error', (error) => resolve({ kind: 'unreachable', message: error.message }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ kind: 'unreachable', message: error.message }));
      req.end(body);
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
