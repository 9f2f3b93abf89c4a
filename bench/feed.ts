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
}

interface PageShape {
  changes: unknown[];
  cursor: string;
  hasMore: boolean;
}

/**
 * Pulls `GET /api/v1/sync/changes` page after page from `after` until `hasMore` is false, as
 * the Desk's sync engine does (without storing anything). The first page is checked against
 * the protocol schema; the rest are only parsed, so that the client's validation does not
 * count as the server's time.
 */
export async function pullAll(baseUrl: string, agent: SignedIn, after: string): Promise<PullRun> {
  const run: PullRun = { changes: 0, pages: 0, bytes: 0, seconds: 0, pageMs: [], cursor: after };
  const started = performance.now();
  for (let hasMore = true; hasMore; ) {
    const sent = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/sync/changes?after=${encodeURIComponent(run.cursor)}&limit=1000`, {
      headers: { authorization: `Bearer ${agent.token}` },
    });
    const text = await response.text();
    run.pageMs.push(performance.now() - sent);
    if (response.status !== 200) throw new Error(`changes answered ${response.status}: ${text.slice(0, 300)}`);
    const page = (run.pages === 0 ? changesResponseSchema.parse(JSON.parse(text)) : JSON.parse(text)) as PageShape;
    run.pages += 1;
    run.changes += page.changes.length;
    run.bytes += Buffer.byteLength(text);
    run.cursor = page.cursor;
    hasMore = page.hasMore;
  }
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

export function describePull(run: PullRun): string {
  return [
    `  ${run.changes.toLocaleString('en-US')} changes in ${run.pages.toLocaleString('en-US')} pages, ${(run.bytes / 1024 / 1024).toFixed(1)} MB, ` +
      `${run.seconds.toFixed(2)} s: ${formatRate(run.changes, run.seconds, 'changes')}, ${(run.bytes / 1024 / 1024 / run.seconds).toFixed(1)} MB/s`,
    `    per page: ${latencySummary(run.pageMs)}  (mean ${formatMs((run.seconds * 1000) / Math.max(1, run.pages))})`,
  ].join('\n');
}
