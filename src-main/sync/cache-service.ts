import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { ticketBundleResponseSchema } from '../../src-shared/api/tickets.js';
import type { CustomerSearchResult } from '../../src-shared/ipc/directory.js';
import type {
  CacheOpenFailure,
  CacheRebuilt,
  failedEditSchema,
  CallerSearchResult,
  queuePageInputSchema,
  queuePageSchema,
  SyncStatusView,
  ticketSearchResultSchema,
  ticketViewSchema,
} from '../../src-shared/ipc/cache.js';
import { limits } from '../../src-shared/limits.js';
import { entityNames, type AttachmentMeta } from '../../src-shared/sync/entities.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { PageWriter } from '../cache/apply-page.js';
import { AttachmentStore, defaultAttachmentCacheBytes } from '../cache/attachment-store.js';
import { removeCacheFiles } from '../cache/cache-file.js';
import { CacheUnusableError, openAgentCache, rebuildAgentCache } from '../cache/cache-recovery.js';
import { CallerIndex } from '../cache/caller-index.js';
import { outboxArticles, provisionalTicket } from '../cache/provisional-ticket.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';
import { Outbox, type OutboxEntry } from '../cache/outbox.js';
import { writeWhenFree } from '../cache/write-when-free.js';
import { overlayTicket } from '../cache/overlay.js';
import { SearchIndex, type SearchScope } from '../cache/search-index.js';
import { TicketContextReader } from '../cache/ticket-context.js';
import { TicketReader } from '../cache/ticket-reader.js';
import type { EventBus } from '../events.js';
import type { ServerClient } from '../net/server-client.js';
import { initialStatus } from './sync-engine.js';
import { SyncWorkerHandle } from './sync-worker-host.js';

/** What an edit of the agent's changes as the screens see it: anything (it is laid over what they show). */
const everything = { entities: [...entityNames] };

interface OpenCache {
  agentId: string;
  db: Database.Database;
  /** The sync engine, in a worker thread of its own with its own connection to the file. */
  engine: SyncWorkerHandle;
  outbox: Outbox;
  index: SearchIndex;
  callers: CallerIndex;
  reader: TicketReader;
  context: TicketContextReader;
  attachments: AttachmentStore;
  /** The server session's token, null after an offline unlock; main-process memory only. */
  token: string | null;
  /** The file was found damaged when opened and made afresh: told to the agent for as long as it is open. */
  rebuilt: CacheRebuilt | null;
  claimAttachment: Database.Statement;
  claimedAttachments: Database.Statement;
  /** A queue's first page, and a page after a given ticket: prepared once, queue views ask often. */
  firstPage: Database.Statement;
  nextPage: Database.Statement;
}

/** What another main-process service may read of the open cache (see `withCache`). */
export interface OpenCacheView {
  db: Database.Database;
  outbox: Outbox;
  agentId: string;
}

/** Customers and institutions listed beside the tickets a search found: a few, the field is not a directory. */
const peopleInSearch = 5;

const pageOrder = 'ORDER BY "updated_at" DESC, "id" DESC LIMIT ?';

type QueuePage = z.input<typeof queuePageSchema>;

/** Live directory look-up under the agent's own rights (SessionService.searchCustomers). */
export type LiveCustomerSearch = (query: string) => Promise<Result<CustomerSearchResult>>;

/** An attachment whose content is in the attachment cache. */
export interface CachedAttachment {
  meta: AttachmentMeta;
  /** The cached file (named by its sha256): read or copied, never handed to the renderer. */
  file: string;
  size: number;
  /** True when it was cached already (no download). */
  cached: boolean;
}

export interface CacheServiceOptions {
  dir: string;
  server: ServerClient;
  bus: EventBus;
  nativeBinding?: string | undefined;
  pollMs?: number;
  /** Back-off while the server cannot be reached (SyncEngineOptions.retry). */
  retry?: { minMs: number; maxMs: number };
  retentionMonths?: number;
  attachmentCacheBytes?: number;
  /**
   * The open cache was found damaged and made afresh (`damaged`): `{rebuilt}` for the session to
   * tell the agent, or `{failed}` with why it could not be made afresh, for the session to end.
   */
  onRebuilt?: (outcome: { rebuilt: CacheRebuilt } | { failed: string }) => void;
}

function pendingView(entry: OutboxEntry) {
  return { mutationId: entry.mutationId, name: entry.name, status: entry.status, createdAt: entry.createdAt };
}

/** A refused edit as the screens show it (with the server's answer), or none for an edit that is not refused. */
function failedViews(entry: OutboxEntry): z.input<typeof failedEditSchema>[] {
  return entry.result && (entry.status === 'rejected' || entry.status === 'conflict') ? [{ ...pendingView(entry), args: entry.args, result: entry.result }] : [];
}

/** A folder name for the agent's own files beside the cache: a hash, so that it names no one. */
function agentFolder(agentId: string): string {
  return createHash('sha256').update(`kontor-agent:${agentId}`).digest('hex').slice(0, 32);
}

/**
 * The signed-in agent's cache and its sync engine, opened at sign-in and closed at sign-out;
 * what the renderer reads of it. Views read the cache only, never the network; the one
 * exception is a closed ticket past the retention window, fetched for its view when online.
 */
export class CacheService {
  private open: OpenCache | null = null;
  /** The damaged cache being made afresh (`damaged`): further reports of the damage wait for it. */
  private rebuilding: Promise<void> | null = null;

  constructor(private readonly options: CacheServiceOptions) {}

  /**
   * Opens the agent's cache (closing another agent's first) and starts syncing it; `token` null
   * after an offline unlock. A damaged file is made afresh with the agent's own data read over
   * (cache-recovery.ts, told in `rebuilt`); a file of another Kontor Desk version, or one that
   * cannot be opened now, is a failure the sign-in reports.
   */
  async start(agentId: string, token: string | null): Promise<Result<{ rebuilt: CacheRebuilt | null }, CacheOpenFailure>> {
    if (this.rebuilding) await this.rebuilding;
    if (this.open?.agentId === agentId) {
      this.open.token = token;
      if (token !== null) this.open.engine.resume(token);
      return ok({ rebuilt: this.open.rebuilt });
    }
    await this.stop();
    // Opened (and migrated) here first: the worker then opens a file that is current.
    let opened: ReturnType<typeof openAgentCache>;
    try {
      opened = openAgentCache(this.cacheDir, agentId, { nativeBinding: this.options.nativeBinding });
    } catch (error) {
      if (!(error instanceof CacheUnusableError)) throw error;
      return fail(error.kind === 'other-version' ? 'cache-other-version' : 'cache-unavailable', error.message);
    }
    this.begin(agentId, token, opened.db, opened.rebuilt);
    return ok({ rebuilt: opened.rebuilt });
  }

  /**
   * SQLite found the open cache damaged where it was read or written (the sync thread, or a
   * screen's read through the dispatcher), past what opening it checks: the sync stops, every
   * connection closes, the file is made afresh with the agent's own data read over
   * (cache-recovery.ts), and the sync starts again from a bootstrap; `onRebuilt` tells the
   * session. Reports of the same damage while that runs wait for it.
   */
  async damaged(message: string): Promise<void> {
    const open = this.open;
    if (this.rebuilding) return this.rebuilding;
    if (!open) return;
    this.rebuilding = (async () => {
      this.open = null;
      await open.engine.stop();
      open.db.close();
      let rebuilt: CacheRebuilt;
      try {
        const fresh = rebuildAgentCache(this.cacheDir, open.agentId, message, { nativeBinding: this.options.nativeBinding });
        rebuilt = fresh.rebuilt;
        this.begin(open.agentId, open.token, fresh.db, rebuilt);
      } catch (error) {
        this.options.bus.emit('sync.changed', { state: 'closed' });
        this.options.onRebuilt?.({ failed: error instanceof Error ? error.message : String(error) });
        return;
      }
      this.options.onRebuilt?.({ rebuilt });
    })().finally(() => {
      this.rebuilding = null;
    });
    return this.rebuilding;
  }

  private get cacheDir(): string {
    return path.join(this.options.dir, 'caches');
  }

  /** Starts the sync of an opened cache and the readers the channels use. */
  private begin(agentId: string, token: string | null, db: Database.Database, rebuilt: CacheRebuilt | null): void {
    const callers = new CallerIndex(db);
    const index = new SearchIndex(db);
    const { endpoint, timeoutMs } = this.options.server.settings;
    const engine = new SyncWorkerHandle(
      {
        cacheDir: this.cacheDir,
        agentId,
        ...(this.options.nativeBinding === undefined ? {} : { nativeBinding: this.options.nativeBinding }),
        endpoint: { url: endpoint.url, ...(endpoint.ca === undefined ? {} : { ca: endpoint.ca }) },
        timeoutMs,
        token,
        ...(this.options.pollMs === undefined ? {} : { pollMs: this.options.pollMs }),
        ...(this.options.retry === undefined ? {} : { retry: this.options.retry }),
        ...(this.options.retentionMonths === undefined ? {} : { retentionMonths: this.options.retentionMonths }),
      },
      initialStatus(new PageWriter(db), index, token, new Date()),
      {
        onStatus: (status) => this.options.bus.emit('sync.changed', status),
        onChanged: (entities) => {
          if (entities.has('customer-user') || entities.has('institution')) callers.invalidate();
          // A ticket may have left: downloads no ticket claims go too.
          if (entities.has('ticket') && this.open) this.open.attachments.sweep(new Set(this.open.claimedAttachments.all() as string[]));
          this.options.bus.emit('cache.changed', { entities: [...entities] });
        },
        onDamaged: (message) => void this.damaged(message),
      },
    );
    this.open = {
      agentId,
      db,
      engine,
      outbox: new Outbox(db),
      index,
      callers,
      reader: new TicketReader(db),
      context: new TicketContextReader(db),
      attachments: new AttachmentStore(path.join(this.options.dir, 'attachments', agentFolder(agentId)), this.options.attachmentCacheBytes ?? defaultAttachmentCacheBytes),
      token,
      rebuilt,
      claimAttachment: db.prepare('INSERT OR IGNORE INTO attachment_files ("sha256", "ticket_id") VALUES (?, ?)'),
      claimedAttachments: db.prepare('SELECT DISTINCT "sha256" FROM attachment_files').pluck(),
      firstPage: db.prepare(`SELECT * FROM tickets WHERE "queue_id" = ? ${pageOrder}`),
      // A row value, so that the keyset condition is one range of the (queue, updated_at, id) index.
      nextPage: db.prepare(`SELECT * FROM tickets WHERE "queue_id" = ? AND ("updated_at", "id") < (?, ?) ${pageOrder}`),
    };
    engine.start();
    this.options.bus.emit('sync.changed', engine.status);
  }

  /** Stops syncing and closes the file; the outbox stays in it for the agent's next sign-in. */
  async stop(): Promise<void> {
    // A cache being made afresh is closed once it is open again.
    if (this.rebuilding) await this.rebuilding;
    const open = this.open;
    this.open = null;
    if (!open) return;
    await open.engine.stop();
    open.db.close();
    this.options.bus.emit('sync.changed', { state: 'closed' });
  }

  /** The agent lost every right: their cache, staged edits and downloads leave this workstation. */
  async discard(agentId: string): Promise<void> {
    // Not beside a cache being made afresh: its files are being renamed and written.
    if (this.rebuilding) await this.rebuilding;
    if (this.open?.agentId === agentId) await this.stop();
    removeCacheFiles(this.cacheDir, agentId);
    rmSync(path.join(this.options.dir, 'attachments', agentFolder(agentId)), { recursive: true, force: true });
  }

  /** Runs `read` on the open cache (its connection, outbox and agent), or says that no one is signed in. */
  withCache<T>(read: (cache: OpenCacheView) => T): T | 'not-signed-in' {
    const open = this.open;
    return open ? read({ db: open.db, outbox: open.outbox, agentId: open.agentId }) : 'not-signed-in';
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
      after ? open.nextPage.all(input.queueId, after.updatedAt, after.id, input.limit) : open.firstPage.all(input.queueId, input.limit)
    ) as Record<string, unknown>[];
    // Only the edits of the tickets on this screen: the outbox may be long after a day offline.
    const entries = open.outbox.entriesOf(rows.map((row) => String(row['id'])));
    const tickets = rows.map((row) => {
      const shown = overlayTicket(entityFromCacheRow('ticket', row), entries, open.agentId);
      return { ticket: shown.ticket, pending: shown.pending.map(pendingView) };
    });
    const last = rows.length === input.limit ? tickets.at(-1)?.ticket : undefined;
    return ok({ tickets, next: last ? { updatedAt: last.updatedAt, id: last.id } : null });
  }

  search(query: string, limit: number, scope: SearchScope = 'typing'): Result<z.input<typeof ticketSearchResultSchema>, 'not-signed-in'> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to search.');
    // People and institutions as well, so that a caller's name leads to their institution's tickets.
    const people = Math.min(limit, peopleInSearch);
    return ok({
      ...open.index.search(query, limit, scope),
      customers: open.callers.search(query, people).callers,
      institutions: open.callers.institutions(query, people),
      index: open.index.progress(),
    });
  }

  /**
   * One whole ticket with the agent's edits laid over it, and the refused ones with the server's
   * answer. A ticket the cache does not hold (closed, past the retention window) is fetched from
   * the server when online, shown as such and not kept.
   */
  async ticket(ticketId: string): Promise<Result<z.input<typeof ticketViewSchema>, 'not-signed-in' | 'not-found' | 'server-unreachable'>> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to open tickets.');
    const entries = open.outbox.entriesOf([ticketId]);
    const staged = (attachmentId: string) => open.outbox.stagedAttachment(attachmentId);
    const canonical = open.reader.read(ticketId);
    // A ticket the agent created is shown from its create in the outbox until the feed brings it numbered.
    const cached = canonical ?? provisionalTicket(ticketId, entries, open.agentId, { institutionOf: (customerUserId) => open.reader.institutionOf(customerUserId), staged });
    const bundle = cached ?? (await this.fetchTicket(open, ticketId));
    if (!('ticket' in bundle)) return bundle;
    const shown = overlayTicket(bundle.ticket, entries, open.agentId);
    const failed = shown.pending.flatMap(failedViews);
    // Notes the agent wrote show at once, marked as waiting, until the feed brings them.
    const known = new Set(bundle.articles.map((article) => article.id));
    const waiting = outboxArticles(ticketId, entries, open.agentId, staged).filter((article) => !known.has(article.id));
    const fromOutbox = canonical === null && cached !== null ? bundle.articles : [];
    return ok({
      source: cached ? 'cache' : 'server',
      ...bundle,
      articles: [...bundle.articles, ...waiting],
      pendingArticleIds: [...fromOutbox, ...waiting].map((article) => article.id),
      ticket: shown.ticket,
      pending: shown.pending.filter((entry) => entry.status === 'pending' || entry.status === 'applied').map(pendingView),
      failed,
      context: open.context.read(bundle),
    });
  }

  private async fetchTicket(open: OpenCache, ticketId: string) {
    if (open.token === null) return fail('server-unreachable', 'This ticket is not in the offline cache (closed long ago); sign in online to open it.');
    const response = await this.options.server.call('GET', `/api/v1/tickets/${encodeURIComponent(ticketId)}`, ticketBundleResponseSchema, { token: open.token });
    if (response.kind === 'unreachable') return fail('server-unreachable', `This ticket is not in the offline cache and Kontor Server cannot be reached: ${response.message}`);
    if (response.kind === 'error' || response.value === null) return fail('not-found', 'There is no such ticket, or you may not read it.');
    return response.value;
  }

  /** Every refused edit (rejected or in conflict), oldest first, and whether its ticket is still in the cache. */
  failedEdits(): Result<{ edits: (z.input<typeof failedEditSchema> & { subjectId: string | null; inCache: boolean })[] }, 'not-signed-in'> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to see your edits.');
    const edits = open.outbox
      .entries()
      .flatMap((entry) => failedViews(entry).map((view) => ({ ...view, subjectId: entry.subjectId, inCache: entry.subjectId !== null && open.reader.has(entry.subjectId) })));
    return ok({ edits });
  }

  /** An edit into the outbox (checked now, size limits included); the engine sends it at once. */
  async mutate(name: string, args: unknown, baseVersion: number | null): Promise<Result<{ mutationId: string }, 'not-signed-in' | 'invalid-args'>> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to make changes.');
    // Written as soon as the sync thread's transaction lets it, the main thread serving other calls meanwhile (write-when-free.ts).
    const enqueued = await writeWhenFree(open.db, () => open.outbox.enqueue(name, args, baseVersion));
    if (enqueued === 'closed') return fail('not-signed-in', 'You signed out before the edit was written; nothing was written.');
    if (!enqueued.ok) return fail('invalid-args', enqueued.message);
    this.outboxChanged(open);
    return ok({ mutationId: enqueued.mutationId });
  }

  /** "Keep theirs" drops a refused edit; "apply mine again" sends it once more on the server's version. */
  async resolveEdit(mutationId: string, decision: 'keep-theirs' | 'apply-mine'): Promise<Result<{ mutationId: string | null }, 'not-signed-in' | 'not-found'>> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to make changes.');
    const resolved = await writeWhenFree(open.db, (): { mutationId: string | null } | null => {
      if (decision === 'keep-theirs') return open.outbox.discard(mutationId) ? { mutationId: null } : null;
      const renewed = open.outbox.retry(mutationId);
      return renewed === null ? null : { mutationId: renewed };
    });
    if (resolved === 'closed') return fail('not-signed-in', 'You signed out before the edit was resolved; nothing was changed.');
    if (resolved === null) return fail('not-found', 'There is no refused edit with this id (it may have been resolved already).');
    this.outboxChanged(open);
    return ok(resolved);
  }

  /** The screens show the agent's edit at once and the engine sends it, unless the agent signed out meanwhile (it waits in the file then). */
  private outboxChanged(open: OpenCache): void {
    if (this.open !== open) return;
    this.options.bus.emit('cache.changed', everything);
    open.engine.runNow();
  }

  /**
   * Callers from the cached customer users and institutions (offline too); the live directory
   * only adds people the cache lacks, and each answer says where it came from.
   */
  async searchCallers(query: string, live: LiveCustomerSearch): Promise<Result<CallerSearchResult, 'not-signed-in' | 'invalid-input'>> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to search callers.');
    const max = limits.customerSearchMaxResults;
    const cached = open.callers.search(query, max);
    const callers: CallerSearchResult['callers'] = cached.callers.map((caller) => ({ ...caller, source: 'cache' }));
    if (cached.truncated || query.trim().length < 2) return ok({ callers, directory: 'not-asked', truncated: cached.truncated });
    const found = await live(query);
    if (!found.ok) {
      if (found.error.reason === 'invalid-input') return fail('invalid-input', found.error.message);
      return ok({ callers, directory: 'unavailable', truncated: false });
    }
    const known = new Set(callers.map((caller) => caller.id));
    for (const customer of found.value.customers) {
      if (callers.length >= max) break;
      if (!known.has(customer.id)) callers.push({ ...customer, source: 'directory' });
    }
    return ok({ callers, directory: 'asked', truncated: found.value.truncated });
  }

  /**
   * An attachment's content in the size-capped attachment cache, downloaded once (checked against
   * its sha256): its metadata, the cached file and whether it was there already.
   */
  async attachmentFile(articleId: string, attachmentId: string): Promise<Result<CachedAttachment, 'not-signed-in' | 'not-found' | 'server-unreachable'>> {
    const open = this.open;
    if (!open) return fail('not-signed-in', 'Sign in to open attachments.');
    const known = open.reader.attachmentMeta(articleId, attachmentId);
    if (!known) return fail('not-found', 'There is no such attachment in your tickets.');
    const { meta, ticketId } = known;
    // The ticket claims the download: it leaves the attachment cache when the ticket leaves the cache.
    if ((await writeWhenFree(open.db, () => open.claimAttachment.run(meta.sha256, ticketId))) === 'closed') return fail('not-signed-in', 'You signed out before the attachment was opened.');
    const found = open.attachments.find(meta.sha256);
    if (found) return ok({ meta, file: found.file, size: found.size, cached: true });
    if (open.token === null) return fail('server-unreachable', 'This attachment has not been downloaded yet; it can be opened once Kontor Server is reachable.');
    const download = await this.options.server.download(`/api/v1/attachments/${encodeURIComponent(meta.id)}`, open.token, limits.attachmentMaxBytes);
    if (download.kind === 'unreachable') return fail('server-unreachable', `Kontor Server cannot be reached: ${download.message}`);
    if (download.kind === 'error') return fail('not-found', download.error.message);
    if (!open.attachments.put(meta.sha256, download.content)) return fail('not-found', 'The downloaded content does not match the attachment (sha256); it was not kept.');
    const stored = open.attachments.find(meta.sha256);
    if (!stored) return fail('not-found', 'The attachment cache could not keep the file.');
    return ok({ meta, file: stored.file, size: stored.size, cached: false });
  }
}
