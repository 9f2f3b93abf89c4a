import { describe, expect, it } from 'vitest';
import { directoryMappingSchema, institutionShapeOf } from '../../../../src-shared/node/directory/config.js';
import { normaliseDn } from '../../../../src-shared/node/directory/dn.js';
import { createDirectory } from '../../../../src-shared/node/directory/index.js';
import { InstitutionResolver, institutionIdFromName, institutionNameKey } from '../../../../src-shared/node/directory/institutions.js';
import type { DirectoryRecord } from '../../../../src-shared/node/directory/records.js';
import { DirectoryConfigError, DirectoryUnavailableError } from '../../../../src-shared/node/directory/types.js';

const base = { baseDn: 'dc=x', peopleBase: 'ou=people,dc=x', customersBase: 'ou=customers,dc=x', groupsBase: 'ou=groups,dc=x' };

function record(dn: string, attributes: Record<string, string[]>): DirectoryRecord {
  const values = (name: string): string[] => Object.entries(attributes).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? [];
  return { dn, text: values, bytes: (name) => values(name).map((value) => Buffer.from(value)) };
}

describe('institution names as ids (attribute shape)', () => {
  it('gives every spelling of one name the same id: Unicode form, case, ß, whitespace', () => {
    const id = institutionIdFromName('Bankhaus Löwe & Söhne, Straße 1');
    for (const spelling of ['bankhaus löwe & söhne, strasse 1', '  BANKHAUS  LÖWE & SÖHNE, STRASSE 1 ', 'Bankhaus Lo\u0308we & So\u0308hne,\tStraße 1']) {
      expect(institutionIdFromName(spelling)).toBe(id);
    }
    expect(institutionNameKey('Globex (Europe) *Ltd* \\ & Co')).toBe('globex (europe) *ltd* \\ & co');
    expect(institutionIdFromName('Globex Ltd')).not.toBe(institutionIdFromName('Globex Ltd.'));
  });
});

describe('InstitutionResolver', () => {
  const referenceMapping = directoryMappingSchema.parse({ ...base, institution: { kind: 'reference' } });
  const bank = record('o=Bank,ou=institutions,dc=x', { entryUUID: ['11111111-1111-4111-8111-111111111111'], o: ['Bank'] });

  it('reads a referenced institution once, however its DN is spelt, and again after a few minutes', async () => {
    let now = 0;
    const reads: string[] = [];
    const resolver = new InstitutionResolver(referenceMapping, (dn) => {
      reads.push(dn);
      return Promise.resolve(normaliseDn(dn) === normaliseDn(bank.dn) ? bank : null);
    }, () => now);
    const customers = ['o=Bank,ou=institutions,dc=x', 'O=bank, OU=Institutions,DC=x', 'o=\\42ank,ou=institutions,dc=x'].map((seeAlso, index) => record(`uid=c${index},ou=customers,dc=x`, { seeAlso: [seeAlso] }));
    for (const customer of customers) expect(await resolver.resolve(customer)).toEqual({ ok: true, institution: { id: '11111111-1111-4111-8111-111111111111', name: 'Bank' } });
    expect(reads).toHaveLength(1);
    now += 10 * 60_000;
    await resolver.resolve(customers[0] ?? bank);
    expect(reads).toHaveLength(2);
  });

  it('asks again after the directory failed to answer', async () => {
    let fail = true;
    const resolver = new InstitutionResolver(referenceMapping, () => (fail ? Promise.reject(new DirectoryUnavailableError('down')) : Promise.resolve(bank)));
    const customer = record('uid=c,ou=customers,dc=x', { seeAlso: [bank.dn] });
    await expect(resolver.resolve(customer)).rejects.toThrow(DirectoryUnavailableError);
    fail = false;
    expect(await resolver.of(customer)).toEqual({ id: '11111111-1111-4111-8111-111111111111', name: 'Bank' });
  });

  it('names the problem with a reference it cannot follow, and shows none in search results', async () => {
    const resolver = new InstitutionResolver(referenceMapping, () => Promise.resolve(null));
    const cases: [Record<string, string[]>, string][] = [
      [{ seeAlso: ['not a dn'] }, 'seeAlso holds a malformed DN'],
      [{ seeAlso: ['o=A,dc=x', 'o=B,dc=x'] }, 'seeAlso names more than one institution'],
      [{ seeAlso: ['o=A,dc=x'] }, 'the institution entry o=A,dc=x does not exist or cannot be read'],
    ];
    for (const [attributes, problem] of cases) {
      const customer = record('uid=c,ou=customers,dc=x', attributes);
      expect(await resolver.resolve(customer)).toEqual({ ok: false, problem });
      expect(await resolver.of(customer)).toBeNull();
    }
    // One DN spelt twice is one institution, not two.
    expect(await resolver.resolve(record('uid=c,ou=customers,dc=x', { seeAlso: ['o=A,dc=x', 'O=a, DC=X'] }))).toEqual({ ok: false, problem: 'the institution entry o=A,dc=x does not exist or cannot be read' });
  });
});

describe('institution shape in the mapping', () => {
  it('defaults to the parent shape, so that existing configurations keep their meaning', () => {
    expect(institutionShapeOf(directoryMappingSchema.parse(base))).toEqual({ kind: 'parent', filter: '(objectClass=organization)' });
    expect(directoryMappingSchema.parse({ ...base, institution: { kind: 'attribute' } }).institution).toEqual({ kind: 'attribute', attribute: 'o' });
    expect(directoryMappingSchema.parse({ ...base, institution: { kind: 'reference' } }).institution).toEqual({ kind: 'reference', attribute: 'seeAlso' });
  });

  it.each([
    ['an unknown kind', { kind: 'dn' }],
    ['a misspelt field', { kind: 'attribute', attribut: 'o' }],
    ['an attribute that is filter syntax', { kind: 'attribute', attribute: 'o)(uid=*' }],
  ])('refuses %s', (_case, institution) => {
    expect(directoryMappingSchema.safeParse({ ...base, institution }).success).toBe(false);
  });

  it('refuses a parent-shape institution filter that does not parse, at start-up', () => {
    const mapping = directoryMappingSchema.parse({ ...base, institution: { kind: 'parent', filter: '(objectClass=organization' } });
    expect(() => createDirectory({ kind: 'ldif', file: 'resources/demo/directory.ldif', mapping })).toThrow(DirectoryConfigError);
  });
});
