import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { changesResponseSchema } from '../src-shared/sync/protocol.js';
import type { SignedIn } from './support/api.js';
import { formatMs, formatRate, latencySummary } from './support/stats.js';

export interface PullRun {
  changes: number;
  pages: number;
  bytes: number;
  seconds: number;
  pageMs: number[];
  cursor: string;
  /** The server's largest resident set seen while pulling, in bytes (null when not watched). */
  serverPeakRss: number | null;
}

interface PageShape {
  changes: unknown[];
  cursor: string;
  hasMore: boolean;
}

/** One keep-alive connection, as the Desk's ServerClient (node:http) keeps one. */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: keepAlive, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.once('error', reject);
  });
}

/** Samples a process's resident set from /proc every 50 ms; `stop` gives the largest seen (null off Linux). */
function watchRss(pid: number): { stop(): number | null } {
  let peak: number | null = null;
  const sample = (): void => {
    try {
      const kilobytes = /VmRSS:\s+(\d+)/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kilobytes !== undefined) peak = Math.max(peak ?? 0, Number(kilobytes) * 1024);
    } catch {
      // No /proc, or the process is gone: nothing to say.
    }
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/**
 * Pulls `GET /api/v1/sync/changes` page after page from `after` until `hasMore` is false, as
 * the Desk's sync engine does (over node:http, without storing anything). The first page is
 * checked against the protocol schema; the rest are only parsed, so that the client's
 * validation does not count as the server's time. With `serverPid`, the server's resident set
 * is watched meanwhile.
 */
export async function pullAll(baseUrl: string, agent: SignedIn, after: string, options: { serverPid?: number } = {}): Promise<PullRun> {
  const run: PullRun = { changes: 0, pages: 0, bytes: 0, seconds: 0, pageMs: [], cursor: after, serverPeakRss: null };
  const rss = options.serverPid === undefined ? null : watchRss(options.serverPid);
  const started = performance.now();
  for (let hasMore = true; hasMore; ) {
    const sent = performance.now();
    const { status, text } = await get(`${baseUrl}/api/v1/sync/changes?after=${encodeURIComponent(run.cursor)}&limit=1000`, agent.token);
    run.pageMs.push(performance.now() - sent);
    if (status !== 200) throw new Error(`changes answered ${status}: ${text.slice(0, 300)}`);
    const page = (run.pages === 0 ? changesResponseSchema.parse(JSON.parse(text)) : JSON.parse(text)) as PageShape;
    run.pages += 1;
    run.changes += page.changes.length;
    run.bytes += Buffer.byteLength(text);
    run.cursor = page.cursor;
    hasMore = page.hasMore;
  }
  run.seconds = (performance.now() - started) / 1000;
  run.serverPeakRss = rss?.stop() ?? null;
  return run;
}

export function describePull(run: PullRun): string {
  const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  return [
    `  ${run.changes.toLocaleString('en-US')} changes in ${run.pages.toLocaleString('en-US')} pages, ${megabytes(run.bytes)} MB, ` +
      `${run.seconds.toFixed(2)} s: ${formatRate(run.changes, run.seconds, 'changes')}, ${megabytes(run.bytes / run.seconds)} MB/s`,
    `    per page: ${latencySummary(run.pageMs)}  (mean ${formatMs((run.seconds * 1000) / Math.max(1, run.pages))})`,
    ...(run.serverPeakRss === null ? [] : [`    server resident set: at most ${Math.round(run.serverPeakRss / 1024 / 1024)} MB while pulling`]),
  ].join('\n');
}
