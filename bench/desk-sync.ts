import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { cacheFileName } from '../src-main/cache/cache-file.js';
import { cacheTable } from '../src-main/cache/entity-columns.js';
import { entityNames } from '../src-shared/sync/entities.js';
import { EventBus } from '../src-main/events.js';
import { migrateCache } from '../src-main/cache/migrate.js';
import { ServerClient } from '../src-main/net/server-client.js';
import { CacheService } from '../src-main/sync/cache-service.js';
import { api, type SignedIn } from './support/api.js';
import { formatMs, latencySummary, percentile } from './support/stats.js';
import { startCpuMeter } from './support/cpu-usage.js';
import { root } from './support/server-process.js';

export interface DeskSyncRun {
  firstQueueScreenMs: number | null;
  storedMs: number | null;
  titlesSearchableMs: number | null;
  indexedMs: number | null;
  syncDelay: { p50: number; p99: number; max: number } | null;
  indexDelay: { p50: number; p99: number; max: number } | null;
  /** KONTOR_BENCH_DRAFTS=1: drafts saved during the sync, answer times on the event loop and main-thread blocks the old way (desk-process.ts). */
  draftSamples: { waited: number[]; blocked: number[] };
  peakRssBytes: number;
  serverPeakRssBytes: number;
  queueMs: number[];
  /** tickets.list windows and queues.overview (WorkspaceService), by what the agent did. */
  workspaceMs: { overview: number[]; first: number[]; scroll: number[]; sort: number[]; filter: number[] };
  /** The sorted first windows by column. */
  sortByKey: Record<string, number[]>;
  searchMs: number[];
  /** The whole query over all article text (Enter), not a budget. */
  everythingMs: number[];
  tickets: number;
  articles: number;
  /** Rows of every table the feed fills, the raw inserts' count. */
  rows: number;
  rawInsertMs: number;
  /** Where the CPU went until everything was stored (cpu-usage.ts), null when not measured. */
  cpuDuringSync: string | null;
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * (e) A Desk's initial sync into an empty cache, in a process of its own (bench/desk/desk-process.ts),
 * while the server's RSS is sampled; then the raw limit beside it: the same rows inserted with
 * plain prepared better-sqlite3 statements into an empty file of the same schema.
 */
export async function runDeskSync(url: string, pids: { server: number; postmaster: number }, agent: SignedIn, queueIds: readonly string[], options: { syncOnly?: boolean } = {}): Promise<DeskSyncRun> {
  const serverPid = pids.server;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kontor-bench-desk-'));
  try {
    let serverPeak = 0;
    let cpuDuringSync: string | null = null;
    const sampler = setInterval(() => {
      serverPeak = Math.max(serverPeak, rssOf(serverPid));
    }, 100);
    const output = await new Promise<string>((resolve, reject) => {
      // KONTOR_BENCH_PROFILE=1 also profiles the Desk process and its sync worker (into KONTOR_BENCH_PROFILE_DIR, default the OS temp folder).
      const profile = process.env['KONTOR_BENCH_PROFILE'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['KONTOR_BENCH_PROFILE_DIR'] ?? os.tmpdir()] : [];
      const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'bench/desk/desk-process.ts'), url, agent.token, agent.agentId, dir, ...queueIds], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: options.syncOnly ? { ...process.env, KONTOR_BENCH_SYNC_ONLY: '1' } : process.env,
      });
      // Where the CPU went from the Desk's start until everything is stored (its `stored` line).
      const cpu = child.pid === undefined ? null : startCpuMeter({ ...pids, desk: child.pid });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (cpuDuringSync === null && cpu !== null && text.includes('stored\n')) cpuDuringSync = cpu.stop();
      });
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`the Desk process ended with ${String(code)}`))));
    });
    clearInterval(sampler);
    const measured = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Omit<DeskSyncRun, 'serverPeakRssBytes' | 'tickets' | 'articles' | 'rows' | 'rawInsertMs' | 'cpuDuringSync'>;
    const raw = rawInsert(path.join(dir, 'caches', cacheFileName(agent.agentId)), dir);
    return { ...measured, serverPeakRssBytes: serverPeak, ...raw, cpuDuringSync };
  } finally {
    // KONTOR_BENCH_KEEP_CACHE=FILE keeps the synced cache there, for looking at its statements afterwards.
    const keep = process.env['KONTOR_BENCH_KEEP_CACHE'];
    if (keep) keepCache(path.join(dir, 'caches', cacheFileName(agent.agentId)), keep);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies a closed cache (with its WAL folded in) to `target`. */
function keepCache(cacheFile: string, target: string): void {
  const db = new Database(cacheFile);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  copyFileSync(cacheFile, target);
}

/**
 * The same rows, inserted as fast as better-sqlite3 can: one prepared INSERT per table, 10,000
 * rows per transaction, every table the feed fills (tickets and articles, and the history,
 * links, time entries, queues and people the sync stored beside them), in the feed's order.
 */
function rawInsert(cacheFile: string, dir: string): { tickets: number; articles: number; rows: number; rawInsertMs: number } {
  const source = new Database(cacheFile, { readonly: true });
  const target = new Database(path.join(dir, 'raw.sqlite'));
  try {
    target.pragma('journal_mode = WAL');
    target.pragma('synchronous = NORMAL');
    migrateCache(target);
    const counts = new Map<string, number>();
    let elapsed = 0;
    for (const table of entityNames.map(cacheTable)) {
      const rows = source.prepare(`SELECT * FROM ${table}`).raw(true).all() as unknown[][];
      counts.set(table, rows.length);
      if (rows.length === 0) continue;
      const columns = source.prepare(`SELECT * FROM ${table} LIMIT 1`).columns().map((column) => `"${column.name}"`);
      const insert = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const batch = target.transaction((chunk: unknown[][]) => {
        for (const row of chunk) insert.run(...row);
      });
      // Only the inserts are timed: the rows are read into memory first.
      const started = performance.now();
      for (let i = 0; i < rows.length; i += 10_000) batch(rows.slice(i, i + 10_000));
      elapsed += performance.now() - started;
    }
    const rows = [...counts.values()].reduce((sum, count) => sum + count, 0);
    return { tickets: counts.get(cacheTable('ticket')) ?? 0, articles: counts.get(cacheTable('article')) ?? 0, rows, rawInsertMs: elapsed };
  } finally {
    source.close();
    target.close();
  }
}

export function describeDeskSync(run: DeskSyncRun): string {
  const s = (ms: number | null): string => (ms === null ? '–' : `${(ms / 1000).toFixed(2)} s`);
  const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;
  const ws = run.workspaceMs;
  const windows = [...ws.first, ...ws.scroll, ...ws.sort, ...ws.filter];
  const delay = (d: DeskSyncRun['syncDelay']): string => (d ? `p50 ${formatMs(d.p50)}  p99 ${formatMs(d.p99)}  max ${formatMs(d.max)}` : '–');
  return [
    `  ${run.tickets.toLocaleString('en-US')} tickets and ${run.articles.toLocaleString('en-US')} articles into an empty cache`,
    `    first queue screen usable (100 rows):   ${s(run.firstQueueScreenMs)}   (budget ≤ 2 s)`,
    `    everything stored:                      ${s(run.storedMs)}   raw better-sqlite3 inserts of the same ${run.rows.toLocaleString('en-US')} rows ${s(run.rawInsertMs)}: ${run.storedMs === null ? '–' : (run.storedMs / run.rawInsertMs).toFixed(2)} × raw (budget ≤ 1.5 ×)`,
    ...(run.cpuDuringSync === null ? [] : [`  ${run.cpuDuringSync.replace('CPU in cores', 'CPU until stored, in cores')}`]),
    `    titles searchable after:                ${s(run.titlesSearchableMs)}`,
    `    search index complete:                  ${s(run.indexedMs)}`,
    `    event-loop delay during the sync:       ${delay(run.syncDelay)}   (budget p99 ≤ 50 ms)`,
    `    event-loop delay while indexing:        ${delay(run.indexDelay)}`,
    ...(run.draftSamples.waited.length + run.draftSamples.blocked.length === 0
      ? []
      : [
          `    a draft saved during the sync, answered (waiting on the event loop):   ${latencySummary(run.draftSamples.waited, [50, 99])}  max ${formatMs(Math.max(...run.draftSamples.waited))}   (${String(run.draftSamples.waited.length)})`,
          `    the same the old way, main thread blocked (asleep in SQLite):          ${latencySummary(run.draftSamples.blocked, [50, 99])}  max ${formatMs(Math.max(...run.draftSamples.blocked))}   (${String(run.draftSamples.blocked.length)})`,
        ]),
    `    peak RSS: Desk main process ${mb(run.peakRssBytes)} (budget ≤ 400 MB), Kontor Server ${mb(run.serverPeakRssBytes)} (budget ≤ 300 MB)`,
    `    queue view query over the full cache:   ${latencySummary(run.queueMs)}   (${run.queueMs.length} queries; budget p99 ≤ 10 ms)`,
    `    ticket list windows (tickets.list, 200 rows) over the full cache, each round after a cache change:`,
    `      all windows:                          ${latencySummary(windows)}   (${windows.length} windows; budget p99 ≤ 10 ms)`,
    `      first window (default order):         ${latencySummary(ws.first)}   (${ws.first.length}: every queue, mine, escalated)`,
    `      scrolling (next windows, jumps):      ${latencySummary(ws.scroll)}   (${ws.scroll.length})`,
    `      another column to sort by:            ${latencySummary(ws.sort)}   (${ws.sort.length}; sorted once, then kept)`,
    `        slowest columns (first window, max): ${Object.entries(run.sortByKey).map(([key, ms]) => [key, Math.max(...ms)] as const).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([key, ms]) => `${key} ${formatMs(ms)}`).join(', ')}`,
    `      a filter:                             ${latencySummary(ws.filter)}   (${ws.filter.length})`,
    `    queue tree counts (queues.overview):    ${latencySummary(ws.overview)}   (${ws.overview.length}, each after a cache change)`,
    `    as-you-type search:                     ${latencySummary(run.searchMs, [50, 95, 99])}   (${run.searchMs.length} keystrokes; budget p95 ≤ 50 ms)`,
    `    search in all article text (Enter):     ${latencySummary(run.everythingMs, [50, 95])}   (${run.everythingMs.length} queries)`,
  ].join('\n');
}

export interface VisibleRun {
  samplesMs: number[];
}

/**
 * Commit → visible in another agent's cache: `writer` creates tickets one at a time in
 * `queueId`; a second Desk's services (in this process, signed in as `reader`, already synced)
 * must hold each in its cache. Measured from sending the mutation (so the commit is inside)
 * to the moment the cache answers for the ticket.
 */
export async function runCommitToVisible(url: string, writer: SignedIn, reader: SignedIn, queueId: string, samples: number, dir: string): Promise<VisibleRun> {
  const bus = new EventBus();
  const cache = new CacheService({ dir, server: new ServerClient({ url }), bus, pollMs: 3_600_000 });
  await cache.start(reader.agentId, reader.token);
  // The reader's own file, read-only beside the Desk: is the ticket stored? (Under load other tickets head the queue.)
  const file = new Database(path.join(dir, 'caches', cacheFileName(reader.agentId)), { readonly: true });
  const stored = file.prepare('SELECT 1 FROM tickets WHERE "id" = ?').pluck();
  const waiters = new Set<() => void>();
  bus.subscribe((event) => {
    if (event === 'cache.changed') for (const wake of waiters) wake();
  });
  try {
    await until(() => cache.status().state === 'online');
    const samplesMs: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const ticketId = randomUUID();
      const started = performance.now();
      const visible = new Promise<void>((resolve) => {
        const check = (): void => {
          if (stored.get(ticketId) !== undefined) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
      });
      const response = await api(`${url}/api/v1/sync/mutations`, {
        method: 'POST',
        token: writer.token,
        body: {
          clientId: randomUUID(),
          mutations: [
            {
              id: randomUUID(),
              name: 'ticket.create',
              args: { ticketId, queueId, title: `Sichtbar ${String(i)}`, type: 'incident', customerUserId: null, article: { articleId: randomUUID(), channel: 'phone', visibility: 'internal', subject: 'Anruf', body: 'Kurz.' } },
              baseVersion: null,
            },
          ],
        },
      });
      if (response.status !== 200) throw new Error(`mutation answered ${String(response.status)}`);
      await visible;
      samplesMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { samplesMs };
  } finally {
    file.close();
    await cache.stop();
  }
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

export function describeVisible(run: VisibleRun): string {
  return `${latencySummary(run.samplesMs, [50, 99])}  max ${formatMs(Math.max(...run.samplesMs))}  (${run.samplesMs.length} tickets; budget p50 ≤ 150 ms, p99 ≤ 500 ms; p99 ${formatMs(percentile(run.samplesMs, 99))})`;
}
