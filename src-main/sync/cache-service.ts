import path from 'node:path';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { queuePageInputSchema, queuePageSchema, SyncStatusView, ticketSearchResultSchema } from '../../src-shared/ipc/cache.js';
import { ticketSchema } from '../../src-shared/sync/entities.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { openCache } from '../cache/cache-file.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';
import { Outbox } from '../cache/outbox.js';
import { overlayTicket } from '../cache/overlay.js';
import { SearchIndex } from '../cache/search-index.js';
import type { EventBus } from '../events.js';
import type { ServerClient } from '../net/server-client.js';
import { SyncEngine } from './sync-engine.js';

interface OpenCache {
  agentId: string;
  db: Database.Database;
  engine: SyncEngine;
  outbox: Outbox;
  index: SearchIndex;
  /** A queue's first page, and a page after a given ticket: prepared once, queue views ask often. */
  firstPage: Database.Statement;
  nextPage: Database.Statement;
}

const pageOrder = 'ORDER BY "updated_at" DESC, "id" DESC LIMIT ?';

type QueuePage = z.input<typeof queuePageSchema>;

/**
 * The signed-in agent's cache and its sync engine, opened at sign-in and closed at sign-out;
 * what the renderer reads of it. Views read the cache only, never the network.
 */
export class CacheService {
  private open: OpenCache | null = null;

  constructor(
    private readonly options: { dir: string; server: ServerClient; bus: EventBus; nativeBinding?: string | undefined; pollMs?: number },
  ) {}

  /** Opens the agent's cache (closing another agent's first) and starts syncing it. */
  async start(agentId: string, token: string): Promise<void> {
    if (this.open?.agentId === agentId) {
      this.open.engine.resume(token);
      return;
    }
    await this.stop();
    const db = openCache(path.join(this.options.dir, 'caches'), agentId, { nativeBinding: this.options.nativeBinding });
    const engine = new SyncEngine({
      cache: db,
      client: this.options.server,
      token,
      ...(this.options.pollMs === undefined ? {} : { pollMs: this.options.pollMs }),
      onStatus: (status) => this.options.bus.emit('sync.changed', status),
      onChanged: () => this.options.bus.emit('cache.changed', undefined),
    });
    this.open = {
      agentId,
      db,
      engine,
      outbox: new Outbox(db),
      index: new SearchIndex(db),
      firstPage: db.prepare(`SELECT * FROM tickets WHERE "queue_id" = ? ${pageOrder}`),
      nextPage: db.prepare(`SELECT * FROM tickets WHERE "queue_id" = ? AND ("updated_at" < ? OR ("updated_at" = ? AND "id" < ?)) ${pageOrder}`),
    };
    engine.start();
  }

  /** Stops syncing and closes the file; the outbox stays in it for the agent's next sign-in. */
  async stop(): Promise<void> {
    const open = this.open;
    this.open = null;
    if (!open) return;
    await open.engine.stop();
    open.db.close();
    this.options.bus.emit('sync.changed', { state: 'closed' });
  }

  status(): SyncStatusView {
    return this.open?.engine.status ?? { state: 'closed' };
  }

  /** A queue's tickets, most recently changed first, keyset-paged, with pending edits laid over them. */
  queuePage(input: z.output<typeof queuePageInputSchema>): Result<QueuePage, 'not-signed-in'> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to see the queues.');
    const after = input.after;
    const rows = (
      after ? open.nextPage.all(input.queueId, after.updatedAt, after.updatedAt, after.id, input.limit) : open.firstPage.all(input.queueId, input.limit)
    ) as Record<string, unknown>[];
    const entries = open.outbox.entries();
    const tickets = rows.map((row) => {
      const shown = overlayTicket(ticketSchema.parse(entityFromCacheRow('ticket', row)), entries, open.agentId);
      return { ticket: shown.ticket, pending: shown.pending.map((entry) => ({ mutationId: entry.mutationId, name: entry.name, status: entry.status })) };
    });
    const last = rows.length === input.limit ? tickets.at(-1)?.ticket : undefined;
    return ok({ tickets, next: last ? { updatedAt: last.updatedAt, id: last.id } : null });
  }

  search(query: string, limit: number): Result<z.input<typeof ticketSearchResultSchema>, 'not-signed-in'> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to search.');
    return ok({ hits: open.index.search(query, limit), index: open.index.progress() });
  }
}
