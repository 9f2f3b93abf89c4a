import type Database from 'better-sqlite3';
import type { DeskNotice } from '../../src-shared/ipc/notifications.js';
import type { SyncStatusView } from '../../src-shared/ipc/cache.js';
import type { Logger } from '../../src-shared/node/log.js';
import type { EventBus } from '../events.js';
import type { OpenCacheView } from '../sync/cache-service.js';
import { writeUnlessBusy } from '../cache/write-when-free.js';
import { NoticeFinder } from './notice-finder.js';
import { noticeOf } from './notice-text.js';
import { NotificationStore } from './notification-store.js';

/** What the watcher needs of the cache service. */
export interface WatchedCache {
  withCache<T>(read: (cache: OpenCacheView) => T): T | 'not-signed-in';
  status(): SyncStatusView;
}

export interface NotificationWatcherOptions {
  cache: WatchedCache;
  bus: EventBus;
  /** Shows a notice: the host's own notification, or the renderer's (see desk.ts). */
  notify: (notice: DeskNotice) => void;
  log?: Logger;
  /** The clock that decides which reminders and warnings have come; tests set it. */
  now?: () => Date;
  /** How often time alone is checked (reminders, clocks); null: never by itself (tests call `tick`). */
  intervalMs?: number | null;
}

/** How far back from the arming a ticket counts as new (clocks of Desk and server differ, pages take time). */
const armingSlackMs = 10 * 60_000;
/** How soon a check whose write found the sync thread writing tries again. */
const writeRetryMs = 50;

/** The watcher's state for one open cache file. */
interface Session {
  db: Database.Database;
  agentId: string;
  store: NotificationStore;
  finder: NoticeFinder;
  /** Server time from which a ticket counts as new; null until armed. */
  armedAt: string | null;
  /** While the first sync, a resync or the catch-up after opening runs: nothing is told. */
  quiet: boolean;
}

/**
 * Decides which events become notices (docs/notifications.md). It watches what the sync engine
 * applied (`cache.changed`) and the time (once a minute), and tells only what happened after it
 * armed: the cache's state when a first sync, a resync or the catch-up after opening ends is
 * recorded without a word (a baseline), so that no backlog is told. Each event is remembered by
 * its tag in the cache file, so that none is told twice, across restarts too.
 */
export class NotificationWatcher {
  private session: Session | null = null;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  /** A check whose write has to wait for the sync thread; silent only if every check it stands for was. */
  private retry: { timer: NodeJS.Timeout; silent: boolean } | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: NotificationWatcherOptions) {
    this.now = options.now ?? (() => new Date());
    this.unsubscribe = options.bus.subscribe((event, payload) => {
      if (event === 'sync.changed') this.guarded(() => this.onStatus(payload as SyncStatusView));
      else if (event === 'cache.changed') this.guarded(() => this.check(false));
    });
    const interval = options.intervalMs === undefined ? 60_000 : options.intervalMs;
    if (interval !== null) {
      this.timer = setInterval(() => this.tick(), interval);
      this.timer.unref();
    }
  }

  /** The minute's check: reminders that came due, clocks that entered warning. */
  tick(): void {
    this.guarded(() => {
      this.check(false);
      const session = this.session;
      // Old entries go when the cache is free; if not now, a minute later.
      if (session) writeUnlessBusy(session.db, () => session.store.expireOld(this.now()));
    });
  }

  /** Records what qualifies now without telling it: after the agent watched another queue, so its backlog stays quiet. */
  baseline(): void {
    this.guarded(() => this.check(true));
  }

  /** Runs `read` with the store of the open cache; 'not-signed-in' when none is open. */
  withStore<T>(read: (store: NotificationStore) => T): T | 'not-signed-in' {
    const session = this.current();
    return session ? read(session.store) : 'not-signed-in';
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry.timer);
    this.retry = null;
    this.session = null;
  }

  /** The session of the cache open now, a new one when another cache was opened since. */
  private current(): Session | null {
    const open = this.options.cache.withCache((cache) => cache);
    if (open === 'not-signed-in') {
      this.session = null;
      return null;
    }
    if (this.session?.db !== open.db) {
      this.session = { db: open.db, agentId: open.agentId, store: new NotificationStore(open.db), finder: new NoticeFinder(open.db, open.agentId), armedAt: null, quiet: true };
      this.onStatus(this.options.cache.status());
    }
    return this.session;
  }

  private onStatus(status: SyncStatusView): void {
    if (status.state === 'closed') {
      this.session = null;
      return;
    }
    const session = this.current();
    if (!session) return;
    if (status.state === 'syncing') {
      // The catch-up after opening and every bulk transfer bring state, not news.
      if (status.phase !== 'log' || session.armedAt === null) session.quiet = true;
      return;
    }
    // Online, offline or signed out: nothing more is on its way, or nothing can come now.
    if (session.quiet) {
      // Early rather than late: what the cache holds now is passed over by the baseline anyway,
      // and a ticket that arrives later was created after this bound even when clocks differ a little.
      session.armedAt = new Date(this.serverNow(session.db).getTime() - armingSlackMs).toISOString();
      session.quiet = false;
      this.check(true);
    }
  }

  /**
   * Finds what qualifies now and is not remembered; tells it unless `silent` or its kind is off.
   * It reads first, outside a transaction: nearly every check finds nothing and writes nothing, so
   * that it never waits on the main thread for the sync thread's commits. What it found is
   * remembered in one IMMEDIATE transaction when the cache is free, or a moment later.
   */
  private check(silent: boolean): void {
    const session = this.current();
    if (!session || session.quiet || session.armedAt === null) return;
    const now = this.now();
    const { store, finder } = session;
    // A warning that ended may come again (the next update cycle): it is forgotten. (A clock's
    // warning cannot end and begin at one instant, so the events read beside it are the same.)
    const ended = store.rememberedOf('clock-warning').filter(({ tag, ticketId }) => finder.warningOver(tag, ticketId, now));
    const found = finder.events(now, session.armedAt);
    if (ended.length === 0 && found.length === 0) return;
    const shown: DeskNotice[] = [];
    const { written } = writeUnlessBusy(session.db, () => {
      for (const { tag } of ended) store.drop(tag);
      const kinds = store.kinds();
      const language = store.language();
      for (const event of found) {
        if (store.has(event.tag)) continue;
        const tell = !silent && kinds[event.kind];
        store.remember(event.tag, event.kind, event.ticket.id, tell, now);
        if (tell) shown.push(noticeOf(event, language));
      }
    });
    if (!written) {
      if (this.retry) this.retry.silent &&= silent;
      else {
        const timer = setTimeout(() => {
          const quiet = this.retry?.silent ?? silent;
          this.retry = null;
          this.guarded(() => this.check(quiet));
        }, writeRetryMs);
        this.retry = { timer, silent };
      }
      return;
    }
    for (const notice of shown) this.options.notify(notice);
  }

  /** Now on the server's clock, from the offset the last applied page showed; the local clock before any. */
  private serverNow(db: Database.Database): Date {
    const row = db.prepare('SELECT "server_time" AS "serverTime", "updated_at" AS "appliedAt" FROM sync_state WHERE "singleton" = 1').get() as
      | { serverTime: string | null; appliedAt: string | null }
      | undefined;
    const offset = row?.serverTime && row.appliedAt ? Date.parse(row.serverTime) - Date.parse(row.appliedAt) : 0;
    return new Date(this.now().getTime() + (Number.isFinite(offset) ? offset : 0));
  }

  /** A failure here must never reach the sync engine's emit: it is logged and the event passed over. */
  private guarded(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.options.log?.warn('notifications: check failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
