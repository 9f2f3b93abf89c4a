/**
 * Kontor Desk as the browser host runs it (src-main/hosts/browser/cli.ts), in a process of its
 * own for benchmark (u): `startDesk` on a fresh user-data folder, pointed at the benchmark's
 * server and the demo LDIF directory, and the browser host serving the built renderer
 * (`out/renderer`). It writes JSON lines to stdout: `listening` (the host's address, token
 * included), each change of the sync state, and `indexed` once the agent's cache is synchronised
 * and its search index complete. SIGTERM or SIGINT closes host and Desk and ends the process.
 * Arguments: serverUrl userDataDir.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startDesk } from '../../src-main/desk.js';
import { startBrowserHost } from '../../src-main/hosts/browser/browser-host.js';
import { DownloadOffers } from '../../src-main/hosts/browser/downloads.js';
import { HeadlessPdfPrinter } from '../../src-main/hosts/browser/pdf.js';
import { ldifDirectoryConfigSchema } from '../../src-shared/node/directory/config.js';
import type { Logger } from '../../src-shared/node/log.js';
import { createLogger } from '../../src-shared/node/log.js';
import { root } from '../support/server-process.js';

const [serverUrl, userDataDir] = process.argv.slice(2);
if (!serverUrl || !userDataDir) throw new Error('usage: desk-host-process serverUrl userDataDir');

const started = performance.now();
const emit = (event: string, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ event, atMs: Math.round(performance.now() - started), ...fields })}\n`);
};
// Warnings and errors only, on stderr: the benchmark's figures stay readable.
const errors = createLogger('desk');
const log: Logger = { info: () => undefined, warn: (event, fields) => errors.warn(event, fields), error: (event, fields) => errors.error(event, fields) };

// The embedded default's directory (the demo LDIF file), as the bench server uses it too.
const embeddedConfig = path.join(root, 'resources', 'config', 'desk.embedded.json');
const directory = ldifDirectoryConfigSchema.parse((JSON.parse(readFileSync(embeddedConfig, 'utf8')) as { directory: unknown }).directory);
// Reports print through a headless Chromium of their own and are saved as one-time downloads, as in the browser host.
const pdf = new HeadlessPdfPrinter({ log });
const downloads = new DownloadOffers();
const desk = await startDesk(
  {
    kind: 'browser',
    userDataDir,
    resourcesDir: path.join(root, 'resources'),
    openExternal: () => Promise.reject(new Error('the benchmark opens nothing outside')),
    saveFile: (request) => Promise.resolve(downloads.offer(request)),
    printToPdf: (request) => pdf.printToPdf(request),
    preparePrint: () => pdf.warm(),
  },
  log,
  { config: { server: { url: serverUrl }, directory: { ...directory, file: path.resolve(path.dirname(embeddedConfig), directory.file) } }, serverEntry: '', version: 'bench' },
);
// Where the main thread's time goes: each channel's calls, timed until the handler returns (the
// cache's reads are synchronous), and each event's listeners (the notification watcher runs on
// cache.changed); the slowest of each, reported with the loop delay of each phase.
const mainThread = new Map<string, { calls: number; totalMs: number; maxMs: number }>();
const timedOnMain = (name: string, ms: number): void => {
  if (ms > 20) noteOnMain(`${name} ${ms.toFixed(0)} ms`);
  const entry = mainThread.get(name) ?? { calls: 0, totalMs: 0, maxMs: 0 };
  mainThread.set(name, { calls: entry.calls + 1, totalMs: entry.totalMs + ms, maxMs: Math.max(entry.maxMs, ms) });
};
const handlers = Object.fromEntries(
  Object.entries(desk.handlers).map(([channel, handler]) => [
    channel,
    (input: unknown) => {
      const t = performance.now();
      try {
        return (handler as (input: unknown) => unknown)(input);
      } finally {
        timedOnMain(channel, performance.now() - t);
      }
    },
  ]),
) as unknown as typeof desk.handlers;
const emitEvent = desk.bus.emit.bind(desk.bus);
desk.bus.emit = (event, payload) => {
  noteOnMain(`${event}${event === 'sync.changed' ? ` ${(payload as { state: string }).state}` : ''}`);
  const t = performance.now();
  emitEvent(event, payload);
  timedOnMain(`event ${event}`, performance.now() - t);
};
// Stalls of more than a quarter second, with what ran on the main thread just before (the timed
// calls and events above, and garbage collections): what the loop-delay figures cannot name.
const recent: string[] = [];
const noteOnMain = (what: string): void => {
  recent.push(`${(performance.now() - started).toFixed(0)} ${what}`);
  if (recent.length > 8) recent.shift();
};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.duration > 20) noteOnMain(`gc ${entry.duration.toFixed(0)} ms`);
}).observe({ entryTypes: ['gc'] });
let tickAt = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - tickAt > 250) process.stderr.write(`desk-host: main thread stalled ${(now - tickAt - 20).toFixed(0)} ms at ${(now - started).toFixed(0)} ms; before: ${recent.join(' | ')}\n`);
  tickAt = now;
}, 20).unref();
const slowestOnMain = (): string =>
  [...mainThread.entries()]
    .sort((a, b) => b[1].totalMs - a[1].totalMs)
    .slice(0, 5)
    .map(([name, { calls, totalMs, maxMs }]) => `${name} ${String(calls)}× ${totalMs.toFixed(0)} ms (max ${maxMs.toFixed(0)})`)
    .join(', ');
const host = await startBrowserHost({ handlers, bus: desk.bus }, { rendererDir: path.join(root, 'out', 'renderer'), log, downloads });
pdf.useHost(host.url);
emit('listening', { url: host.url, origin: host.origin });

// The main process's event-loop delay with the agent's workspace open in the page (which reads
// the queue tree and the list again on every cache.changed): during the initial sync (until the
// state is first online after syncing) and while the search index is built after it.
const loopMs = (histogram: ReturnType<typeof monitorEventLoopDelay>) => {
  const figures = { p50: histogram.percentile(50) / 1e6, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, cacheChanges, slowest: slowestOnMain() };
  mainThread.clear();
  return figures;
};
let cacheChanges = 0;
desk.bus.subscribe((event) => {
  if (event === 'cache.changed') cacheChanges += 1;
});
let loop = monitorEventLoopDelay({ resolution: 10 });
let lastState = '';
let synced = false;
let indexed = false;
const watch = setInterval(() => {
  void desk.handlers['sync.status'](undefined).then((result) => {
    if (!result.ok) return;
    const status = result.value;
    if (status.state !== lastState) {
      lastState = status.state;
      emit('sync', { state: status.state });
      if (status.state === 'syncing' && !synced) {
        loop.reset();
        loop.enable();
        cacheChanges = 0;
        mainThread.clear();
      }
    }
    if (!synced && status.state === 'online' && loop.count > 0) {
      synced = true;
      loop.disable();
      emit('synced', loopMs(loop));
      loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      cacheChanges = 0;
    }
    if (!indexed && status.state === 'online' && status.index.total > 0 && status.index.indexed === status.index.total) {
      indexed = true;
      loop.disable();
      emit('indexed', { tickets: status.index.total, ...(synced ? { loop: loopMs(loop) } : {}) });
    }
  });
}, 100);

let closing = false;
const shutdown = async (): Promise<void> => {
  if (closing) return;
  closing = true;
  clearInterval(watch);
  await pdf.close();
  await host.close();
  await desk.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
