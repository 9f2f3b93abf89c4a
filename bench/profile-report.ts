/**
 * Builds the year's SLA report (or `--kind`) on a kept Desk cache, timed and with the time per
 * phase, for profiling (`KONTOR_KEEP_BENCH_DIR=1 npm run bench -- --only r` keeps one):
 * `npx tsx --cpu-prof bench/profile-report.ts <cache.sqlite> [kind]`.
 */
import Database from 'better-sqlite3';
import { buildReport } from '../src-main/reports/report-builder.js';
import { reportHash } from '../src-main/reports/report-hash.js';
import { reportKinds, type ReportKind } from '../src-shared/reports/model.js';
import { addDays, berlinDate } from '../src-shared/reports/period.js';

const [file, kindArgument = 'sla'] = process.argv.slice(2);
if (!file || !(reportKinds as readonly string[]).includes(kindArgument)) throw new Error('usage: profile-report.ts <cache.sqlite> [kind]');
const kind = kindArgument as ReportKind;
const db = new Database(file, { readonly: true });
// As the Desk opens its cache (src-main/cache/cache-file.ts).
db.pragma('temp_store = MEMORY');
const today = berlinDate(new Date());
for (let round = 0; round < 5; round += 1) {
  const started = performance.now();
  const built = buildReport(db, { kind, period: { kind: 'range', from: addDays(today, -364), to: today }, scope: { kind: 'all' } }, { now: new Date(), generatedBy: 'profile', retentionMonths: 12, readable: () => true });
  const builtMs = performance.now() - started;
  if (!built.ok) throw new Error(built.error.message);
  const hash = reportHash(built.value);
  const json = JSON.stringify(built.value);
  process.stdout.write(`${kind}: build ${builtMs.toFixed(0)} ms, + hash ${(performance.now() - started - builtMs).toFixed(0)} ms, ${built.value.tickets.length} tickets, ${(json.length / 1024).toFixed(0)} KB, ${hash.slice(0, 8)}\n`);
}
db.close();
