import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { wsRequestFrameSchema } from '../../../src-shared/ipc/contract.js';
import type { Logger } from '../../../src-shared/node/log.js';
import { fail } from '../../../src-shared/result.js';
import { createDispatcher } from '../../dispatcher.js';
import type { Desk } from '../../desk.js';
import type { DownloadOffers } from './downloads.js';
import { serveStatic } from './static-files.js';

export const ipcPath = '/ipc';
export const ipcSubprotocol = 'kontor-ipc';
const tokenProtocolPrefix = 'kontor-token.';
const maxFrameBytes = 1024 * 1024;

export interface BrowserHost {
  /** Address to open, with the per-run token in the fragment (never sent to the server in a request line). */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The browser host: the built renderer over HTTP and the IPC contract over a WebSocket, both on
 * 127.0.0.1 only. A socket must come from our own origin and carry this run's token.
 */
export async function startBrowserHost(
  desk: Pick<Desk, 'handlers' | 'bus'> & Partial<Pick<Desk, 'cacheDamaged'>>,
  options: { rendererDir: string; log: Logger; port?: number; /** Files the platform offered for saving (HostPlatform.saveFile). */ downloads?: DownloadOffers },
): Promise<BrowserHost> {
  const token = randomBytes(32).toString('hex');
  const http = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes, handleProtocols: (offered) => (offered.has(ipcSubprotocol) ? ipcSubprotocol : false) });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const dispatch = createDispatcher(desk.handlers, (sender) => sender.transport === 'browser' && sender.origin === origin, options.log, {
    ...(desk.cacheDamaged ? { cacheDamaged: desk.cacheDamaged } : {}),
  });

  http.on('request', (req, res) => {
    if (req.headers.host !== `127.0.0.1:${port}`) {
      res.writeHead(421).end();
      return;
    }
    const pathname = new URL(req.url ?? '/', origin).pathname;
    if (options.downloads?.handles(pathname)) {
      void options.downloads.serve(pathname, req, res);
      return;
    }
    void serveStatic(options.rendererDir, port, req, res);
  });

  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refusal = refuseUpgrade(req, port, origin, token);
    if (refusal) {
      options.log.warn('browser-host.socket-refused', { reason: refusal, origin: req.headers.origin ?? null });
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal}\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      void (async () => {
        const frame = wsRequestFrameSchema.safeParse(isBinary ? undefined : parseJson(frameText(data)));
        if (!frame.success) {
          ws.send(JSON.stringify({ id: -1, result: fail('invalid-arguments', 'Malformed frame: expected {id, channel, args}.') }));
          return;
        }
        const result = await dispatch(frame.data.channel, frame.data.args, { transport: 'browser', origin });
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: frame.data.id, result }));
      })();
    });
  }

  const unsubscribe = desk.bus.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  options.log.info('browser-host.listening', { origin });
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Why an upgrade is refused, or null to accept it. */
function refuseUpgrade(req: IncomingMessage, port: number, origin: string, token: string): string | null {
  if (new URL(req.url ?? '/', origin).pathname !== ipcPath) return 'unknown path';
  if (req.headers.host !== `127.0.0.1:${port}`) return 'wrong host';
  if (req.headers.origin !== origin) return 'foreign origin';
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(ipcSubprotocol)) return 'missing subprotocol';
  const presented = offered.find((p) => p.startsWith(tokenProtocolPrefix))?.slice(tokenProtocolPrefix.length) ?? '';
  const expected = Buffer.from(token);
  const given = Buffer.from(presented);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'missing or wrong token';
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}
