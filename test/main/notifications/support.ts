import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openCache } from '../../../src-main/cache/cache-file.js';
import { PageWriter } from '../../../src-main/cache/apply-page.js';
import { Outbox } from '../../../src-main/cache/outbox.js';
import { EventBus } from '../../../src-main/events.js';
import { NotificationService } from '../../../src-main/notifications/notification-service.js';
import { NotificationWatcher } from '../../../src-main/notifications/notification-watcher.js';
import type { SyncStatusView } from '../../../src-shared/ipc/cache.js';
import type { DeskNotice } from '../../../src-shared/ipc/notifications.js';
import type { Queue, Ticket } from '../../../src-shared/sync/entities.js';
import type { ChangesResponse } from '../../../src-shared/sync/protocol.js';
import { ticketEntity } from '../../server/feed/support/domain.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

export const me = 'agent-sobrien';
export const colleague = 'agent-hmeier';

export const queueOf = (name: string, group: string): Queue => ({ id: randomUUID(), name, group, slaId: randomUUID(), valid: true, version: 1 });

/** A ticket in `queue` created at `at` by a colleague (unless told otherwise). */
export function ticketAt(queue: Queue, title: string, at: Date, fields: Partial<Ticket> = {}): Ticket {
  return { ...ticketEntity(queue, title), createdAt: at.toISOString(), updatedAt: at.toISOString(), createdBy: colleague, ...fields };
}

export const online = (at: Date): SyncStatusView => ({ state: 'online', at: at.toISOString(), index: { indexed: 0, total: 0 } });
export const syncing = (phase: 'snapshot' | 'resync' | 'log'): SyncStatusView => ({ state: 'syncing', phase, items: 0, total: null, etaSeconds: null });

/**
 * One agent's real cache file with the watcher and the settings service over it, fed as the
 * sync engine feeds them (pages applied by the PageWriter, then `cache.changed`; statuses as
 * `sync.changed`). Only time is faked.
 */
export class WatchedDesk {
  readonly bus = new EventBus();
  readonly notices: DeskNotice[] = [];
  clock: Date;
  status: SyncStatusView = syncing('snapshot');
  readonly db: Database.Database;
  readonly writer: PageWriter;
  watcher: NotificationWatcher;
  service: NotificationService;
  private seq = 0;

  constructor(
    start: Date,
    readonly permissions: Record<string, ('ro' | 'rw')[]>,
    readonly dir = temporaryDirectory('kontor-notices-'),
  ) {
    this.clock = start;
    this.db = openCache(dir, me);
    this.writer = new PageWriter(this.db);
    const { watcher, service } = this.open();
    this.watcher = watcher;
    this.service = service;
  }

  /** A watcher as after a restart of the Desk: new objects over the same file. */
  restart(): void {
    this.watcher.close();
    const { watcher, service } = this.open();
    this.watcher = watcher;
    this.service = service;
  }

  private open() {
    const outbox = new Outbox(this.db);
    const cache = { withCache: <T,>(read: (view: { db: Database.Database; outbox: Outbox; agentId: string }) => T) => read({ db: this.db, outbox, agentId: me }), status: () => this.status };
    const watcher = new NotificationWatcher({ cache, bus: this.bus, notify: (notice) => this.notices.push(notice), now: () => this.clock, intervalMs: null });
    return { watcher, service: new NotificationService(watcher, () => this.permissions, () => this.clock) };
  }

  setStatus(status: SyncStatusView): void {
    this.status = status;
    this.bus.emit('sync.changed', status);
  }

  /** Applies one page of upserts in `phase`, as the engine does, and says the cache changed. */
  apply(phase: 'snapshot' | 'resync' | 'log', entities: ({ entity: 'queue'; data: Queue } | { entity: 'ticket'; data: Ticket })[]): void {
    const page: ChangesResponse = {
      changes: entities.map(({ entity, data }) => ({ seq: ++this.seq, entity, op: 'upsert' as const, id: data.id, data })),
      cursor: `c${String(this.seq)}`,
      hasMore: false,
      phase,
      position: phase === 'log' ? this.seq : null,
      progress: null,
      serverTime: this.clock.toISOString(),
    };
    this.writer.apply(page, this.clock);
    this.bus.emit('cache.changed', { entities: [...new Set(entities.map(({ entity }) => entity))] });
  }

  /** A ticket in `queue` created now by a colleague (unless told otherwise). */
  ticket(queue: Queue, title: string, fields: Partial<Ticket> = {}): Ticket {
    return ticketAt(queue, title, this.clock, fields);
  }

  at(iso: string): void {
    this.clock = new Date(iso);
  }

  close(): void {
    this.watcher.close();
    this.db.close();
  }
}
