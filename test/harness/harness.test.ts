import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from './database.js';
import { testUsers } from './directory.js';

describe('test harness', () => {
  it('serves the generated directory over LDAPS, verified against the test CA', async () => {
    const ldap = inject('ldap');
    const client = new Client({ url: ldap.ldapsUrl, tlsOptions: { ca: readFileSync(ldap.caFile), rejectUnauthorized: true } });
    try {
      await client.bind(ldap.serviceDn, ldap.servicePassword);
      const { searchEntries } = await client.search(ldap.baseDn, { filter: '(uid=mmueller)', attributes: ['entryUUID'] });
      expect(searchEntries.map((entry) => entry['entryUUID'])).toEqual([testUsers.mmueller.id]);
    } finally {
      await client.unbind();
    }
  });

  it('refuses a client that trusts only a foreign CA', async () => {
    const ldap = inject('ldap');
    const client = new Client({ url: ldap.ldapsUrl, tlsOptions: { ca: readFileSync(ldap.foreignCaFile), rejectUnauthorized: true } });
    await expect(client.bind(ldap.serviceDn, ldap.servicePassword)).rejects.toThrow();
    await client.unbind().catch(() => undefined);
  });

  it('gives each test file its own database copied from the migrated template', async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    try {
      await client.connect();
      const { rows } = await client.query<{ count: string }>('SELECT count(*) AS count FROM schema_migrations');
      expect(Number(rows[0]?.count)).toBeGreaterThan(0);
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
