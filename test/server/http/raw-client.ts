import { readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** What came back on one connection: everything read until the server closed it, and any socket error. */
export interface RawExchange {
  /** Every interim and final answer, parsed from the bytes read. */
  answers: RawAnswer[];
  /** The error the client's socket saw (EPIPE, ECONNRESET), or null when it closed cleanly. */
  socketError: string | null;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawTarget {
  url: string;
  /** CA file trusted for https:// URLs. */
  caFile?: string;
}

function connect(target: RawTarget): Duplex {
  const { hostname, port, protocol } = new URL(target.url);
  return protocol === 'https:'
    ? tls.connect({ host: hostname, port: Number(port), ca: target.caFile === undefined ? undefined : readFileSync(target.caFile) })
    : net.connect({ host: hostname, port: Number(port) });
}

/**
 * Sends `head` as typed (no client library tidies it), then `bodyBytes` bytes of `a`, in
 * `Content-Length` or chunked framing as the head says, unless the server answers first with a
 * final status. With `waitForContinue` the body only goes out after `100 Continue`. Resolves
 * once the server has closed the connection (or after `idleMs` without one).
 */
export function rawExchange(target: RawTarget, head: string, options: { bodyBytes?: number; chunked?: boolean; waitForContinue?: boolean; idleMs?: number } = {}): Promise<RawExchange> {
  const socket = connect(target);
  const received: Buffer[] = [];
  let socketError: string | null = null;
  let bodyStarted = false;
  return new Promise((resolve) => {
    const finish = (): void => resolve({ answers: parseAnswers(Buffer.concat(received)), socketError });
    const idle = setTimeout(() => socket.destroy(), options.idleMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (options.waitForContinue && !bodyStarted && Buffer.concat(received).toString('latin1').startsWith('HTTP/1.1 100')) sendBody();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (socketError ??= error.code ?? error.message));
    socket.on('close', () => {
      clearTimeout(idle);
      finish();
    });
    const sendBody = (): void => {
      bodyStarted = true;
      let left = options.bodyBytes ?? 0;
      const block = Buffer.alloc(64 * 1024, 'a');
      const pump = (): void => {
        while (left > 0 && !socket.destroyed) {
          const size = Math.min(left, block.length);
          left -= size;
          const data = options.chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), block.subarray(0, size), Buffer.from('\r\n')]) : block.subarray(0, size);
          if (!socket.write(data)) {
            socket.once('drain', pump);
            return;
          }
        }
        if (options.chunked && !socket.destroyed) socket.write('0\r\n\r\n');
      };
      pump();
    };
    socket.write(head);
    if (!options.waitForContinue && (options.bodyBytes ?? 0) > 0) sendBody();
  });
}

/** Splits what a server wrote into its answers (status line, headers, body by Content-Length). */
export function parseAnswers(bytes: Buffer): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = bytes.toString('utf8');
  while (rest.startsWith('HTTP/')) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    answers.push({ status: Number(statusLine.split(' ')[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}

export interface NodeUpload {
  status: number | null;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the server sent `100 Continue`. */
  continued: boolean;
  /** The first error of the request or its answer (EPIPE, ECONNRESET), even one after the answer; or null. */
  error: string | null;
}

/**
 * A POST of `bodyBytes` bytes with node:http, the way the Desk's main process sends: with a
 * Content-Length or chunked, with or without `Expect: 100-continue` (then the body waits for
 * `continue`). Resolves once the request is closed, its answer read or not.
 */
export function nodeUpload(url: string, bodyBytes: number, options: { chunked?: boolean; expectContinue?: boolean; headers?: Record<string, string> } = {}): Promise<NodeUpload> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.chunked ? {} : { 'content-length': String(bodyBytes) }),
    ...(options.expectContinue ? { expect: '100-continue' } : {}),
    ...options.headers,
  };
  const request = http.request(url, { method: 'POST', headers, agent: false });
  const result: NodeUpload = { status: null, headers: {}, body: '', continued: false, error: null };
  return new Promise((resolve) => {
    request.on('response', (response) => {
      result.status = response.statusCode ?? null;
      result.headers = response.headers;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (result.body += chunk));
      response.on('error', (error: NodeJS.ErrnoException) => (result.error ??= error.code ?? error.message));
    });
    // Settled when the connection is gone, so that an error after the answer counts as well.
    request.on('error', (error: NodeJS.ErrnoException) => (result.error ??= error.code ?? error.message));
    request.on('close', () => resolve(result));
    const block = Buffer.alloc(64 * 1024, 'a');
    let left = bodyBytes;
    const pump = (): void => {
      while (left > 0 && !request.destroyed) {
        const size = Math.min(left, block.length);
        left -= size;
        if (!request.write(block.subarray(0, size))) {
          request.once('drain', pump);
          return;
        }
      }
      if (!request.destroyed) request.end();
    };
    if (options.expectContinue) {
      request.on('continue', () => {
        result.continued = true;
        pump();
      });
      request.flushHeaders();
    } else pump();
  });
}
