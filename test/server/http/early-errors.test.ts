import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { apiErrorSchema } from '../../../src-shared/api/sessions.js';
import { startServerOnFreshDatabase, tlsListen, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { captureLog } from '../support/capture-log.js';
import { request, tokenFor } from '../support/http.js';
import { nodeUpload, parseAnswers, rawExchange, type RawAnswer, type RawTarget } from './raw-client.js';

/**
 * Requests that fail before a route runs — in Node's parser, in Fastify's router, while the body
 * arrives — answer like any other error: `{reason, message}`, the security headers, a request
 * id, nothing of the input repeated; and a client still sending its body reads the answer
 * instead of a reset connection. Everything goes through real sockets.
 */

/** Put into every refused request; no answer may repeat it. */
const marker = 'echo-me-7f3a';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
/** Larger than the socket buffers on both sides, so that the client is still sending when the answer comes. */
const hugeBody = 48 * 1024 * 1024;

function expectApiAnswer(answer: RawAnswer | undefined, status: number, reason: string, options: { tls?: boolean } = {}): void {
  expect(answer, 'no answer').toBeDefined();
  if (!answer) return;
  expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = apiErrorSchema.strict().parse(JSON.parse(answer.body));
  expect(body.reason).toBe(reason);
  expect(answer.body).not.toContain(marker);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.headers['x-request-id']).toMatch(uuid);
  if (options.tls) expect(answer.headers['strict-transport-security']).toContain('max-age=');
}

/** One request line and headers, closing the connection after the answer. */
const head = (requestLine: string, headers: string[] = []): string => [requestLine, 'Host: 127.0.0.1', 'Connection: close', ...headers, '', ''].join('\r\n');
const loginHead = (headers: string[]): string => head('POST /api/v1/sessions HTTP/1.1', ['Content-Type: application/json', ...headers]);

/** The cases both transports must pass, as one suite per server. */
function earlyErrorSuite(target: () => RawTarget, options: { tls: boolean }): void {
  const exchange = (request: string, upload: Parameters<typeof rawExchange>[2] = {}): ReturnType<typeof rawExchange> => rawExchange(target(), request, upload);

  it('answers a path longer than 1024 characters with 414', async () => {
    const { answers } = await exchange(head(`GET /api/v1/${marker}${'x'.repeat(1100)} HTTP/1.1`));
    expectApiAnswer(answers[0], 414, 'invalid-request', options);
  });

  it('answers a parameter that the router would find too long with 414 as well, not with the router body', async () => {
    const { answers } = await exchange(head(`GET /api/v1/attachments/${marker}${'x'.repeat(1100)} HTTP/1.1`));
    expectApiAnswer(answers[0], 414, 'invalid-request', options);
  });

  it('answers a malformed percent-encoding with 400, without repeating the path', async () => {
    const { answers } = await exchange(head(`GET /api/v1/${marker}%zz HTTP/1.1`));
    expectApiAnswer(answers[0], 400, 'invalid-request', options);
    expect(answers[0]?.body).not.toContain('FST_ERR');
  });

  it('answers headers beyond 16 KiB with 431', async () => {
    const { answers, socketError } = await exchange(head('GET /api/v1/health HTTP/1.1', [`X-Filler: ${marker}${'y'.repeat(20_000)}`]));
    expectApiAnswer(answers[0], 431, 'invalid-request', options);
    expect(socketError).toBeNull();
  });

  it('answers a malformed request line with 400', async () => {
    const { answers } = await exchange(`${marker} /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expectApiAnswer(answers[0], 400, 'invalid-request', options);
  });

  it('answers an unknown path with 404 and says neither the method nor the path', async () => {
    const { answers } = await exchange(head(`DELETE /api/v1/${marker} HTTP/1.1`));
    expectApiAnswer(answers[0], 404, 'not-found', options);
    expect(answers[0]?.body).not.toContain('DELETE');
  });

  it('answers an HTTP/1.1 request without Host with 400', async () => {
    const { answers } = await exchange(`GET /api/v1/health HTTP/1.1\r\nConnection: close\r\nX-Marker: ${marker}\r\n\r\n`);
    expectApiAnswer(answers[0], 400, 'invalid-request', options);
  });

  it('answers an Expect other than 100-continue with 417', async () => {
    const { answers } = await exchange(head('GET /api/v1/health HTTP/1.1', [`Expect: ${marker}`]));
    expectApiAnswer(answers[0], 417, 'invalid-request', options);
  });

  it('answers CONNECT with 404 instead of dropping the connection', async () => {
    const { answers } = await exchange(`CONNECT ${marker}.example:443 HTTP/1.1\r\nHost: ${marker}.example:443\r\n\r\n`);
    expectApiAnswer(answers[0], 404, 'not-found', options);
  });

  it('answers a body over the limit, announced by Content-Length, with 413 that the still-sending client reads', async () => {
    const { answers, socketError } = await exchange(loginHead([`Content-Length: ${hugeBody}`]), { bodyBytes: hugeBody });
    expectApiAnswer(answers[0], 413, 'invalid-request', options);
    expect(answers[0]?.body).toContain('16384 bytes');
    expect(socketError).toBeNull();
  });

  it('answers a chunked body that grows over the limit with 413 that the still-sending client reads', async () => {
    const { answers, socketError } = await exchange(loginHead(['Transfer-Encoding: chunked']), { bodyBytes: hugeBody, chunked: true });
    expectApiAnswer(answers[0], 413, 'invalid-request', options);
    expect(socketError).toBeNull();
  });

  it('answers Expect: 100-continue with a body over the limit by 413 at once, never inviting the body', async () => {
    const { answers, socketError } = await exchange(loginHead([`Content-Length: ${hugeBody}`, 'Expect: 100-continue']), { bodyBytes: hugeBody, waitForContinue: true });
    expect(answers.map((answer) => answer.status)).toEqual([413]);
    expectApiAnswer(answers[0], 413, 'invalid-request', options);
    expect(socketError).toBeNull();
  });

  it('still invites a body within the limit with 100 Continue', async () => {
    const { answers } = await exchange(loginHead(['Content-Length: 5', 'Expect: 100-continue']), { bodyBytes: 5, waitForContinue: true });
    expect(answers.map((answer) => answer.status)).toEqual([100, 400]);
    expectApiAnswer(answers[1], 400, 'invalid-request', options);
    expect(JSON.parse(answers[1]?.body ?? '{}')).toMatchObject({ message: 'body: is not valid JSON' });
  });
}

describe('errors before a route runs, over HTTP', () => {
  let running: ServerOnTestDatabase | undefined;
  const log = captureLog();
  const url = (): string => {
    if (!running) throw new Error('server did not start');
    return running.url;
  };
  /** The log lines that name a request id. */
  const logLinesOf = (requestId: string | undefined): string[] => log.text().split('\n').filter((line) => requestId !== undefined && line.includes(requestId));

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ logging: { level: 'info' } }, { logStream: log.stream });
  });

  afterAll(async () => {
    await running?.close();
  });

  earlyErrorSuite(() => ({ url: url() }), { tls: false });

  describe('node:http as the Desk sends', () => {
    it('reads the 413 of a body over the limit sent with Content-Length', async () => {
      const upload = await nodeUpload(`${url()}/api/v1/sessions`, hugeBody);
      expect(upload.error).toBeNull();
      expectApiAnswer({ status: upload.status ?? 0, headers: upload.headers as Record<string, string>, body: upload.body }, 413, 'invalid-request');
    });

    it('reads the 413 of a chunked body over the limit', async () => {
      const upload = await nodeUpload(`${url()}/api/v1/sessions`, hugeBody, { chunked: true });
      expect(upload.error).toBeNull();
      expectApiAnswer({ status: upload.status ?? 0, headers: upload.headers as Record<string, string>, body: upload.body }, 413, 'invalid-request');
    });

    it('reads the 413 of a body over the limit announced with Expect: 100-continue, and is never told to send it', async () => {
      const upload = await nodeUpload(`${url()}/api/v1/sessions`, hugeBody, { expectContinue: true });
      expect(upload.error).toBeNull();
      expect(upload.continued).toBe(false);
      expectApiAnswer({ status: upload.status ?? 0, headers: upload.headers as Record<string, string>, body: upload.body }, 413, 'invalid-request');
    });

    it('does not invite the body of an unauthenticated request either', async () => {
      const upload = await nodeUpload(`${url()}/api/v1/sync/mutations`, 1024, { expectContinue: true });
      expect(upload.error).toBeNull();
      expect(upload.continued).toBe(false);
      expectApiAnswer({ status: upload.status ?? 0, headers: upload.headers as Record<string, string>, body: upload.body }, 401, 'unauthenticated');
    });
  });

  it('logs a request the HTTP parser refused under the request id of its answer, without its headers', async () => {
    const secret = `${marker}-token`;
    const { answers } = await rawExchange({ url: url() }, head('GET /api/v1/health HTTP/1.1', [`Authorization: Bearer ${secret}`, `X-Filler: ${'y'.repeat(20_000)}`]));
    expectApiAnswer(answers[0], 431, 'invalid-request');
    expect(logLinesOf(answers[0]?.headers['x-request-id']).join('\n')).toContain('HPE_HEADER_OVERFLOW');
    expect(log.text()).not.toContain(secret);
  });

  it('answers a WebSocket handshake that ws refuses in the API format, under the request id of its log lines', async () => {
    const token = await tokenFor(url(), 'mmueller');
    const { answers } = await rawExchange(
      { url: url() },
      head('GET /api/v1/events HTTP/1.1', [`Authorization: Bearer ${token}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${marker}`, 'Sec-WebSocket-Version: 13']),
    );
    expectApiAnswer(answers[0], 400, 'invalid-request');
    expect(logLinesOf(answers[0]?.headers['x-request-id']).join('\n')).toContain('/api/v1/events');
  });
});

describe('errors before a route runs, over HTTPS', () => {
  let running: ServerOnTestDatabase | undefined;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ listen: tlsListen() });
  });

  afterAll(async () => {
    await running?.close();
  });

  earlyErrorSuite(() => {
    if (!running) throw new Error('server did not start');
    return { url: running.url, caFile: inject('pki').caFile };
  }, { tls: true });
});

describe('a request that arrives while the instance shuts down', () => {
  it('is answered 503 in the API format and the connection closed', async () => {
    const running = await startServerOnFreshDatabase();
    const { hostname, port } = new URL(running.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // A request begun before the shutdown keeps its connection; it completes after it started.
    await new Promise<void>((resolve) => socket.write('GET /api/v1/health HTTP/1.1\r\n', () => resolve()));
    // One round trip on another connection: the server has read the begun request by its end.
    expect((await request(`${running.url}/api/v1/round-trip`)).status).toBe(404);
    const stopping = running.close();
    await vi.waitFor(() => expect(running.server.app.server.listening).toBe(false));
    socket.write('Host: 127.0.0.1\r\n\r\n');
    await closed;
    await stopping;
    const answers = parseAnswers(Buffer.concat(received));
    expectApiAnswer(answers[0], 503, 'internal-error');
    expect(answers[0]?.headers['connection']).toBe('close');
  });
});
