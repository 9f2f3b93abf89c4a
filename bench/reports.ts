import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { demoPassword } from '../src-shared/node/demo-directory.js';
import { addDays, berlinDate, periodBounds } from '../src-shared/reports/period.js';
import type { ReportPeriod } from '../src-shared/reports/model.js';
import { DeskIpc } from '../test/harness/desk-ipc.js';
import { startDeskHost } from './desk-ui/desk-host.js';
import { percentile } from './support/stats.js';

interface Summary {
  p50: number;
  p95: number;
}

function summarise(samples: readonly number[]): Summary {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/**
 * (r) The team leads' reports over a full cache: a Desk with the browser host in its own process
 * syncs the generated bank as mmueller (a team lead: every queue), then the year's SLA report is
 * built (and the same aggregate run as one raw SQL statement on the cache file, in the same run),
 * printed to PDF, exported as xlsx, and last week's pack printed — while the Desk's memory is
 * sampled from /proc.
 */
export interface ReportsBenchRun {
  tickets: number;
  syncMs: number;
  yearBuild: Summary;
  yearRaw: Summary;
  yearTickets: number;
  peakRssMb: number;
  rssBeforeMb: number;
  yearPdfMs: number;
  weeklyPackMs: number;
  yearXlsxMs: number;
  xlsxBytes: number;
}

const rounds = 7;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/u.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** The peak resident memory of `pid` while `work` runs, sampled every 10 ms. */
async function peakWhile<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 10);
  try {
    const value = await work();
    peak = Math.max(peak, rssMb(pid));
    return { value, peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** The year's SLA counts per queue as one SQL statement over the cache: what the report's aggregate costs at the least. */
function rawYearAggregate(db: Database.Database, start: Date, end: Date): number {
  const rows = db
    .prepare(
      `SELECT t."queue_id", COUNT(*) AS tickets,
              SUM(t."first_response_breached") AS fr, SUM(t."update_breached") AS up, SUM(t."solution_breached") AS so,
              SUM(CASE WHEN t."first_response_breached" + t."update_breached" + t."solution_breached" > 0 THEN 1 ELSE 0 END) AS breached,
              SUM(CASE WHEN t."solution_started_at" IS NOT NULL THEN 1 ELSE 0 END) AS running
       FROM tickets t WHERE t."created_at" >= ? AND t."created_at" < ? GROUP BY t."queue_id"`,
    )
    .all(start.toISOString(), end.toISOString()) as { tickets: number }[];
  return rows.reduce((sum, row) => sum + row.tickets, 0);
}

export async function runReportsBench(serverUrl: string, tickets: number): Promise<ReportsBenchRun> {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'kontor-bench-reports-'));
  const host = await startDeskHost(serverUrl, userData);
  let ipc: DeskIpc | undefined;
  try {
    ipc = await DeskIpc.connect(host.url);
    const signingIn = performance.now();
    await ipc.value('session.login', { username: 'mmueller', password: demoPassword });
    await host.waitFor('indexed');
    const syncMs = performance.now() - signingIn;

    const today = berlinDate(new Date());
    const year: ReportPeriod = { kind: 'range', from: addDays(today, -364), to: today };
    const request = { kind: 'sla' as const, period: year, scope: { kind: 'all' as const } };
    const client = ipc;
    const rssBeforeMb = rssMb(host.pid);
    const first = await peakWhile(host.pid, () => client.value('reports.build', request));
    const builds: number[] = [];
    for (let round = 0; round < rounds; round += 1) builds.push((await timed(() => client.value('reports.build', request))).ms);

    // The same aggregate as one raw statement on the cache file, read-only, beside the running Desk.
    const cacheDir = path.join(userData, 'caches');
    const cacheFile = readdirSync(cacheDir).find((name) => name.endsWith('.sqlite'));
    if (!cacheFile) throw new Error('no cache file in the Desk folder');
    const db = new Database(path.join(cacheDir, cacheFile), { readonly: true });
    const raw: number[] = [];
    let yearTickets = 0;
    try {
      const { start, end } = periodBounds(year);
      for (let round = 0; round < rounds; round += 1) {
        const started = performance.now();
        yearTickets = rawYearAggregate(db, start, end);
        raw.push(performance.now() - started);
      }
    } finally {
      db.close();
    }

    const source = { kind: 'built' as const, hash: first.value.hash };
    const pdf = await timed(() => client.value('reports.pdf', { sources: [source], language: 'de' }));
    const pack = await timed(() => client.value('reports.weeklyPack', { scope: { kind: 'all' }, language: 'de' }));
    const xlsx = await timed(() => client.value('reports.export', { source, format: 'xlsx', table: null, language: 'de' }));
    const xlsxBytes = xlsx.value.outcome === 'download' ? (await fetch(`${host.origin}${xlsx.value.url}`).then((response) => response.arrayBuffer())).byteLength : 0;
    return {
      tickets,
      syncMs,
      yearBuild: summarise(builds),
      yearRaw: summarise(raw),
      yearTickets,
      peakRssMb: first.peakMb,
      rssBeforeMb,
      yearPdfMs: pdf.ms,
      weeklyPackMs: pack.ms,
      yearXlsxMs: xlsx.ms,
      xlsxBytes,
    };
  } finally {
    ipc?.close();
    await host.stop();
    // KONTOR_KEEP_BENCH_DIR=1 keeps the synced cache for profiling the reports on it.
    if (process.env['KONTOR_KEEP_BENCH_DIR'] === '1') process.stdout.write(`  (kept the Desk's folder: ${userData})\n`);
    else rmSync(userData, { recursive: true, force: true });
  }
}

export function describeReportsBench(run: ReportsBenchRun): string {
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  return [
    `  cache synced and indexed as mmueller (team lead, every queue): ${(run.syncMs / 1000).toFixed(1)} s`,
    `  one-year SLA report, ${run.yearTickets.toLocaleString('en-US')} tickets: build (IPC round trip included) p50 ${ms(run.yearBuild.p50)}, p95 ${ms(run.yearBuild.p95)} — budget ≤ 1 s`,
    `  the same year's aggregate as one raw SQL statement on the cache file: p50 ${ms(run.yearRaw.p50)}, p95 ${ms(run.yearRaw.p95)}`,
    `  Desk main process while building it: ${run.rssBeforeMb.toFixed(0)} MB RSS before, peak ${run.peakRssMb.toFixed(0)} MB`,
    `  the year's SLA report to PDF (headless Chromium started for it): ${ms(run.yearPdfMs)} — budget ≤ 5 s`,
    `  last week's pack (5 reports) built and printed to one PDF: ${ms(run.weeklyPackMs)}`,
    `  the year's SLA report as xlsx (every table, the tickets behind it): ${ms(run.yearXlsxMs)}, ${(run.xlsxBytes / 1024).toFixed(0)} KB`,
  ].join('\n');
}
