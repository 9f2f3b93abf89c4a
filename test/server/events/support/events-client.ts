import WebSocket from 'ws';
import { syncEventSchema } from '../../../../src-shared/sync/protocol.js';

export interface SyncEvent {
  type: 'changed';
  seq: number;
}

export interface Closed {
  code: number;
  reason: string;
}

/** A Desk's events socket as a test sees it: every push in order, and how it ended. */
export interface EventsClient {
  readonly events: readonly SyncEvent[];
  /** Resolves with the first push (already received or still to come) that matches. */
  next(matches: (event: SyncEvent) => boolean, timeoutMs?: number): Promise<SyncEvent>;
  readonly closed: Promise<Closed>;
  /** Resolves when the server's heartbeat ping number `count` (from 1) has arrived. */
  pinged(count: number): Promise<void>;
  /**
   * Pings the server and waits for its pong: frames are handled in order, so afterwards the
   * server has handled everything this client sent before (such as its pong to a heartbeat).
   */
  roundTrip(): Promise<void>;
  close(): void;
}

export function eventsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/u, 'ws')}/api/v1/events`;
}

/** Opens `GET /api/v1/events` with the token in the Authorization header, as the Desk does. */
export function connectEvents(baseUrl: string, token: string, options: { autoPong?: boolean; ca?: Buffer } = {}): Promise<EventsClient> {
  const socket = new WebSocket(eventsUrl(baseUrl), {
    headers: { authorization: `Bearer ${token}` },
    autoPong: options.autoPong ?? true,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  const events: SyncEvent[] = [];
  const waiters = new Set<{ matches: (event: SyncEvent) => boolean; resolve: (event: SyncEvent) => void }>();
  socket.on('message', (data: Buffer) => {
    const event = syncEventSchema.parse(JSON.parse(data.toString('utf8')));
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.matches(event)) continue;
      waiters.delete(waiter);
      waiter.resolve(event);
    }
  });
  let pings = 0;
  const pingWaiters = new Set<{ count: number; resolve: () => void }>();
  socket.on('ping', () => {
    pings += 1;
    for (const waiter of [...pingWaiters]) {
      if (waiter.count > pings) continue;
      pingWaiters.delete(waiter);
      waiter.resolve();
    }
  });
  const closed = new Promise<Closed>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  const client: EventsClient = {
    events,
    closed,
    next(matches, timeoutMs = 5000) {
      const seen = events.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching push within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        const waiter = {
          matches,
          resolve: (event: SyncEvent) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        waiters.add(waiter);
      });
    },
    pinged: (count) => (count <= pings ? Promise.resolve() : new Promise((resolve) => pingWaiters.add({ count, resolve }))),
    roundTrip: () =>
      new Promise((resolve) => {
        socket.once('pong', () => resolve());
        socket.ping();
      }),
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** The HTTP answer to an upgrade request the server refuses: status and parsed JSON body. */
export function refusedUpgrade(baseUrl: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const socket = new WebSocket(eventsUrl(baseUrl), { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) });
      });
    });
    socket.once('error', reject);
  });
}
