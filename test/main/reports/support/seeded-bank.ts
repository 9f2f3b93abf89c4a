import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../../../src-server/db/database.js';
import { bankServerConfigJson } from '../../../../src-server/seed/bank-config.js';
import { seedBank, type SeedReport } from '../../../../src-server/seed/seed-bank.js';
import { bankDirectoryLdif, generateBank, type Bank } from '../../../../src-shared/node/bank/index.js';
import { buildDemoDirectory } from '../../../../src-shared/node/demo-directory.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../../harness/kontor-server.js';
import { temporaryDirectory } from '../../../server/support/temporary.js';

export interface SeededBank {
  bank: Bank;
  server: ServerOnTestDatabase;
  /** The server's PostgreSQL: what the test's own SQL reads. */
  db: Database;
  seed: SeedReport;
  /** The server's clock: at the seed's end unless a test moves it to write something at another instant. */
  clock: { now: Date };
  close(): Promise<void>;
}

export interface SeededBankOptions {
  seed: string;
  tickets: number;
  from: Date;
  /** The end of the seeded period and the server's frozen clock: nothing changes after the seed. */
  to: Date;
}

/**
 * Kontor Server on a fresh database with a generated bank: its directory (people, groups,
 * institutions) as the server's LDIF directory, its queues, SLAs, calendars and roles, and a
 * period of tickets replayed by the seed. The server's clock stands at the seed's end, so that
 * its SLA timer records nothing after the seed and the data stays what the test's SQL reads.
 */
export async function startSeededBank(options: SeededBankOptions): Promise<SeededBank> {
  const bank = generateBank({ seed: options.seed });
  const file = path.join(temporaryDirectory('kontor-reports-'), 'bank.ldif');
  writeFileSync(file, bankDirectoryLdif(bank));
  const { baseDn, peopleBase, customersBase, groupsBase } = buildDemoDirectory();
  const clock = { now: options.to };
  const server = await startServerOnFreshDatabase(
    // A long interval: the run at start is the only one, and the test waits for it below.
    { ...bankServerConfigJson(), directory: { kind: 'ldif', file, mapping: { baseDn, peopleBase, customersBase, groupsBase }, syncIntervalMinutes: 24 * 60 } },
    { now: () => clock.now },
  );
  try {
    const db = server.server.db;
    // The server applied the bank's sections from its configuration at start.
    const seed = await seedBank(db, bank, { tickets: options.tickets, from: options.from, to: options.to }, { applyConfig: false });
    const synced = await server.server.directorySync?.runNow();
    if (!synced?.ok) throw new Error(`the directory sync of the bank failed: ${JSON.stringify(synced)}`);
    return { bank, server, db, seed, clock, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
