import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleConfig } from '../../../src-server/config.js';
import { directoryMappingSchema, type DirectoryMapping } from '../../../src-shared/node/directory/config.js';
import { institutionIdFromName } from '../../../src-shared/node/directory/institutions.js';
import { LdifDirectory } from '../../../src-shared/node/directory/ldif.js';
import { entitiesOf, LdifText, openSyncDatabase, syncOk, type SyncDatabase } from './support.js';

const baseDn = 'dc=shapes,dc=example';
const shapesLdif = readFileSync(new URL('../../fixtures/directory-shapes/shapes.ldif', import.meta.url), 'utf8');
const globexName = 'Globex (Europe) *Ltd* \\ & Co';

const mapping = (fields: Record<string, unknown>): DirectoryMapping =>
  directoryMappingSchema.parse({ baseDn, peopleBase: `ou=people,${baseDn}`, groupsBase: `ou=groups,${baseDn}`, ...fields });
const parentShape = mapping({ customersBase: `ou=parent,ou=customers,${baseDn}` });
const attributeShape = mapping({ customersBase: `ou=attribute,ou=customers,${baseDn}`, institution: { kind: 'attribute' } });
const referenceShape = mapping({ customersBase: `ou=reference,ou=customers,${baseDn}`, institution: { kind: 'reference', attribute: 'seeAlso' } });

// One group by cn, one by DN in another spelling, as operators write them.
const roles: RoleConfig[] = [
  { name: 'serviceline', ldapGroups: ['Kontor-ServiceLine'], grants: { serviceline: ['rw'] } },
  { name: 'tax-readers', ldapGroups: [`CN=kontor-tax, OU=groups, ${baseDn}`], grants: { tax: ['ro'] } },
];

const byId = (entries: Iterable<Record<string, unknown>>): Record<string, unknown>[] => [...entries].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));

describe('directory sync in every institution shape (LDIF directory over test/fixtures/directory-shapes)', () => {
  const opened: SyncDatabase[] = [];
  const syncShape = async (shape: DirectoryMapping, ldif = shapesLdif): Promise<{ sync: SyncDatabase; report: Awaited<ReturnType<typeof syncOk>> }> => {
    const sync = await openSyncDatabase();
    opened.push(sync);
    return { sync, report: await syncOk(sync.db, new LdifDirectory(shape, ldif), roles) };
  };
  let parent: SyncDatabase;

  beforeAll(async () => {
    ({ sync: parent } = await syncShape(parentShape));
  });
  afterAll(async () => {
    await Promise.all(opened.map((sync) => sync.close()));
  });

  it('parent shape: the entry above a customer is their institution, institutions without customers included', async () => {
    expect(byId((await entitiesOf(parent.db, 'institutions')).values())).toEqual([
      { id: '40000000-0000-4000-8000-000000000001', name: globexName, valid: true, version: 1 },
      { id: '40000000-0000-4000-8000-000000000002', name: 'Initech, S.A.', valid: true, version: 1 },
      { id: '40000000-0000-4000-8000-000000000003', name: 'Empty Holdings', valid: true, version: 1 },
      { id: '40000000-0000-4000-8000-000000000004', name: 'Branch Office', valid: true, version: 1 },
    ]);
    const customers = await entitiesOf(parent.db, 'customer_users');
    expect(customers.get('41000000-0000-4000-8000-000000000001')).toEqual({
      id: '41000000-0000-4000-8000-000000000001', username: 'g.one', displayName: 'Gina One', email: 'g.one@globex.example', phone: null,
      institutionId: '40000000-0000-4000-8000-000000000001', valid: true, version: 1,
    });
    expect([...customers.values()].map((entry) => [entry['username'], entry['institutionId']]).sort()).toEqual([
      ['b.one', '40000000-0000-4000-8000-000000000004'],
      ['g.one', '40000000-0000-4000-8000-000000000001'],
      ['g.two', '40000000-0000-4000-8000-000000000001'],
      ['i.one', '40000000-0000-4000-8000-000000000002'],
      ['loose', null],
    ]);
  });

  it('agents are the people of the mapped groups, never a customer in one by mistake, nor someone without a user name', async () => {
    expect(byId((await entitiesOf(parent.db, 'agents')).values())).toEqual([
      { id: '10000000-0000-4000-8000-000000000001', username: 'anna.agent', displayName: 'Anna Agent', email: 'anna.agent@shapes.example', ownerGroups: ['serviceline'], valid: true, version: 1 },
      { id: '10000000-0000-4000-8000-000000000002', username: 'bert.agent', displayName: 'Bert Agent', email: null, ownerGroups: ['serviceline'], valid: true, version: 1 },
    ]);
    const bert = await parent.db.query('SELECT roles, permissions FROM agents WHERE username = $1', ['bert.agent']);
    expect(bert.rows[0]).toEqual({ roles: ['serviceline', 'tax-readers'], permissions: { serviceline: ['rw'], tax: ['ro'] } });
  });

  it('parent shape: a customer moved under another institution keeps their id, at the next version', async () => {
    const from = `uid=g.two,o=Globex (Europe) *Ltd* \\5C & Co,ou=parent,ou=customers,${baseDn}`;
    const moved = LdifText.parse(shapesLdif).move(from, `uid=g.two,o=Initech\\, S.A.,ou=parent,ou=customers,${baseDn}`).text;
    const report = await syncOk(parent.db, new LdifDirectory(parentShape, moved), roles);
    expect(report.customers).toEqual({ created: 0, updated: 1, invalidated: 0, unchanged: 4 });
    expect((await entitiesOf(parent.db, 'customer_users')).get('41000000-0000-4000-8000-000000000002')).toMatchObject({
      username: 'g.two', institutionId: '40000000-0000-4000-8000-000000000002', valid: true, version: 2,
    });
  });

  it('attribute shape: the name on the entry makes the institution (id from the normalised name); a move between OUs changes nothing', async () => {
    const { sync, report } = await syncShape(attributeShape);
    const globexId = institutionIdFromName(globexName);
    const initechId = institutionIdFromName('Initech, S.A.');
    expect(byId((await entitiesOf(sync.db, 'institutions')).values())).toEqual(byId([
      { id: globexId, name: globexName, valid: true, version: 1 },
      { id: initechId, name: 'Initech, S.A.', valid: true, version: 1 },
    ]));
    const customers = [...(await entitiesOf(sync.db, 'customer_users')).values()];
    expect(customers.map((entry) => [entry['username'], entry['institutionId']]).sort()).toEqual([
      ['a.four', initechId], ['a.noid', initechId], ['a.none', null], ['a.one', globexId], ['a.three', globexId], ['a.two', globexId],
    ]);
    // Naming two institutions, a.twice is left out with the reason rather than given a guess.
    expect(report.skipped).toEqual([{ kind: 'customer', entry: `uid=a.twice,ou=south,ou=attribute,ou=customers,${baseDn}`, problem: 'o names more than one institution' }]);

    const moved = LdifText.parse(shapesLdif).move(`uid=a.one,ou=north,ou=attribute,ou=customers,${baseDn}`, `uid=a.one,ou=south,ou=attribute,ou=customers,${baseDn}`).text;
    const again = await syncOk(sync.db, new LdifDirectory(attributeShape, moved), roles);
    expect(again.customers).toEqual({ created: 0, updated: 0, invalidated: 0, unchanged: 6 });
  });

  it('attribute shape: a customer whose institution name changes moves to the institution of the new name; the old one becomes invalid once nobody names it', async () => {
    const { sync } = await syncShape(attributeShape);
    const initechId = institutionIdFromName('Initech, S.A.');
    const renamed = LdifText.parse(shapesLdif)
      .replace(`uid=a.four,ou=south,ou=attribute,ou=customers,${baseDn}`, 'o', 'Initech SA')
      .replace(`uid=a.noid,ou=south,ou=attribute,ou=customers,${baseDn}`, 'o', 'Initech SA')
      .remove(`uid=a.twice,ou=south,ou=attribute,ou=customers,${baseDn}`).text;
    const report = await syncOk(sync.db, new LdifDirectory(attributeShape, renamed), roles);
    expect(report.institutions).toEqual({ created: 1, updated: 0, invalidated: 1, unchanged: 1 });
    expect((await entitiesOf(sync.db, 'institutions')).get(initechId)).toMatchObject({ valid: false, version: 2 });
    expect((await entitiesOf(sync.db, 'customer_users')).get('42000000-0000-4000-8000-000000000004')).toMatchObject({ institutionId: institutionIdFromName('Initech SA'), version: 2 });
  });

  it('reference shape: the entry a DN attribute points at; a dangling reference is reported', async () => {
    const { sync, report } = await syncShape(referenceShape);
    expect(byId((await entitiesOf(sync.db, 'institutions')).values()).map((entry) => [entry['id'], entry['name']])).toEqual([
      ['30000000-0000-4000-8000-000000000001', globexName],
      ['30000000-0000-4000-8000-000000000002', 'Initech, S.A.'],
    ]);
    expect((await entitiesOf(sync.db, 'customer_users')).size).toBe(4);
    expect(report.skipped).toHaveLength(1);
    expect(report.skipped[0]?.problem).toMatch(/^the institution entry o=Gone Bank/u);
  });
});
