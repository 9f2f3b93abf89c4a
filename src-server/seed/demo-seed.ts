import { generateBank } from '../../src-shared/node/bank/index.js';
import type { Database } from '../db/database.js';
import { seedBank, type SeedReport } from './seed-bank.js';

export interface DemoSeedConfig {
  seed: string;
  tickets: number;
  days: number;
}

/**
 * The embedded default's bank: on the first start (no tickets yet) a period of tickets ending
 * today is seeded from the same generator that wrote the demo directory, so that a newcomer sees
 * a working bank. The configuration must hold the bank's queues, SLAs and calendars (it does:
 * resources/config/server.embedded.json, checked by a test); nothing is seeded into a database
 * that has tickets. Null when nothing was seeded.
 */
export async function seedDemoIfEmpty(db: Database, config: DemoSeedConfig, now: Date): Promise<SeedReport | null> {
  const existing = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM tickets) AS any');
  if (existing.rows[0]?.any === true) return null;
  const to = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
  const from = new Date(to.getTime() - config.days * 86_400_000);
  return seedBank(db, generateBank({ seed: config.seed }), { tickets: config.tickets, from, to }, { applyConfig: false });
}
