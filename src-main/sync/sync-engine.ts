import type Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { SyncStatusView } from '../../src-shared/ipc/cache.js';
import { entityNames, type EntityName } from '../../src-shared/sync/entities.js';
import { changesResponseSchema, syncEventSchema, type ChangesResponse } from '../../src-shared/sync/protocol.js';
import { PageWriter } from '../cache/apply-page.js';
import { isCacheDamage } from '../cache/cache-recovery.js';
import { Outbox } from '../cache/outbox.js';
import { clearCanonicalState } from '../cache/reset.js';
import { defaultRetentionMonths, Retention, retentionCutoff } from '../cache/retention.js';
import { SearchIndex } from '../cache/search-index.js';
import type { ServerClient } from '../net/server-client.js';
import { pushOutbox } from './push.js';
import { ToldAtMost } from './told-at-most.js';

/** What the always visible indicator shows while a cache is open. */
export type SyncStatus = Exclude<SyncStatusView, { state: 'closed' }>;

/** How often at most the index's progress is told while it is built. */
const indexProgressEveryMs = 500;
/** How often at most a status of the same state is told (a transfer's progress page by page); a new state is told at once. */
const statusEveryMs = 250;
/**
 * How often at most the cache's changes are told while more pages of a transfer are coming (the
 * snapshot, a scoped resync, a long catch-up): each one makes the open workspace count its queues
 * and read its list again on the main thread, 20–120 ms at 100,000 tickets while the sync writes
 * beside it (docs/benchmarks.md, "(u) … event-loop delay"). The first change and the last page are
 * told at once.
 */
const bulkChangesEveryMs = 1000;
/** How long the index works before it yields to the event loop (a push from the server waits at most this long). */
const indexSliceMs = 15;
/**
 * A bulk transfer (the snapshot, a long catch-up) stores its pages in transactions of about this
 * many changes: each commit writes every B-tree page it touched again, and with a commit per page
 * of a thousand the inserts cost about 1.8 × as much as in larger transactions (docs/benchmarks.md).
 * A kill loses at most one group, which the feed sends again.
 */
const changesPerTransaction = 10_000;

/**
 * The status of a cache just opened: with a session the first thing to happen is a sync
 * (a bootstrap for a cache never synced); without one (offline unlock) it is offline until the
 * agent signs in.
 */
export function initialStatus(writer: Pick<PageWriter, 'cursor' | 'lastApplied'>, index: Pick<SearchIndex, 'progress'>, token: string | null, now: Date): SyncStatus {
  if (token !== null) return { state: 'syncing', phase: writer.cursor() === '' ? 'snapshot' : 'log', items: 0, total: null, etaSeconds: null };
  return { state: 'offline', since: now.toISOString(), message: 'opened offline', lastSynced: writer.lastApplied(), index: index.progress(), unlocked: true, cause: 'server' };
}

export interface SyncEngineOptions {
  cache: Database.Database;
  client: ServerClient;
  /** The server session's token; null after an offline unlock: nothing syncs until the agent signs in. */
  token: string | null;
  onStatus?: (status: SyncStatus) => void;
  /** After each applied page (with the entities it touched) and after retention: the renderer re-reads what it shows. */
  onChanged?: (entities: ReadonlySet<EntityName>) => void;
  /** Closed tickets older than this leave the cache (default 12). */
  retentionMonths?: number;
  now?: () => Date;
  /** Back-off while the server cannot be reached (`retryDelay`): from `minMs`, doubling to `maxMs`, with jitter. */
  retry?: RetryOptions;
  /** A pull even without a push from the server, as a fallback. */
  pollMs?: number;
  pageSize?: number;
  /** How often at most the cache's changes are told while a transfer goes on (default `bulkChangesEveryMs`; 0: after every stored group). */
  changesEveryMs?: number;
  /** Tickets indexed for search per batch after a pull (titles stay searchable meanwhile). */
  indexBatch?: number;
  /**
   * SQLite found the cache file damaged (cache-recovery.ts `isCacheDamage`): no retry helps, the
   * owner stops the engine and makes the cache afresh. Without it, damage is a failure like any other.
   */
  onDamaged?: (message: string) => void;
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
  private readonly retention: Retention;
  private readonly now: () => Date;
  private token: string | null;
  private socket: WebSocket | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** Tickets per index batch, sized so that a batch takes about a slice (see nextIndexLimit), at most `indexBatchMost`. */
  private indexLimit: number;
  private readonly indexBatchMost: number;
  private stopped = true;
  /** Since when the server could not be reached: as shown, and on the monotonic clock for the back-off. */
  private offline: { since: string; startedMs: number } | null = null;
  private current: SyncStatus;
  private readonly statusTold = new ToldAtMost(() => this.options.onStatus?.(this.current), statusEveryMs);
  /** Entities changed since the cache's changes were last told. */
  private changed = new Set<EntityName>();
  private readonly changesTold: ToldAtMost;

  constructor(private readonly options: SyncEngineOptions) {
    this.writer = new PageWriter(options.cache);
    this.outbox = new Outbox(options.cache);
    this.index = new SearchIndex(options.cache);
    this.indexBatchMost = options.indexBatch ?? 25;
    this.indexLimit = this.indexBatchMost;
    this.retention = new Retention(options.cache);
    this.now = options.now ?? (() => new Date());
    this.token = options.token;
    this.current = initialStatus(this.writer, this.index, this.token, this.now());
    this.changesTold = new ToldAtMost(() => {
      const entities = this.changed;
      this.changed = new Set();
      this.options.onChanged?.(entities);
    }, options.changesEveryMs ?? bulkChangesEveryMs);
  }

  get status(): SyncStatus {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    this.outbox.sweepStagedFiles();
    this.connectEvents();
    this.pollTimer = setInterval(() => void this.runNow(), this.options.pollMs ?? 60_000);
    this.pollTimer.unref();
    void this.runNow();
  }

  /** After the agent signed in again: the new token, and sync goes on where it stopped. */
  resume(token: string): void {
    this.token = token;
    this.failures = 0;
    this.offline = null;
    this.setStatus({ state: 'syncing', items: 0, phase: 'log', total: null, etaSeconds: null });
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
    // The cache is about to close: a change or progress not told yet would send the screens to read it.
    this.statusTold.cancel();
    this.changesTold.cancel();
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
      const token = this.token;
      if (token === null) {
        await this.unlockedCycle();
      } else {
        const pushed = await pushOutbox(this.outbox, this.options.client, token);
        if (pushed.kind === 'unauthorized') return this.signedOut();
        // A refused edit (rejected, conflict) is shown at once, with what the server said; one applied waits for the feed.
        if (pushed.kind === 'sent' && pushed.failed > 0) this.tellChanged(entityNames, false);
        if (pushed.kind === 'retry-later') {
          this.failed(pushed.message);
        } else {
          const pulled = await this.pull(token);
          if (pulled === 'unauthorized') return this.signedOut();
          if (typeof pulled === 'object') {
            this.failed(pulled.message);
          } else {
            // Edits made while pulling go out at once.
            if (this.outbox.sendable(1).length > 0) this.again = true;
            this.failures = 0;
            this.offline = null;
            this.setStatus({ state: 'online', at: this.now().toISOString(), index: this.index.progress() });
          }
        }
      }
      await this.housekeeping();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isCacheDamage(error) && this.options.onDamaged) this.options.onDamaged(message);
      // Thrown, not answered: the Desk's own storing failed (a full disk most often), not the way to the server.
      else this.failed(message, 'cache');
    }
  }

  /**
   * After an offline unlock there is no session: while the server cannot be reached the cache
   * is offline; once it answers, the agent is asked to sign in (the outbox waits for that).
   */
  private async unlockedCycle(): Promise<void> {
    const probe = await this.options.client.call('GET', '/api/v1/health/live', null);
    if (probe.kind === 'unreachable') this.failed(probe.message);
    else this.signedOut();
  }

  /**
   * Work on the cache that needs no server, in short batches that yield to the event loop:
   * closed tickets past the retention window leave, the search index grows (its progress told
   * at most every half second).
   */
  private async housekeeping(): Promise<void> {
    const cutoff = retentionCutoff(this.now(), this.options.retentionMonths ?? defaultRetentionMonths);
    let purged = 0;
    for (let batch = this.retention.purgeBatch(cutoff); batch > 0 && this.isRunning(); batch = this.retention.purgeBatch(cutoff)) {
      purged += batch;
      await yieldToEventLoop();
    }
    if (purged > 0) {
      this.options.cache.pragma('wal_checkpoint(TRUNCATE)');
      this.tellChanged(['ticket'], false);
    }
    // Mid-snapshot a ticket's articles may still be on their way (they are marked for the index only in the log).
    if (!this.writer.complete()) return;
    let told = Date.now();
    // In slices of a few milliseconds; a sync that is asked for meanwhile goes first, the next cycle goes on with the index.
    for (let more = true; more && this.isRunning() && !this.again; ) {
      const slice = Date.now();
      do {
        const started = performance.now();
        more = this.index.indexBatch(this.indexLimit) > 0;
        this.indexLimit = nextIndexLimit(this.indexLimit, performance.now() - started, this.indexBatchMost);
      } while (more && Date.now() - slice < indexSliceMs);
      if (Date.now() - told >= indexProgressEveryMs) {
        told = Date.now();
        this.tellIndexProgress();
      }
      await yieldToEventLoop();
    }
    this.tellIndexProgress();
  }

  private tellIndexProgress(): void {
    const status = this.current;
    if (status.state === 'online' || status.state === 'offline') this.setStatus({ ...status, index: this.index.progress() });
  }

  private async pull(token: string): Promise<'done' | 'unauthorized' | { message: string }> {
    let items = 0;
    const started = Date.now();
    // Pages fetched but not yet stored: a bulk transfer stores several in one transaction, the first
    // page at once (the first queue screen waits for it) and then groups doubling up to changesPerTransaction.
    let held: ChangesResponse[] = [];
    let heldChanges = 0;
    let groupChanges = 1;
    /** Stores the pages held; `more` when further pages of the transfer are on their way. */
    const store = (more = false): void => {
      if (held.length === 0) return;
      const { removed } = this.writer.applyPages(held);
      // What left the agent's view leaves the write-ahead log too (secure_delete already cleared the pages).
      if (removed > 0) this.options.cache.pragma('wal_checkpoint(TRUNCATE)');
      const position = held.findLast((page) => page.position !== null)?.position;
      // Edits the feed has caught up with are no longer pending: the screens drop their marks even when the page changed nothing they show.
      const settled = position !== undefined && position !== null ? this.outbox.settle(position) : 0;
      const entities = held.flatMap((page) => [...entitiesOf(page)]);
      groupChanges = Math.min(changesPerTransaction, Math.max(groupChanges, heldChanges) * 2);
      held = [];
      heldChanges = 0;
      // A page of nothing (a pull after a reconnect, the periodic one) changes nothing the screens show; the end of a transfer still tells what waits.
      if (settled > 0) this.tellChanged(entityNames, more);
      else if (entities.length > 0) this.tellChanged(entities, more);
      else if (!more && this.changesTold.waiting) this.changesTold.now();
    };
    let next = this.fetchPage(token, this.writer.cursor());
    for (;;) {
      const response = await next;
      if (response.kind === 'unreachable') {
        // What arrived before the connection broke is kept.
        store();
        return { message: response.message };
      }
      if (response.kind === 'error') {
        if (response.status === 401) return 'unauthorized';
        if (response.status === 410) {
          // The feed cannot go on from here: canonical state is loaded again; the outbox stays.
          held = [];
          heldChanges = 0;
          clearCanonicalState(this.options.cache);
          next = this.fetchPage(token, '');
          continue;
        }
        store();
        return { message: response.error.message };
      }
      const page = response.value;
      if (page === null) {
        store();
        return { message: 'Kontor Server sent no changes page' };
      }
      // The next page is asked for before this one is stored: the server builds it meanwhile.
      if (page.hasMore) next = this.fetchPage(token, page.cursor);
      held.push(page);
      heldChanges += page.changes.length;
      items += page.changes.length;
      if (!page.hasMore || heldChanges >= groupChanges) store(page.hasMore);
      if (!page.hasMore) return 'done';
      this.setStatus({ state: 'syncing', phase: page.phase, items, ...progressOf(page, items, Date.now() - started) });
      // Between pages the event loop serves whatever else waits.
      await yieldToEventLoop();
    }
  }

  private fetchPage(token: string, after: string) {
    const limit = String(this.options.pageSize ?? 1000);
    return this.options.client.call('GET', `/api/v1/sync/changes?after=${encodeURIComponent(after)}&limit=${limit}`, changesResponseSchema, { token, splitArray: 'changes' });
  }

  /** Read through a method: `stopped` changes while a cycle awaits. */
  private isRunning(): boolean {
    return !this.stopped;
  }

  private failed(message: string, cause: 'server' | 'cache' = 'server'): void {
    this.offline ??= { since: this.now().toISOString(), startedMs: performance.now() };
    this.setStatus({ state: 'offline', since: this.offline.since, message, lastSynced: this.writer.lastApplied(), index: this.index.progress(), unlocked: this.token === null, cause });
    this.failures += 1;
    const delay = retryDelay(this.failures, performance.now() - this.offline.startedMs, this.options.retry ?? defaultRetry);
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
    const progress = status.state === this.current.state;
    this.current = status;
    if (progress) this.statusTold.request();
    else this.statusTold.now();
  }

  /** The cache changed in `entities`: told at once, or folded with the next while a transfer goes on (`bulk`). */
  private tellChanged(entities: Iterable<EntityName>, bulk: boolean): void {
    for (const entity of entities) this.changed.add(entity);
    if (bulk) this.changesTold.request();
    else this.changesTold.now();
  }

  /** The server's `changed` pushes; a pull after every (re)connect. */
  private connectEvents(): void {
    if (this.stopped || this.token === null || (this.socket && this.socket.readyState <= WebSocket.OPEN)) return;
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
    // While the server cannot be reached, the back-off's retry opens the socket again: no second clock.
    if (this.failures > 0) return;
    const minMs = this.options.retry?.minMs ?? 1000;
    const timer = setTimeout(
      () => {
        if (this.socket === null && !this.stopped) {
          this.connectEvents();
          void this.runNow();
        }
      },
      minMs + Math.random() * minMs,
    );
    timer.unref();
  }
}

export interface RetryOptions {
  minMs: number;
  maxMs: number;
}

const defaultRetry: RetryOptions = { minMs: 1000, maxMs: 60_000 };

/**
 * How long to wait before the next try after `failures` failed tries in a row, the server
 * unreachable for `offlineMs`: a random time (full jitter, so that the Desks that lost one server
 * do not come back in step) from `minMs` up to a ceiling that doubles with each failure up to
 * `maxMs`, and is never more than half the time already offline. Doubling alone reaches a minute
 * after a few seconds' outage: the Desk stayed offline for up to a minute after a server restart
 * (found by the fault test). Now a Desk that lost the server for ten seconds tries again within
 * five; one offline for an hour tries about once a minute.
 */
export function retryDelay(failures: number, offlineMs: number, { minMs, maxMs }: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.max(minMs, Math.min(maxMs, minMs * 2 ** Math.min(failures - 1, 20), offlineMs / 2));
  return minMs + random() * (ceiling - minMs);
}

/**
 * The next index batch's size: as many tickets as would have taken a slice in the batch just
 * done, moving halfway there (one ticket with long mails does not shrink it to one), between 1
 * and `most`. At 25 tickets a batch took 60–130 ms at 100,000 cached tickets, several slices, and
 * a pull asked for meanwhile waited behind it (docs/benchmarks.md, 2026-12-03).
 */
export function nextIndexLimit(limit: number, elapsedMs: number, most: number): number {
  const fitting = (limit * indexSliceMs) / Math.max(elapsedMs, 0.1);
  return Math.max(1, Math.min(most, Math.round((limit + fitting) / 2)));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function entitiesOf(page: ChangesResponse): Set<EntityName> {
  const entities = new Set<EntityName>();
  for (const change of page.changes) entities.add(change.entity);
  return entities;
}

/** Items in all and the time left, from the server's count of the snapshot and the rate so far. */
function progressOf(page: ChangesResponse, items: number, elapsedMs: number): { total: number | null; etaSeconds: number | null } {
  const progress = page.progress;
  if (!progress) return { total: null, etaSeconds: null };
  const rate = items / Math.max(elapsedMs, 1);
  const left = Math.max(0, progress.total - progress.delivered);
  return { total: progress.total, etaSeconds: rate > 0 ? Math.round(left / rate / 1000) : null };
}
