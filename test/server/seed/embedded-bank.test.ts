import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bankDirectoryLdif, generateBank } from '../../../src-shared/node/bank/index.js';
import { createServer } from '../../../src-server/app.js';
import { loadServerConfig, parseServerConfig } from '../../../src-server/config.js';
import { bankServerConfigJson } from '../../../src-server/seed/bank-config.js';
import { embeddedBankSeed } from '../../../src-server/seed/embedded-bank.js';
import { temporaryDirectory } from '../support/temporary.js';

const embeddedConfigFile = fileURLToPath(new URL('../../../resources/config/server.embedded.json', import.meta.url));

describe('the embedded default is the generated bank', () => {
  it('ships the directory of the embedded seed (run npx tsx scripts/generate-directory.ts after changing the generator)', () => {
    const committed = readFileSync(new URL('../../../resources/demo/bank.ldif', import.meta.url), 'utf8');
    expect(committed).toBe(bankDirectoryLdif(generateBank({ seed: embeddedBankSeed })));
  });

  it('configures the bank\'s roles, queues, SLAs and calendars, and seeds with the same seed', async () => {
    const embedded = await loadServerConfig(embeddedConfigFile, {});
    const bank = parseServerConfig({ ...JSON.parse(readFileSync(embeddedConfigFile, 'utf8')), ...bankServerConfigJson() }, '/');
    expect({ roles: embedded.roles, queues: embedded.queues, slas: embedded.slas, calendars: embedded.calendars }).toEqual({
      roles: bank.roles,
      queues: bank.queues,
      slas: bank.slas,
      calendars: bank.calendars,
    });
    expect(embedded.demoSeed?.seed).toBe(embeddedBankSeed);
  });

  it('seeds an empty database at the first start, and never one that has tickets', async () => {
    const config = await loadServerConfig(embeddedConfigFile, {});
    const small = { ...config, database: { ...config.database, pgliteDir: temporaryDirectory('kontor-embedded-') }, demoSeed: config.demoSeed && { ...config.demoSeed, tickets: 80, days: 30 } };
    for (const start of ['first', 'second']) {
      const server = await createServer(small);
      try {
        const created = await server.db.query<{ n: string }>("SELECT count(*)::text AS n FROM ticket_history WHERE event = 'created'");
        expect(created.rows[0]?.n, `${start} start`).toBe('80');
      } finally {
        await server.close();
      }
    }
  }, 120_000);
});
