import { performance } from 'node:perf_hooks';
import { generateBank } from '../src-shared/node/bank/index.js';
import { applyQueueConfig } from '../src-server/config/apply-config.js';
import type { Database } from '../src-server/db/database.js';
import { bankServerSections, frankfurtCalendar } from '../src-server/seed/bank-config.js';
import { seedBank, type SeedReport } from '../src-server/seed/seed-bank.js';

export interface SeedBenchResult {
  seed: SeedReport;
  openTickets: number;
  recompute: { seconds: number; tickets: number };
}

/**
 * (d) Seeds `tickets` tickets of the generated bank over a year into an empty database, then
 * adds a holiday to the Frankfurt calendar and measures the recompute of every open ticket's
 * clocks that the configuration change sets off (in the same transaction as the change).
 */
export async function runSeedBench(db: Database, tickets: number): Promise<SeedBenchResult> {
  const to = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const from = new Date(to.getTime() - 365 * 86_400_000);
  const seed = await seedBank(db, generateBank({ seed: 'bench' }), { tickets, from, to });
  const open = await db.query<{ count: string }>("SELECT count(*)::text AS count FROM tickets WHERE state NOT IN ('closed-successful', 'closed-unsuccessful', 'merged')");
  const sections = bankServerSections();
  // The office opens half an hour later: every running clock on the Frankfurt calendar moves.
  const later: [number, number][] = [[510, 1080]];
  const workingHours = { ...frankfurtCalendar.workingHours, monday: later, tuesday: later, wednesday: later, thursday: later, friday: later };
  const calendars = [{ ...frankfurtCalendar, workingHours }];
  const started = performance.now();
  const report = await applyQueueConfig(db, { ...sections, calendars }, new Date());
  return { seed, openTickets: Number(open.rows[0]?.count ?? 0), recompute: { seconds: (performance.now() - started) / 1000, tickets: report.ticketsRecomputed } };
}

export function describeSeedBench(result: SeedBenchResult): string {
  const { seed } = result;
  return [
    `  seeded ${seed.tickets.toLocaleString('en-US')} tickets, ${seed.articles.toLocaleString('en-US')} articles, ${seed.history.toLocaleString('en-US')} history entries, `
      + `${seed.attachments.toLocaleString('en-US')} attachments, ${seed.links} links, ${seed.timeEntries.toLocaleString('en-US')} time entries in ${seed.seconds.toFixed(1)} s`,
    `  calendar change: ${result.recompute.tickets.toLocaleString('en-US')} of ${result.openTickets.toLocaleString('en-US')} open tickets recomputed in ${result.recompute.seconds.toFixed(2)} s (with the change itself, one transaction)`,
  ].join('\n');
}
