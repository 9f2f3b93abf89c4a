import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerFactory } from 'fastify';
import { ConfigError } from '../config.js';
import { earlyErrors, type ApiHttpError } from './errors.js';
import { securityHeaders } from './security-headers.js';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/** Reads the certificate and key named in listen.tls; a missing file is a config error. */
export async function readTlsFiles(files: { certFile: string; keyFile: string }): Promise<TlsMaterial> {
  const read = async (field: string, file: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new ConfigError(`listen.tls.${field}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  };
  return { cert: await read('certFile', files.certFile), key: await read('keyFile', files.keyFile) };
}

/** What the transport accepts before a route sees the request (docs/api.md, "Errors"). */
export const transportLimits = {
  /** Request line and headers together, as Node's parser counts them: more is 431. */
  maxHeaderBytes: 16 * 1024,
  /** The path without the query: more is 414. Also the router's longest parameter. */
  maxPathLength: 1024,
  /** How long a connection is kept reading after its last answer when the client was still sending. */
  lingerMs: 5_000,
} as const;

/**
 * The HTTP(S) server under Fastify and everything Fastify does not see: Node's own refusals
 * (malformed requests, headers too large, an unmet Expect, CONNECT) are answered here with the
 * API's error body and headers, `Expect: 100-continue` is answered only once the route's body
 * limit is known, and a connection closed while the client is still sending is closed in stages
 * (RFC 9112, section 9.6) so that the client reads the answer instead of a reset.
 */
export class HttpTransport {
  private log: FastifyBaseLogger | null = null;
  private closing = false;
  /** Requests that sent `Expect: 100-continue` and have not been told to go on. */
  private readonly awaitingContinue = new WeakSet<IncomingMessage>();
  /** Requests with an `Expect` other than 100-continue: refused by the first hook. */
  private readonly unmetExpectation = new WeakSet<IncomingMessage>();
  /** The request a connection is busy with, and its answer. */
  private readonly current = new WeakMap<Duplex, { request: IncomingMessage; response: ServerResponse }>();
  /** Request ids of upgrade requests, for an answer that ws refuses after the hooks. */
  private readonly upgradeIds = new WeakMap<IncomingMessage, string>();
  private readonly lingering = new Set<Duplex>();

  constructor(private readonly options: { tls: TlsMaterial | null; newRequestId: () => string }) {}

  /** Fastify's `serverFactory`: HTTPS with the configured certificate (TLS 1.2 at least), or plain HTTP, which the config allows on loopback only. */
  readonly serverFactory: FastifyServerFactory = (handler) => {
    const { tls } = this.options;
    // The Host check moves into the first hook, where its answer gets the API's format.
    const serverOptions: http.ServerOptions = { maxHeaderSize: transportLimits.maxHeaderBytes, requireHostHeader: false };
    const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
      this.watch(request, response);
      handler(request, response);
    };
    const server = tls ? https.createServer({ ...serverOptions, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, onRequest) : http.createServer(serverOptions, onRequest);
    server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
      this.awaitingContinue.add(request);
      onRequest(request, response);
    });
    server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
      this.unmetExpectation.add(request);
      onRequest(request, response);
    });
    // Without a listener Node drops a CONNECT without a word; this API tunnels nothing.
    server.on('connect', (_request: IncomingMessage, socket: Duplex) => this.answerOnSocket(socket, earlyErrors.notFound(), this.options.newRequestId()));
    return server;
  };

  /** Fastify's `clientErrorHandler`: requests Node's parser refused, answered on the socket itself. */
  readonly onClientError = (error: Error & { code?: string }, socket: Duplex): void => {
    // A connection closed in stages ends with a parse error (the body stops short): answered already.
    if (error.code === 'ECONNRESET' || socket.destroyed || this.lingering.has(socket)) return;
    const refusal = clientErrorRefusal(error.code);
    const requestId = this.options.newRequestId();
    // The code only: the raw packet may hold an Authorization header.
    this.log?.info({ reqId: requestId, code: error.code, res: { statusCode: refusal.status } }, 'request refused by the HTTP parser');
    this.answerOnSocket(socket, refusal, requestId);
  };

  /** The hooks that carry the transport's rules into Fastify; registered before every other hook. */
  register(app: FastifyInstance): void {
    this.log = app.log;
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.headers.upgrade !== undefined) this.upgradeIds.set(request.raw, request.id);
      done(this.refusal(request.raw) ?? undefined);
    });
    // After authentication and before the body is read: a body the route would refuse is never invited.
    app.addHook('preParsing', (request, reply, payload, done) => {
      if (this.awaitingContinue.delete(request.raw) && !(Number(request.headers['content-length']) > request.routeOptions.bodyLimit)) reply.raw.writeContinue();
      done(null, payload);
    });
    app.addHook('onReady', (done) => {
      // Handshakes ws refuses (no key, wrong version) would otherwise be answered in text/html.
      app.websocketServer.on('wsClientError', (_error, socket, request) => {
        this.answerOnSocket(socket, earlyErrors.badUpgrade(), this.upgradeIds.get(request) ?? this.options.newRequestId());
      });
      done();
    });
    app.addHook('preClose', () => {
      this.closing = true;
      for (const socket of this.lingering) socket.destroy();
    });
  }

  /** What the first hook refuses, before authentication: the rules Node or the router would otherwise answer in their own format. */
  private refusal(request: IncomingMessage): ApiHttpError | null {
    if (this.closing) return earlyErrors.closing();
    if (this.unmetExpectation.has(request)) return earlyErrors.unmetExpectation();
    if (request.httpVersion === '1.1' && request.headers.host === undefined) return earlyErrors.missingHost();
    const path = (request.url ?? '').split('?', 1)[0] ?? '';
    if (path.length > transportLimits.maxPathLength) return earlyErrors.pathTooLong(transportLimits.maxPathLength);
    return null;
  }

  /** Writes an error answer straight onto a connection that no response object owns, then closes it in stages. */
  answerOnSocket(socket: Duplex, error: ApiHttpError, requestId: string): void {
    if (this.lingering.has(socket)) return;
    const busy = this.current.get(socket);
    if (!socket.writable || (busy && !busy.response.writableEnded)) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(error.body);
    const headers = {
      date: new Date().toUTCString(),
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
      ...securityHeaders(requestId, { tls: this.options.tls !== null }),
    };
    const head = [`HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status] ?? ''}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
    this.closeInStages(socket, `${head.join('\r\n')}\r\n\r\n${body}`);
  }

  /**
   * Node closes a connection right after an answer that says `Connection: close`. If the
   * request body was not read to its end, the client is still sending, and closing now makes
   * the kernel reset the connection: the client sees EPIPE or ECONNRESET and never reads the
   * answer. Such a connection is closed in stages instead.
   */
  private watch(request: IncomingMessage, response: ServerResponse): void {
    const socket = request.socket;
    const seen = this.current.has(socket);
    this.current.set(socket, { request, response });
    if (seen) return;
    const destroySoon = socket.destroySoon.bind(socket);
    socket.destroySoon = () => {
      if (this.current.get(socket)?.request.complete === false) this.closeInStages(socket);
      else destroySoon();
    };
  }

  /** Sends what is left and a FIN, then keeps reading (and dropping) until the client closes or `lingerMs` passes. */
  private closeInStages(socket: Duplex, last?: string): void {
    if (socket.destroyed || this.lingering.has(socket)) return;
    this.lingering.add(socket);
    const timer = setTimeout(() => socket.destroy(), transportLimits.lingerMs);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      this.lingering.delete(socket);
    });
    socket.once('end', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.resume();
    if (last === undefined) socket.end();
    else socket.end(last);
  }
}

/** Node's parser errors (llhttp codes) in the API's words. */
function clientErrorRefusal(code: string | undefined): ApiHttpError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return earlyErrors.headersTooLarge(transportLimits.maxHeaderBytes);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return earlyErrors.chunkExtensionsTooLarge();
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return earlyErrors.timeout();
    default:
      return earlyErrors.malformed();
  }
}
