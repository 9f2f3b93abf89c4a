import type { KontorServer } from '../../src-server/app.js';
import { seedBank } from '../../src-server/seed/seed-bank.js';
import { generateBank } from '../../src-shared/node/bank/index.js';

/**
 * A generated bank's tickets over the `days` before today (UTC midnight) in the server's database,
 * their passed SLA instants recorded, and the server's SLA timer stopped for the rest of the test.
 * Seeded clocks fall due all through the day; with the timer running, one passing its due
 * instant mid-test marks a breach, and counts, reports and the sync indicator change under a
 * test that compares two readings (it depended on the time of day the test ran).
 */
export async function seedSettledBank(server: KontorServer, bank: { seed: string; tickets: number; days: number }): Promise<void> {
  const to = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const from = new Date(to.getTime() - bank.days * 86_400_000);
  await seedBank(server.db, generateBank({ seed: bank.seed }), { tickets: bank.tickets, from, to });
  await server.slaTimer.runNow();
  await server.slaTimer.stop();
}
