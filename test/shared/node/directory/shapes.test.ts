import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DirectoryMapping, directoryMappingSchema, ldapDirectoryConfigSchema } from '../../../../src-shared/node/directory/config.js';
import { normaliseDn } from '../../../../src-shared/node/directory/dn.js';
import { institutionIdFromName } from '../../../../src-shared/node/directory/institutions.js';
import { LdapDirectory } from '../../../../src-shared/node/directory/ldap.js';
import { LdifDirectory } from '../../../../src-shared/node/directory/ldif.js';
import { type CustomerDirectory, type Directory, DirectoryUnavailableError } from '../../../../src-shared/node/directory/types.js';
import { nameBasedUuid } from '../../../../src-shared/node/name-based-id.js';
import { bulkBase, bulkDirectory } from '../../../fixtures/directory-shapes/bulk.js';
import { type PrivateSlapd, startPrivateSlapd } from './shapes-slapd.js';

const baseDn = 'dc=shapes,dc=example';
const service = { dn: `cn=kontor-server,ou=services,${baseDn}`, password: 'Shapes-Service-1' };
const limited = { dn: `cn=kontor-limited,ou=services,${baseDn}`, password: 'Shapes-Limited-1' };
const bulk = bulkDirectory(12, 100);
const ldif = `${readFileSync(new URL('../../../fixtures/directory-shapes/shapes.ldif', import.meta.url), 'utf8')}\n${bulk.ldif}`;

const globexName = 'Globex (Europe) *Ltd* \\ & Co';
const globexDn = (parent: string): string => `o=Globex (Europe) *Ltd* \\5C & Co,${parent}`;
const parentBase = `ou=parent,ou=customers,${baseDn}`;
const attributeBase = `ou=attribute,ou=customers,${baseDn}`;
const referenceBase = `ou=reference,ou=customers,${baseDn}`;

/** A mapping as an operator writes it: only what differs from the defaults. */
function mapping(fields: Record<string, unknown>): DirectoryMapping {
  return directoryMappingSchema.parse({ baseDn, peopleBase: `ou=people,${baseDn}`, customersBase: parentBase, groupsBase: `ou=groups,${baseDn}`, ...fields });
}
const parentShape = mapping({});
const attributeShape = mapping({ customersBase: attributeBase, institution: { kind: 'attribute' } });
const referenceShape = mapping({ customersBase: referenceBase, institution: { kind: 'reference', attribute: 'seeAlso' } });

/** DNs in one spelling: slapd answers with its own escaping, the LDIF directory with the file's. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'dn' && typeof inner === 'string' ? normaliseDn(inner) : comparable(inner)]));
}

const usernames = (listing: CustomerDirectory): string[] => listing.customers.map((customer) => customer.username);
const customer = (listing: CustomerDirectory, username: string): CustomerDirectory['customers'][number] | undefined =>
  listing.customers.find((entry) => entry.username === username);

describe('directory shapes, over slapd and over the LDIF file alike', () => {
  let slapd: PrivateSlapd;
  const opened: Directory[] = [];
  beforeAll(async () => {
    slapd = await startPrivateSlapd({
      baseDn, ldif, service,
      // As a bank's directory is set up for Kontor: the service account may page through everything;
      // slapd's default (500 entries in all, paged or not) stays for the limited account.
      extraConfig: [`limits dn.exact="${service.dn}" size.prtotal=unlimited`, `limits dn.exact="${limited.dn}" size=100`].join('\n'),
    });
  });
  afterAll(async () => {
    await Promise.all(opened.map((directory) => directory.close()));
    await slapd.stop();
  });

  const overLdap = (shape: DirectoryMapping, credentials = service): Directory => {
    const config = ldapDirectoryConfigSchema.parse({ kind: 'ldap', url: slapd.ldapsUrl, caFile: inject('pki').caFile, serviceDn: credentials.dn, servicePassword: credentials.password, mapping: shape });
    const directory = new LdapDirectory(config, credentials);
    opened.push(directory);
    return directory;
  };

  /** Asks both implementations, expects the same answer, and returns it. */
  async function both<T>(shape: DirectoryMapping, ask: (directory: Directory) => Promise<T>, ldifText = ldif): Promise<T> {
    const [fromLdap, fromLdif] = await Promise.all([ask(overLdap(shape)), ask(new LdifDirectory(shape, ldifText, service))]);
    expect(comparable(fromLdap)).toEqual(comparable(fromLdif));
    return fromLdif;
  }

  describe('listCustomerDirectory', () => {
    it('parent shape: the entry above a customer is their institution; organisations without customers are listed too', async () => {
      const listing = await both(parentShape, (directory) => directory.listCustomerDirectory());
      expect(listing.institutions).toEqual([
        { id: '40000000-0000-4000-8000-000000000001', name: globexName },
        { id: '40000000-0000-4000-8000-000000000002', name: 'Initech, S.A.' },
        { id: '40000000-0000-4000-8000-000000000003', name: 'Empty Holdings' },
        { id: '40000000-0000-4000-8000-000000000004', name: 'Branch Office' },
      ]);
      expect(usernames(listing)).toEqual(['g.one', 'g.two', 'i.one', 'b.one', 'loose']);
      expect(customer(listing, 'g.one')).toEqual({
        id: '41000000-0000-4000-8000-000000000001', username: 'g.one', displayName: 'Gina One', email: 'g.one@globex.example', phone: null,
        institution: { id: '40000000-0000-4000-8000-000000000001', name: globexName },
      });
      expect(customer(listing, 'b.one')?.institution?.name).toBe('Branch Office');
      expect(customer(listing, 'loose')?.institution).toBeNull();
      expect(listing.skipped).toEqual([]);
    });

    it('attribute shape: the name on the entry makes the institution, its id derived from the normalised name', async () => {
      const listing = await both(attributeShape, (directory) => directory.listCustomerDirectory());
      const globexId = nameBasedUuid('kontor-institution:globex (europe) *ltd* \\ & co');
      const initechId = nameBasedUuid('kontor-institution:initech, s.a.');
      expect(institutionIdFromName('  GLOBEX  (europe) *ltd* \\ &   co ')).toBe(globexId);
      // Two of three entries spell it this way; the listing shows the spelling most use.
      expect(listing.institutions).toEqual([{ id: globexId, name: globexName }, { id: initechId, name: 'Initech, S.A.' }].sort((a, b) => (a.id < b.id ? -1 : 1)));
      expect(listing.customers.map((entry) => [entry.username, entry.institution?.id ?? null])).toEqual([
        ['a.one', globexId], ['a.two', globexId], ['a.three', globexId], ['a.four', initechId], ['a.none', null], ['a.noid', initechId],
      ]);
      expect(customer(listing, 'a.two')?.institution?.name).toBe(globexName);
      expect(comparable(listing.skipped)).toEqual(comparable([{ dn: `uid=a.twice,ou=south,${attributeBase}`, problem: 'o names more than one institution' }]));
    });

    it('reference shape: the entry a DN attribute points at, however the DN is spelt; only referenced entries are institutions', async () => {
      const listing = await both(referenceShape, (directory) => directory.listCustomerDirectory());
      const globex = { id: '30000000-0000-4000-8000-000000000001', name: globexName };
      expect(listing.institutions).toEqual([globex, { id: '30000000-0000-4000-8000-000000000002', name: 'Initech, S.A.' }]);
      expect(listing.customers.map((entry) => [entry.username, entry.institution?.id ?? null])).toEqual([
        ['r.one', globex.id], ['r.two', globex.id], ['r.three', '30000000-0000-4000-8000-000000000002'], ['r.none', null],
      ]);
      expect(listing.skipped).toHaveLength(1);
      expect(normaliseDn(listing.skipped[0]?.dn ?? '')).toBe(normaliseDn(`uid=r.dangling,${referenceBase}`));
      expect(listing.skipped[0]?.problem).toBe(`the institution entry o=Gone Bank,ou=institutions,${baseDn} does not exist or cannot be read`);
    });

    it('skips an entry without an id, with the reason, and lists the rest', async () => {
      const listing = await both({ ...attributeShape, idAttribute: 'employeeNumber' }, (directory) => directory.listCustomerDirectory());
      expect(listing.customers.map((entry) => entry.id)).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
      const noId = listing.skipped.find((entry) => normaliseDn(entry.dn) === normaliseDn(`uid=a.noid,ou=south,${attributeBase}`));
      expect(noId?.problem).toMatch(/^not a usable customer user \(id: /u);
    });

    it('keeps a customer\'s id when they move to another OU (parent shape: with the new institution; attribute shape: with the same)', async () => {
      const moves = [
        { shape: parentShape, from: `uid=g.two,${globexDn(parentBase)}`, to: `uid=g.two,o=Initech\\, S.A.,${parentBase}`, username: 'g.two', institution: '40000000-0000-4000-8000-000000000002' },
        { shape: attributeShape, from: `uid=a.one,ou=north,${attributeBase}`, to: `uid=a.one,ou=south,${attributeBase}`, username: 'a.one', institution: institutionIdFromName(globexName) },
      ];
      const admin = await slapd.admin();
      try {
        for (const move of moves) {
          const before = customer(await both(move.shape, (directory) => directory.listCustomerDirectory()), move.username);
          await admin.modifyDN(move.from, move.to);
          try {
            const movedLdif = ldif.replace(`dn: ${move.from}\n`, `dn: ${move.to}\n`);
            expect(movedLdif).not.toBe(ldif);
            const after = customer(await both(move.shape, (directory) => directory.listCustomerDirectory(), movedLdif), move.username);
            expect(after?.id).toBe(before?.id);
            expect(after?.institution?.id).toBe(move.institution);
          } finally {
            await admin.modifyDN(move.to, move.from);
          }
        }
      } finally {
        await admin.unbind();
      }
    });

    it('never lists a person under peopleBase as a customer, even when customersBase holds the whole tree', async () => {
      const listing = await both(mapping({ customersBase: baseDn }), (directory) => directory.listCustomerDirectory());
      expect(usernames(listing)).toContain('g.one');
      expect(usernames(listing).filter((username) => username.endsWith('.agent') || username === 'carl.staff')).toEqual([]);
      expect(listing.customers.find((entry) => entry.displayName === 'Dora Nouid')).toBeUndefined();
      // The base entry is an organisation too, but not an institution of itself.
      expect(listing.institutions.map((institution) => institution.name)).not.toContain('Shapes Test Bank');
    });

    it('pages through more customers than one page and than slapd\'s default size limit', async () => {
      const listing = await both(mapping({ customersBase: bulkBase }), (directory) => directory.listCustomerDirectory());
      expect(listing.customers.map((entry) => entry.id)).toEqual(bulk.customerIds);
      expect(listing.institutions.map((entry) => entry.id)).toEqual(bulk.institutionIds);
      expect(listing.customers.every((entry) => entry.institution?.name.startsWith('Bulk Bank ') === true)).toBe(true);
      expect(listing.skipped).toEqual([]);
    });

    it('fails rather than return part of the directory when the server cuts the answer short', async () => {
      await expect(overLdap(mapping({ customersBase: bulkBase }), limited).listCustomerDirectory()).rejects.toThrow(DirectoryUnavailableError);
      await expect(overLdap(mapping({ customersBase: bulkBase }), limited).listCustomerDirectory()).rejects.toThrow(/cut the answer .* short/u);
    });
  });

  describe('search and look-up resolve the institution in every shape', () => {
    it.each([
      ['parent', parentShape, 'g.one', '41000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001'],
      ['attribute', attributeShape, 'a.three', '42000000-0000-4000-8000-000000000003', institutionIdFromName(globexName)],
      ['reference', referenceShape, 'r.one', '43000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001'],
    ])('%s shape', async (_shape, shape, username, id, institutionId) => {
      const found = await both(shape, (directory) => directory.searchCustomers(username, 10));
      expect(found.customers.map((entry) => [entry.username, entry.institution?.id])).toEqual([[username, institutionId]]);
      const person = await both(shape, (directory) => directory.findById(id));
      expect(person?.institution?.id).toBe(institutionId);
    });

    it('treats filter metacharacters in institution names as text', async () => {
      const found = await both(parentShape, (directory) => directory.searchCustomers('*Ltd* \\ & Co', 10));
      expect(found.customers.map((entry) => entry.username).sort()).toEqual(['g.one', 'g.two']);
      expect(found.customers.every((entry) => entry.institution?.name === globexName)).toBe(true);
      const byAttribute = await both(attributeShape, (directory) => directory.searchCustomers('(europe) *', 10));
      expect(byAttribute.customers.map((entry) => entry.username).sort()).toEqual(['a.one', 'a.three', 'a.twice', 'a.two']);
      // Naming two institutions, a.twice is shown without one rather than with a guess.
      expect(byAttribute.customers.find((entry) => entry.username === 'a.twice')?.institution).toBeNull();
    });
  });

  describe('listMembers', () => {
    const members = (groupNames: readonly string[], shape = parentShape): Promise<[string, string[]][]> =>
      both(shape, (directory) => directory.listMembers(groupNames)).then((list) => list.map((entry) => [entry.person.username, entry.groups.map((group) => group.name)]));

    it('lists the people of the named groups with those of their groups, by id; never a customer, a nested group or someone who cannot sign in', async () => {
      expect(await members(['kontor-serviceline'])).toEqual([['anna.agent', ['kontor-serviceline']], ['bert.agent', ['kontor-serviceline']]]);
      expect(await members(['KONTOR-SERVICELINE', `CN=Kontor-Tax,OU=Groups,${baseDn}`])).toEqual([
        ['anna.agent', ['kontor-serviceline']],
        ['bert.agent', ['kontor-serviceline', 'kontor-tax']],
      ]);
    });

    it('gives each person their directory record', async () => {
      const [anna] = await both(parentShape, (directory) => directory.listMembers(['staff']));
      expect(anna?.person).toMatchObject({ id: '10000000-0000-4000-8000-000000000001', username: 'anna.agent', displayName: 'Anna Agent', email: 'anna.agent@shapes.example', institution: null });
      expect(normaliseDn(anna?.person.dn ?? '')).toBe(normaliseDn(`uid=anna.agent,ou=people,${baseDn}`));
    });

    it('treats filter metacharacters in group names as text', async () => {
      expect(await members(['team (a*b) \\ & c'])).toEqual([['anna.agent', ['team (a*b) \\ & c']]]);
      expect(await members(['*'])).toEqual([]);
      expect(await members(['kontor-*', '*)(cn=*'])).toEqual([]);
    });

    it('finds nobody for unknown, blank or no groups', async () => {
      expect(await members([])).toEqual([]);
      expect(await members(['  '])).toEqual([]);
      expect(await members(['nobody', `cn=nobody,ou=groups,${baseDn}`, `cn=kontor-tax,ou=people,${baseDn}`])).toEqual([]);
    });

    it('never lists a customer, even when peopleBase holds the whole tree', async () => {
      expect(await members(['kontor-serviceline'], mapping({ peopleBase: baseDn, customersBase: `ou=customers,${baseDn}` }))).toEqual([
        ['anna.agent', ['kontor-serviceline']],
        ['bert.agent', ['kontor-serviceline']],
      ]);
    });
  });
});
