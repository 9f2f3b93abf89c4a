import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RoleConfig } from '../../../src-server/config.js';
import { syncDirectory } from '../../../src-server/directory-sync/sync-directory.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { DirectoryUnavailableError, type Directory } from '../../../src-shared/node/directory/types.js';
import { testCustomers, testDirectory, testDirectoryConfig, testDirectoryMapping, testInstitutions, testUsers } from '../../harness/directory.js';
import { testRoles } from '../../harness/kontor-server.js';
import { changesOf, entitiesOf, failingDirectory, lastChangeId, openSyncDatabase, syncOk, type SyncDatabase, type SyncedTable } from './support.js';

/** The directory as the server reads it: the run's slapd, bound as the service account. */
function serviceDirectory(overrides: Parameters<typeof testDirectoryConfig>[0] = {}): Directory {
  const { serviceDn, servicePassword } = inject('ldap');
  return createDirectory(testDirectoryConfig(overrides), { dn: serviceDn, password: servicePassword });
}

const expectedInstitutions = Object.values(testInstitutions).map((institution) => ({ id: institution.id, name: institution.name, valid: true, version: 1 }));
const expectedCustomers = testCustomers.map((customer) => ({
  id: customer.id,
  username: customer.username,
  displayName: customer.displayName,
  email: customer.email,
  phone: customer.phone,
  institutionId: customer.institution.id,
  valid: true,
  version: 1,
}));

/** The demo agents under `testRoles`, with the groups in which each may own tickets (ro + owner, or rw). */
const demoAgents: Partial<Record<keyof typeof testUsers, string[]>> = {
  mmueller: ['serviceline', 'settlement'], // serviceline rw; settlement rw, and ro + owner as team lead
  sobrien: ['custody'],
  hmeier: ['tax'],
  pschulz: ['helpdesk'],
  dnowak: ['itops'],
  lweber: ['settlement'],
  kraus: [], // a contractor reads and notes, owns nothing
  twagner: ['serviceline'], // locked in the directory, still an agent
  afischer: ['serviceline'], // password expired, still an agent
};
const agentEntity = (key: keyof typeof testUsers, ownerGroups: string[]): Record<string, unknown> => {
  const person = testUsers[key];
  return { id: person.id, username: person.username, displayName: person.displayName, email: person.email, ownerGroups, valid: true, version: 1 };
};

/** Every row of the table has exactly one change row, an upsert for everyone carrying the whole row. */
async function expectOneChangePerRow(sync: SyncDatabase, table: SyncedTable, afterId = '0'): Promise<void> {
  const rows = await entitiesOf(sync.db, table);
  const changes = await changesOf(sync.db, table, afterId);
  expect(changes.map((change) => change.id).sort()).toEqual([...rows.keys()].sort());
  for (const change of changes) expect(change).toEqual({ entity: change.entity, op: 'upsert', id: change.id, ticketId: null, group: null, data: rows.get(change.id) });
}

describe('directory sync from the run\'s slapd', () => {
  let full: SyncDatabase;
  let quiet: SyncDatabase;
  let directory: Directory;
  // Groups no other test file changes while this one runs (the feed tests add probes to custody, tax, itops, contractors).
  const quietRoles: RoleConfig[] = testRoles.filter((role) => ['serviceline', 'settlement', 'helpdesk', 'teamlead'].includes(role.name));

  beforeAll(async () => {
    [full, quiet] = await Promise.all([openSyncDatabase(), openSyncDatabase()]);
    directory = serviceDirectory();
  });
  afterAll(async () => {
    await directory.close();
    await Promise.all([full.close(), quiet.close()]);
  });

  it('creates the institutions, customer users and agents of the demo directory, each with a change row', async () => {
    const report = await syncOk(full.db, directory, testRoles);
    expect(report.institutions).toEqual({ created: expectedInstitutions.length, updated: 0, invalidated: 0, unchanged: 0 });
    expect(report.customers).toEqual({ created: expectedCustomers.length, updated: 0, invalidated: 0, unchanged: 0 });
    expect(report.skipped).toEqual([]);
    expect([...(await entitiesOf(full.db, 'institutions')).values()]).toEqual(expect.arrayContaining(expectedInstitutions));
    expect((await entitiesOf(full.db, 'institutions')).size).toBe(expectedInstitutions.length);
    expect([...(await entitiesOf(full.db, 'customer_users')).values()]).toEqual(expect.arrayContaining(expectedCustomers));
    expect((await entitiesOf(full.db, 'customer_users')).size).toBe(expectedCustomers.length);

    const agents = await entitiesOf(full.db, 'agents');
    for (const [key, ownerGroups] of Object.entries(demoAgents) as [keyof typeof testUsers, string[]][]) {
      expect(agents.get(testUsers[key].id), key).toEqual(agentEntity(key, ownerGroups));
    }
    // Staff without an agent role are no agents; anyone else is a probe another test file put into a group meanwhile.
    expect(agents.has(testUsers.jschmidt.id)).toBe(false);
    const demoIds = new Set(Object.values(testUsers).map((person) => person.id));
    for (const agent of agents.values()) if (!demoIds.has(String(agent['id']))) expect(String(agent['username'])).toMatch(/probe|events/u);
    expect(report.agents).toEqual({ created: agents.size, updated: 0, invalidated: 0, unchanged: 0 });

    // Roles and permissions as login grants them; nobody has signed in.
    const stored = await full.db.query('SELECT dn, roles, permissions, last_login_at FROM agents WHERE id = $1', [testUsers.mmueller.id]);
    expect(stored.rows[0]).toEqual({
      dn: testUsers.mmueller.dn,
      roles: ['serviceline', 'settlement', 'teamlead'],
      permissions: { serviceline: ['ro', 'priority', 'rw'], settlement: ['ro', 'move_into', 'owner', 'rw'] },
      last_login_at: null,
    });
    for (const table of ['institutions', 'customer_users', 'agents'] as const) await expectOneChangePerRow(full, table);
  });

  it('changes nothing and writes no change row when the directory has not changed', async () => {
    const first = await syncOk(quiet.db, directory, quietRoles);
    expect(first.agents).toEqual({ created: 5, updated: 0, invalidated: 0, unchanged: 0 });
    const before = await Promise.all((['institutions', 'customer_users', 'agents'] as const).map((table) => entitiesOf(quiet.db, table)));
    const mark = await lastChangeId(quiet.db);

    const second = await syncOk(quiet.db, directory, quietRoles);
    expect(second).toMatchObject({
      institutions: { created: 0, updated: 0, invalidated: 0, unchanged: expectedInstitutions.length },
      customers: { created: 0, updated: 0, invalidated: 0, unchanged: expectedCustomers.length },
      agents: { created: 0, updated: 0, invalidated: 0, unchanged: 5 },
    });
    expect(await lastChangeId(quiet.db)).toBe(mark);
    expect(await Promise.all((['institutions', 'customer_users', 'agents'] as const).map((table) => entitiesOf(quiet.db, table)))).toEqual(before);
  });

  it('marks nothing invalid while the directory cannot be read, wholly or half-way', async () => {
    await syncOk(quiet.db, directory, quietRoles);
    const before = await Promise.all((['institutions', 'customer_users', 'agents'] as const).map((table) => entitiesOf(quiet.db, table)));
    const mark = await lastChangeId(quiet.db);
    const unreachable = serviceDirectory({ url: 'ldaps://127.0.0.1:1', timeoutMs: 500 });
    const halfWay = failingDirectory(directory, 'listMembers', new DirectoryUnavailableError('the directory went away'));
    try {
      for (const broken of [unreachable, halfWay]) {
        const result = await syncDirectory(quiet.db, broken, { roles: quietRoles }, () => new Date());
        expect(result).toMatchObject({ ok: false, reason: 'directory-unavailable' });
        expect(!result.ok && result.message).toMatch(/^the directory could not be read, nothing was changed: /u);
      }
    } finally {
      await unreachable.close();
    }
    expect(await lastChangeId(quiet.db)).toBe(mark);
    expect(await Promise.all((['institutions', 'customer_users', 'agents'] as const).map((table) => entitiesOf(quiet.db, table)))).toEqual(before);
    // The next run, with the directory back, finds everything as it was.
    expect((await syncOk(quiet.db, directory, quietRoles)).customers.unchanged).toBe(expectedCustomers.length);
  });

  it('never takes an agent for a customer, even when customersBase holds the whole tree', async () => {
    const wide = await openSyncDatabase();
    const whole = serviceDirectory({ mapping: { ...testDirectoryMapping(), customersBase: testDirectory.baseDn } });
    try {
      await syncOk(wide.db, whole, quietRoles);
      const customers = await entitiesOf(wide.db, 'customer_users');
      expect([...customers.values()]).toEqual(expect.arrayContaining(expectedCustomers));
      expect(customers.size).toBe(expectedCustomers.length);
      const agents = await entitiesOf(wide.db, 'agents');
      expect(agents.size).toBe(5);
      expect([...agents.keys()].filter((id) => customers.has(id))).toEqual([]);
    } finally {
      await whole.close();
      await wide.close();
    }
  });
});
