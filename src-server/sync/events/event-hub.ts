import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { syncEventSchema } from '../../../src-shared/sync/protocol.js';
import type { Database } from '../../db/database.js';
import { changedChannel } from '../change-log.js';
import { eventsCloseCodes, type EventsCloseReason } from '../../../src-shared/sync/protocol.js';
import { permissionEpochChannel } from './permission-epoch.js';
import { sessionValidity } from './session-validity.js';

export interface EventHubOptions {
  db: Database;
  now: () => Date;
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  /** Open sockets one agent may hold on this instance; a further one replaces the oldest. */
  maxSocketsPerAgent: number;
  /** At most one push per socket within this window; the window always ends with the latest seq. */
  coalesceMs: number;
  /** Pings every socket, drops one that did not answer the last ping, and re-checks sessions. */
  tickMs: number;
}

/** What the hub needs of a `ws` socket. */
export interface EventSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  ping(): void;
  close(code: number, reason: string): void;
  terminate(): void;
  on(event: 'pong' | 'close' | 'message', listener: () => void): unknown;
}

interface Subscriber {
  socket: EventSocket;
  agentId: string;
  tokenHash: Buffer;
  /** The highest seq this socket was told; pushes only go to sockets behind the latest. */
  sentSeq: number;
  answeredPing: boolean;
}

type SyncEvent = z.infer<typeof syncEventSchema>;

/**
 * The events WebSocket of one server instance. It learns how far the feed has advanced from
 * the sequencer's NOTIFY on `kontor_changes` (whichever instance stamped), and that an agent's
 * permissions changed from `kontor_epoch`: so every instance on one database pushes, and
 * nothing here is state another instance would need.
 */
export class EventHub {
  private latestSeq = 0;
  private readonly subscribers = new Set<Subscriber>();
  private coalescing: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>)[] = [];

  constructor(private readonly options: EventHubOptions) {}

  async start(): Promise<void> {
    const { db } = this.options;
    // Listen first, then read: a seq stamped in between arrives by NOTIFY, none is lost.
    this.unlisten.push(await db.listen(changedChannel, (payload) => this.advance(Number(payload)), () => void this.catchUp({ wakeAll: true })));
    this.unlisten.push(await db.listen(permissionEpochChannel, (agentId) => this.closeAgent(agentId, 'permissions-changed')));
    await this.catchUp();
    this.ticker = setInterval(() => void this.tick(), this.options.tickMs);
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    if (this.coalescing) clearTimeout(this.coalescing);
    this.ticker = this.coalescing = null;
    for (const subscriber of [...this.subscribers]) this.close(subscriber, 'server-shutdown');
    const unlisten = this.unlisten;
    this.unlisten = [];
    await Promise.all(unlisten.map((stop) => stop()));
  }

  /** Takes a socket that passed authentication and tells it the current seq at once. */
  add(socket: EventSocket, session: { agentId: string; tokenHash: Buffer }): void {
    const subscriber: Subscriber = { socket, ...session, sentSeq: -1, answeredPing: true };
    const own = [...this.subscribers].filter((s) => s.agentId === session.agentId);
    // Oldest first (a Set keeps insertion order): a Desk whose old connection died unnoticed gets in.
    for (const old of own.slice(0, Math.max(0, own.length - this.options.maxSocketsPerAgent + 1))) this.close(old, 'too-many-connections');
    this.subscribers.add(subscriber);
    socket.on('pong', () => (subscriber.answeredPing = true));
    socket.on('close', () => this.subscribers.delete(subscriber));
    // Clients have nothing to say on this socket; what they send is ignored.
    socket.on('message', () => undefined);
    this.push(subscriber);
  }

  /** How many sockets this instance holds (for tests and health figures). */
  get size(): number {
    return this.subscribers.size;
  }

  private advance(seq: number): void {
    if (!Number.isSafeInteger(seq) || seq <= this.latestSeq) return;
    this.latestSeq = seq;
    // Inside a window the latest seq waits for the window's end; otherwise it leaves now.
    if (this.coalescing === null) this.flush();
  }

  private flush(): void {
    let pushed = false;
    for (const subscriber of this.subscribers) if (subscriber.sentSeq < this.latestSeq) pushed = this.push(subscriber) || pushed;
    if (!pushed) return;
    this.coalescing = setTimeout(() => {
      this.coalescing = null;
      this.flush();
    }, this.options.coalesceMs);
    this.coalescing.unref();
  }

  private push(subscriber: Subscriber): boolean {
    if (subscriber.socket.readyState !== subscriber.socket.OPEN) return false;
    const event: SyncEvent = { type: 'changed', seq: this.latestSeq };
    subscriber.sentSeq = this.latestSeq;
    subscriber.socket.send(JSON.stringify(event));
    return true;
  }

  /**
   * After start and after the listening connection came back: NOTIFYs may have been missed.
   * After a reconnect every socket is woken, so that each Desk pulls once, even one that was
   * told the latest seq: the database may have been restored behind it, and a pull is cheap.
   */
  private async catchUp(options: { wakeAll: boolean } = { wakeAll: false }): Promise<void> {
    try {
      const result = await this.options.db.query<{ max: string | null }>('SELECT max(seq)::text AS max FROM change_log');
      this.advance(Number(result.rows[0]?.max ?? 0));
    } catch (error) {
      this.options.log.error({ err: error }, 'reading the latest change seq failed');
    }
    if (options.wakeAll) for (const subscriber of this.subscribers) this.push(subscriber);
  }

  private closeAgent(agentId: string, reason: EventsCloseReason): void {
    for (const subscriber of [...this.subscribers]) if (subscriber.agentId === agentId) this.close(subscriber, reason);
  }

  private close(subscriber: Subscriber, reason: EventsCloseReason): void {
    this.subscribers.delete(subscriber);
    subscriber.socket.close(eventsCloseCodes[reason], reason);
  }

  private async tick(): Promise<void> {
    for (const subscriber of [...this.subscribers]) {
      if (!subscriber.answeredPing) {
        // No pong within a whole tick: the peer is gone without closing (network, sleep).
        this.subscribers.delete(subscriber);
        subscriber.socket.terminate();
        continue;
      }
      subscriber.answeredPing = false;
      subscriber.socket.ping();
    }
    await this.closeEndedSessions();
  }

  /** Logout and expiry end a session at the next tick: a revoked token keeps no socket open. */
  private async closeEndedSessions(): Promise<void> {
    const subscribers = [...this.subscribers];
    if (subscribers.length === 0) return;
    try {
      const validity = await sessionValidity(this.options.db, subscribers.map((s) => s.tokenHash), this.options.now());
      for (const subscriber of subscribers) {
        const state = validity.get(subscriber.tokenHash.toString('hex')) ?? 'unauthenticated';
        if (state !== 'active' && this.subscribers.has(subscriber)) this.close(subscriber, state);
      }
    } catch (error) {
      // The database is away for a moment; the next tick asks again.
      this.options.log.warn({ err: error }, 'checking the sessions of event sockets failed');
    }
  }
}
