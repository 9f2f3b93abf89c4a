import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { testDirectory, testDirectoryConfig, testDirectoryMapping } from '../../harness/directory.js';
import { changesOf, lastChangeId, openSyncDatabase, syncOk, type SyncDatabase } from './support.js';

/** preferredLanguage as administrators write it → what the sync stores (null: German mail). */
const spellings: readonly [uid: string, preferredLanguage: string | null, stored: 'de' | 'en' | null][] = [
  ['lang.en', 'EN-gb', 'en'],
  ['lang.en2', 'en', 'en'],
  ['lang.de', 'de-DE', 'de'],
  ['lang.list', 'en-gb;q=0.8, de', 'en'],
  ['lang.fr', 'fr-FR', null],
  ['lang.none', null, null],
];

// Customer users' languages from the run's real slapd: read by the LDAP reader, normalised,
// stored server-only in customer_users.language; the entity every Desk gets stays as it was.
// The entries live in a subtree of their own (its own customersBase), so no other file sees them.
describe("customers' languages from the directory", () => {
  const base = `ou=lang-${randomBytes(4).toString('hex')},${testDirectory.baseDn}`;
  const institution = `o=Sprachbank AG,${base}`;
  const dnOf = (uid: string): string => `uid=${uid},${institution}`;
  let admin: Client;
  let sync: SyncDatabase;

  const directory = (): ReturnType<typeof createDirectory> => {
    const ldap = inject('ldap');
    return createDirectory(testDirectoryConfig({ mapping: { ...testDirectoryMapping(), customersBase: base } }), { dn: ldap.serviceDn, password: ldap.servicePassword });
  };
  async function syncLanguages(): Promise<Map<string, string | null>> {
    const reader = directory();
    try {
      await syncOk(sync.db, reader, []);
    } finally {
      await reader.close();
    }
    const rows = await sync.db.query<{ username: string; language: string | null }>('SELECT username, language FROM customer_users');
    return new Map(rows.rows.map((row) => [row.username, row.language]));
  }

  beforeAll(async () => {
    const ldap = inject('ldap');
    admin = new Client({ url: ldap.ldapsUrl, timeout: 5000, tlsOptions: { ca: readFileSync(ldap.caFile), rejectUnauthorized: true } });
    await admin.bind(ldap.adminDn, ldap.adminPassword);
    await admin.add(base, { objectClass: ['top', 'organizationalUnit'], ou: base.slice(3, base.indexOf(',')) });
    await admin.add(institution, { objectClass: ['top', 'organization'], o: 'Sprachbank AG' });
    for (const [uid, preferredLanguage] of spellings) {
      await admin.add(dnOf(uid), {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid,
        cn: `Kunde ${uid}`,
        sn: 'Kunde',
        mail: `${uid}@sprachbank.example`,
        ...(preferredLanguage === null ? {} : { preferredLanguage }),
      });
    }
    sync = await openSyncDatabase();
  });
  afterAll(async () => {
    for (const [uid] of spellings) await admin.del(dnOf(uid)).catch(() => undefined);
    await admin.del(institution).catch(() => undefined);
    await admin.del(base).catch(() => undefined);
    await admin.unbind();
    await sync.close();
  });

  it('stores de or en from preferredLanguage, null for any other language or none', async () => {
    const languages = await syncLanguages();
    expect(Object.fromEntries(languages)).toEqual(Object.fromEntries(spellings.map(([uid, , stored]) => [uid, stored])));
    // The entity the Desks get has no language.
    const changes = await changesOf(sync.db, 'customer_users');
    expect(changes).toHaveLength(spellings.length);
    for (const change of changes) expect(Object.keys(change.data)).not.toContain('language');
  });

  it('follows a changed language at the next sync without a change row for the Desks', async () => {
    await syncLanguages();
    const mark = await lastChangeId(sync.db);
    await admin.modify(dnOf('lang.en'), new Change({ operation: 'replace', modification: new Attribute({ type: 'preferredLanguage', values: ['de'] }) }));
    await admin.modify(dnOf('lang.none'), new Change({ operation: 'add', modification: new Attribute({ type: 'preferredLanguage', values: ['en-US'] }) }));
    const languages = await syncLanguages();
    expect(languages.get('lang.en')).toBe('de');
    expect(languages.get('lang.none')).toBe('en');
    expect(await changesOf(sync.db, 'customer_users', mark)).toEqual([]);
  });

  it('reads the attribute the mapping names instead', async () => {
    await admin.modify(dnOf('lang.fr'), new Change({ operation: 'add', modification: new Attribute({ type: 'description', values: ['en'] }) }));
    const ldap = inject('ldap');
    const reader = createDirectory(testDirectoryConfig({ mapping: { ...testDirectoryMapping(), customersBase: base, languageAttribute: 'description' } }), {
      dn: ldap.serviceDn,
      password: ldap.servicePassword,
    });
    try {
      const listing = await reader.listCustomerDirectory();
      const byUid = new Map(listing.customers.map((entry) => [entry.username, listing.languages?.get(entry.id) ?? null]));
      expect(byUid.get('lang.fr')).toBe('en');
      expect(byUid.get('lang.de')).toBeNull();
    } finally {
      await reader.close();
    }
  });
});
