import type Database from 'better-sqlite3';
import WebSocket from 'ws';
import { changesResponseSchema, syncEventSchema } from '../../src-shared/sync/protocol.js';
import { PageWriter } from '../cache/apply-page.js';
import { Outbox } from '../cache/outbox.js';
import { SearchIndex } from '../cache/search-index.js';
import { clearCanonicalState } from '../cache/reset.js';
import type { ServerClient } from '../net/server-client.js';
import { pushOutbox } from './push.js';

/** What the always visible indicator shows. */
export type SyncStatus =
  | { state: 'online'; at: string }
  | { state: 'syncing'; items: number; phase: 'snapshot' | 'resync' | 'log' }
  | { state: 'offline'; since: string; message: string }
  /** The server ended the session: the engine waits until the agent signs in again; the outbox is kept. */
  | { state: 'signed-out' };

export interface SyncEngineOptions {
  cache: Database.Database;
  client: ServerClient;
  token: string;
  onStatus?: (status: SyncStatus) => void;
  /** After each applied page: the renderer re-reads what it shows. */
  onChanged?: () => void;
  now?: () => Date;
  /** Back-off while the server cannot be reached: from `minMs`, doubling to `maxMs`, with jitter. */
  retry?: { minMs: number; maxMs: number };
  /** A pull even without a push from the server, as a fallback. */
  pollMs?: number;
  pageSize?: number;
  /** Tickets indexed for search per batch after a pull (titles stay searchable meanwhile). */
  indexBatch?: number;
}

/**
 * Keeps one agent's cache current: pushes the outbox, pulls the feed page by page (each page
 * with its cursor in one transaction), clears pending marks the feed has caught up with, builds
 * the search index in batches, and wakes on the server's `changed` pushes, after every
 * reconnect and periodically. Never throws out of its timers: failures become a status.
 */
export class SyncEngine {
  private readonly writer: PageWriter;
  private readonly outbox: Outbox;
  private readonly index: SearchIndex;
  private readonly now: () => Date;
  private token: string;
  private socket: WebSocket | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = true;
  private offlineSince: string | null = null;
  private current: SyncStatus = { state: 'offline', since: new Date(0).toISOString(), message: 'not started' };

  constructor(private readonly options: SyncEngineOptions) {
    this.writer = new PageWriter(options.cache);
    this.outbox = new Outbox(options.cache);
    this.index = new SearchIndex(options.cache);
    this.now = options.now ?? (() => new Date());
    this.token = options.token;
  }

  get status(): SyncStatus {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    this.connectEvents();
    this.pollTimer = setInterval(() => void this.runNow(), this.options.pollMs ?? 60_000);
    this.pollTimer.unref();
    void this.runNow();
  }

  /** After the agent signed in again: the new token, and sync goes on where it stopped. */
  resume(token: string): void {
    this.token = token;
    this.failures = 0;
    this.setStatus({ state: 'syncing', items: 0, phase: 'log' });
    this.socket?.close();
    this.connectEvents();
    void this.runNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.socket?.close();
    this.socket = null;
    await this.running;
  }

  /** One cycle now, or once more after the one running. */
  runNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.runNow();
      }
    });
    return this.running;
  }

  private async cycle(): Promise<void> {
    if (this.stopped || this.current.state === 'signed-out') return;
    try {
      const pushed = await pushOutbox(this.outbox, this.options.client, this.token);
      if (pushed.kind === 'unauthorized') return this.signedOut();
      if (pushed.kind === 'retry-later') return this.failed(pushed.message);
      const pulled = await this.pull();
      if (pulled === 'unauthorized') return this.signedOut();
      if (typeof pulled === 'object') return this.failed(pulled.message);
      // Edits made while pulling go out at once.
      if (this.outbox.sendable(1).length > 0) this.again = true;
      this.failures = 0;
      this.offlineSince = null;
      this.setStatus({ state: 'online', at: this.now().toISOString() });
      // In batches, yielding between them: the main process stays responsive while the index grows.
      while (this.isRunning() && this.index.indexBatch(this.options.indexBatch ?? 500) > 0) await new Promise((resolve) => setImmediate(resolve));
    } catch (error) {
      this.failed(error instanceof Error ? error.message : String(error));
    }
  }

  private async pull(): Promise<'done' | 'unauthorized' | { message: string }> {
    let items = 0;
    for (;;) {
      const after = this.writer.cursor();
      const response = await this.options.client.call('GET', `/api/v1/sync/changes?after=${encodeURIComponent(after)}&limit=${String(this.options.pageSize ?? 1000)}`, changesResponseSchema, { token: this.token });
      if (response.kind === 'unreachable') return { message: response.message };
      if (response.kind === 'error') {
        if (response.status === 401) return 'unauthorized';
        if (response.status === 410) {
          // The feed cannot go on from here: canonical state is loaded again; the outbox stays.
          clearCanonicalState(this.options.cache);
          continue;
        }
        return { message: response.error.message };
      }
      const page = response.value;
      if (page === null) return { message: 'Kontor Server sent no changes page' };
      this.writer.apply(page);
      if (page.position !== null) this.outbox.settle(page.position);
      items += page.changes.length;
      this.options.onChanged?.();
      if (!page.hasMore) return 'done';
      this.setStatus({ state: 'syncing', items, phase: page.phase });
    }
  }

  /** Read through a method: `stopped` changes while a cycle awaits. */
  private isRunning(): boolean {
    return !this.stopped;
  }

  private failed(message: string): void {
    this.offlineSince ??= this.now().toISOString();
    this.setStatus({ state: 'offline', since: this.offlineSince, message });
    this.failures += 1;
    const { minMs, maxMs } = this.options.retry ?? { minMs: 1000, maxMs: 60_000 };
    const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(this.failures - 1, 20));
    // Full jitter: many Desks that lost the same server do not come back in step.
    const delay = minMs + Math.random() * Math.max(0, ceiling - minMs);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) {
        this.connectEvents();
        void this.runNow();
      }
    }, delay);
    this.retryTimer.unref();
  }

  private signedOut(): void {
    this.setStatus({ state: 'signed-out' });
  }

  private setStatus(status: SyncStatus): void {
    this.current = status;
    this.options.onStatus?.(status);
  }

  /** The server's `changed` pushes; a pull after every (re)connect. */
  private connectEvents(): void {
    if (this.stopped || (this.socket && this.socket.readyState <= WebSocket.OPEN)) return;
    const url = new URL('/api/v1/events', this.options.client.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.token}` } });
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      const event = syncEventSchema.safeParse(JSON.parse(data.toString('utf8')));
      if (event.success) void this.runNow();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      // A lost socket alone is no failure of the feed: it is opened again shortly, and a pull follows.
      if (!this.stopped && this.current.state !== 'signed-out') this.reconnectEventsLater();
    });
  }

  private reconnectEventsLater(): void {
    const timer = setTimeout(() => {
      if (this.socket === null && !this.stopped) {
        this.connectEvents();
        void this.runNow();
      }
    }, this.options.retry?.minMs ?? 1000);
    timer.unref();
  }
}
