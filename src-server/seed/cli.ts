/**
 * `npm run seed -- --tickets N [--seed S] [--out DIR] [--database-url URL] [--days D]`: builds a
 * realistic bank from one deterministic generator: its directory (DIR/directory.ldif), its
 * database (PostgreSQL at URL, or PGlite in DIR/data) with a period of tickets as the server
 * would have written them, and a server config (DIR/server.json) that serves both:
 * `npm run server -- --config DIR/server.json`. Exit codes: 0 done, 1 failed, 2 wrong use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bankDirectoryLdif, buildBankDirectory, generateBank } from '../../src-shared/node/bank/index.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { createDirectory } from '../../src-shared/node/directory/index.js';
import { parseServerConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { describeSync } from '../directory-sync/report.js';
import { syncDirectory } from '../directory-sync/sync-directory.js';
import { bankServerConfigJson } from './bank-config.js';
import { seedBank } from './seed-bank.js';

const usage = `usage: npm run seed -- --tickets N [--seed S] [--out DIR] [--database-url URL] [--days D]
  --tickets N         tickets to open over the period (about 5 articles each)
  --seed S            the generator's seed (default kontor): the same seed, the same bank
  --out DIR           where directory.ldif, server.json and (without a URL) the PGlite data go (default seed-bank)
  --database-url URL  an empty PostgreSQL database to fill instead of PGlite
  --days D            the period's length, ending today (default 365)
  --institutions N, --customers N, --agents N   the bank's size (default 40, 300, 40)`;

class UsageError extends Error {}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--${name}: expected a positive whole number, got "${text}"`);
  return value;
}

async function main(argv: readonly string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        tickets: { type: 'string' },
        seed: { type: 'string', default: 'kontor' },
        out: { type: 'string', default: 'seed-bank' },
        'database-url': { type: 'string' },
        days: { type: 'string' },
        institutions: { type: 'string' },
        customers: { type: 'string' },
        agents: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (values.tickets === undefined) throw new UsageError('--tickets N is required');
  const tickets = positive('tickets', values.tickets, 0);
  const days = positive('days', values.days, 365);
  const out = path.resolve(values.out);
  mkdirSync(out, { recursive: true });

  const bank = generateBank({
    seed: values.seed,
    institutions: positive('institutions', values.institutions, 40),
    customers: positive('customers', values.customers, 300),
    agents: positive('agents', values.agents, 40),
  });
  writeFileSync(path.join(out, 'directory.ldif'), bankDirectoryLdif(bank));
  const directory = buildBankDirectory(bank);
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    database: values['database-url'] === undefined ? { pgliteDir: 'data' } : { url: values['database-url'] },
    directory: {
      kind: 'ldif',
      file: 'directory.ldif',
      mapping: { baseDn: directory.baseDn, peopleBase: directory.peopleBase, customersBase: directory.customersBase, groupsBase: directory.groupsBase },
    },
    ...bankServerConfigJson(),
  };
  const configFile = path.join(out, 'server.json');
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const serverConfig = parseServerConfig(config, out, `config file ${configFile}`);

  // Whole days, so that the same seed on the same day gives the same database.
  const to = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const from = new Date(to.getTime() - days * 86_400_000);
  const db = await openDatabase(serverConfig.database);
  try {
    const progress = setInterval(() => process.stderr.write('.'), 2000);
    let report;
    try {
      report = await seedBank(db, bank, { tickets, from, to });
    } finally {
      clearInterval(progress);
    }
    if (serverConfig.directory.kind !== 'ldif') throw new Error('the seed writes an LDIF directory');
    const reader = createDirectory(serverConfig.directory);
    try {
      const synced = await syncDirectory(db, reader, serverConfig, () => new Date());
      if (!synced.ok) throw new Error(`directory sync failed: ${synced.message}`);
      for (const line of describeSync(synced)) process.stdout.write(`${line}\n`);
    } finally {
      await reader.close();
    }
    process.stdout.write(
      `\nseeded ${report.tickets} tickets, ${report.articles} articles, ${report.attachments} attachments, ${report.history} history entries, `
        + `${report.links} links, ${report.timeEntries} time entries from ${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)} in ${report.seconds.toFixed(1)} s\n`
        + `directory: ${path.join(out, 'directory.ldif')} (everyone signs in with ${demoPassword})\n`
        + `serve it:  npm run server -- --config ${configFile}\n`,
    );
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${usage}\n`);
    process.exit(2);
  }
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
