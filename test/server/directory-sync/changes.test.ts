import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-server/auth/session-store.js';
import type { RoleConfig } from '../../../src-server/config.js';
import { ticketIdsOfCustomerUser, ticketIdsOfInstitution } from '../../../src-server/domain/customer-tickets.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import { testCustomers, testDirectory, testDirectoryMapping, testInstitutions, testUsers } from '../../harness/directory.js';
import { testRoles } from '../../harness/kontor-server.js';
import { createQueue } from '../feed/support/domain.js';
import { temporaryDirectory } from '../support/temporary.js';
import { changesOf, createCustomerTicket, entitiesOf, lastChangeId, LdifText, openSyncDatabase, syncOk, type SyncDatabase } from './support.js';

const customer = (username: string): (typeof testCustomers)[number] => {
  const found = testCustomers.find((entry) => entry.username === username);
  if (!found) throw new Error(`no demo customer ${username}`);
  return found;
};
const jsmith = customer('jsmith');
const { globex, initech } = testInstitutions;
const initechCustomers = testCustomers.filter((entry) => entry.institution.id === initech.id);
const settlementGroup = testDirectory.groups['kontor-settlement'].dn;

/**
 * The demo directory as an LDIF file that the test rewrites as an administrator would change
 * the directory. The LDIF directory reads its file once, when it is created (as the CLI does
 * in each run), so every sync gets a directory of its own.
 */
class DirectoryFile {
  readonly file = path.join(temporaryDirectory('kontor-directory-sync-'), 'directory.ldif');
  constructor(
    private readonly sync: SyncDatabase,
    private readonly roles: readonly RoleConfig[],
  ) {}

  async syncWith(ldif: LdifText): ReturnType<typeof syncOk> {
    writeFileSync(this.file, ldif.text);
    const directory = createDirectory({ kind: 'ldif', file: this.file, mapping: testDirectoryMapping() });
    try {
      return await syncOk(this.sync.db, directory, this.roles);
    } finally {
      await directory.close();
    }
  }
}

describe('directory sync: what changed in the directory reaches every Desk, and tickets stay', () => {
  const demo = LdifText.parse(testDirectory.ldif);
  let sync: SyncDatabase;
  let file: DirectoryFile;
  let queue: Queue;
  let ticket = '';

  const entity = async (table: 'customer_users' | 'institutions' | 'agents', id: string): Promise<Record<string, unknown> | undefined> => (await entitiesOf(sync.db, table)).get(id);

  beforeAll(async () => {
    sync = await openSyncDatabase();
    file = new DirectoryFile(sync, testRoles);
    await file.syncWith(demo);
    queue = await createQueue(sync.db, 'Kundenservice', 'serviceline');
    ticket = await createCustomerTicket(sync.db, queue, { customerUserId: jsmith.id, institutionId: globex.id });
  });
  afterAll(async () => {
    await sync.close();
  });

  it('a customer renamed keeps their id and tickets, at the next version, with one change row', async () => {
    const mark = await lastChangeId(sync.db);
    const report = await file.syncWith(demo.replace(jsmith.dn, 'displayName', 'John Smythe'));
    expect(report.customers).toEqual({ created: 0, updated: 1, invalidated: 0, unchanged: testCustomers.length - 1 });
    const renamed = await entity('customer_users', jsmith.id);
    expect(renamed).toMatchObject({ displayName: 'John Smythe', institutionId: globex.id, valid: true, version: 2 });
    expect(await changesOf(sync.db, 'customer_users', mark)).toEqual([{ entity: 'customer-user', op: 'upsert', id: jsmith.id, ticketId: null, group: null, data: renamed }]);
    expect(await changesOf(sync.db, 'institutions', mark)).toEqual([]);
    expect(await ticketIdsOfCustomerUser(sync.db, jsmith.id)).toEqual([ticket]);
  });

  it('a customer moved to another institution\'s OU keeps their id and tickets; the ticket keeps the institution it was opened for', async () => {
    const moved = demo.move(jsmith.dn, `uid=jsmith,${initech.dn}`);
    const report = await file.syncWith(moved);
    expect(report.customers).toMatchObject({ updated: 1, invalidated: 0 });
    expect(await entity('customer_users', jsmith.id)).toMatchObject({ displayName: 'John Smith', institutionId: initech.id, valid: true, version: 3 });
    expect(await ticketIdsOfCustomerUser(sync.db, jsmith.id)).toEqual([ticket]);
    expect(await ticketIdsOfInstitution(sync.db, globex.id)).toEqual([ticket]);
  });

  it('a customer the directory no longer lists becomes invalid, never deleted; their ticket stays', async () => {
    const mark = await lastChangeId(sync.db);
    const report = await file.syncWith(demo.remove(jsmith.dn));
    expect(report.customers).toEqual({ created: 0, updated: 0, invalidated: 1, unchanged: testCustomers.length - 1 });
    const gone = await entity('customer_users', jsmith.id);
    expect(gone).toMatchObject({ valid: false, version: 4 });
    expect((await changesOf(sync.db, 'customer_users', mark)).map((change) => change.data)).toEqual([gone]);
    expect(await ticketIdsOfCustomerUser(sync.db, jsmith.id)).toEqual([ticket]);
    // Invalid already: the next run does not touch them again.
    const again = await file.syncWith(demo.remove(jsmith.dn));
    expect(again.customers.invalidated).toBe(0);
    expect(await entity('customer_users', jsmith.id)).toMatchObject({ version: 4 });
  });

  it('a customer who comes back is valid again, as the directory has them now', async () => {
    const report = await file.syncWith(demo);
    expect(report.customers).toEqual({ created: 0, updated: 1, invalidated: 0, unchanged: testCustomers.length - 1 });
    expect(await entity('customer_users', jsmith.id)).toEqual({
      id: jsmith.id, username: 'jsmith', displayName: 'John Smith', email: jsmith.email, phone: jsmith.phone, institutionId: globex.id, valid: true, version: 5,
    });
  });

  it('an institution removed with its customers: all invalid, and valid again when they return', async () => {
    const removed = await file.syncWith(demo.remove(initech.dn, ...initechCustomers.map((entry) => entry.dn)));
    expect(removed.institutions).toEqual({ created: 0, updated: 0, invalidated: 1, unchanged: Object.keys(testInstitutions).length - 1 });
    expect(removed.customers.invalidated).toBe(initechCustomers.length);
    expect(await entity('institutions', initech.id)).toEqual({ id: initech.id, name: initech.name, valid: false, version: 2 });
    const back = await file.syncWith(demo);
    expect(back.institutions).toMatchObject({ updated: 1, invalidated: 0 });
    expect(back.customers).toMatchObject({ updated: initechCustomers.length, invalidated: 0 });
    expect(await entity('institutions', initech.id)).toEqual({ id: initech.id, name: initech.name, valid: true, version: 3 });
  });

  it('an entry without a usable record is reported with the reason and counts as not listed until it is fixed', async () => {
    const soconnor = customer('soconnor');
    const broken = demo
      .replace(jsmith.dn, 'telephoneNumber', `+44 ${'0'.repeat(70)}`)
      .replace(soconnor.dn, 'mail', `${'s'.repeat(320)}@globex.example`);
    const report = await file.syncWith(broken);
    expect(report.skipped).toEqual([
      { kind: 'customer', entry: jsmith.dn, problem: 'not a usable customer user (phone: Too big: expected string to have <=64 characters)' },
      { kind: 'customer', entry: soconnor.dn, problem: 'not a usable customer user (email: Too big: expected string to have <=320 characters)' },
    ]);
    expect(report.customers).toEqual({ created: 0, updated: 0, invalidated: 2, unchanged: testCustomers.length - 2 });
    expect(await entity('customer_users', soconnor.id)).toMatchObject({ email: soconnor.email, valid: false, version: 2 });

    const fixed = await file.syncWith(demo);
    expect(fixed.skipped).toEqual([]);
    expect(fixed.customers).toMatchObject({ updated: 2, invalidated: 0 });
    expect(await entity('customer_users', soconnor.id)).toMatchObject({ valid: true, version: 3 });
  });

  it('an agent renamed or given other groups reaches every Desk at the next version', async () => {
    const mark = await lastChangeId(sync.db);
    const report = await file.syncWith(demo.replace(testUsers.pschulz.dn, 'displayName', 'Petra Schulz-Berg').withMember(settlementGroup, testUsers.hmeier.dn));
    expect(report.agents).toMatchObject({ created: 0, updated: 2, invalidated: 0 });
    expect(await entity('agents', testUsers.pschulz.id)).toMatchObject({ displayName: 'Petra Schulz-Berg', ownerGroups: ['helpdesk'], version: 2 });
    expect(await entity('agents', testUsers.hmeier.id)).toMatchObject({ ownerGroups: ['settlement', 'tax'], version: 2 });
    expect((await changesOf(sync.db, 'agents', mark)).map((change) => change.id).sort()).toEqual([testUsers.pschulz.id, testUsers.hmeier.id].sort());
    expect((await file.syncWith(demo)).agents).toMatchObject({ updated: 2 });
  });

  it('an agent in no mapped group any more becomes invalid: no roles, no permissions, no session; back in a group, valid again', async () => {
    const lweber = testUsers.lweber;
    await sync.db.transaction((tx) => createSession(tx, { tokenHash: randomBytes(32), agentId: lweber.id, address: '127.0.0.1', now: new Date() }, { idleMs: 3_600_000, absoluteMs: 36_000_000 }));
    const epoch = async (): Promise<number> => (await sync.db.query<{ permission_epoch: number }>('SELECT permission_epoch FROM agents WHERE id = $1', [lweber.id])).rows[0]?.permission_epoch ?? 0;
    const epochBefore = await epoch();

    const report = await file.syncWith(demo.withoutMember(settlementGroup, lweber.dn));
    expect(report.agents).toMatchObject({ created: 0, updated: 0, invalidated: 1 });
    expect(await entity('agents', lweber.id)).toMatchObject({ ownerGroups: [], valid: false, version: 2 });
    const row = await sync.db.query('SELECT roles, permissions FROM agents WHERE id = $1', [lweber.id]);
    expect(row.rows[0]).toEqual({ roles: [], permissions: {} });
    expect(await epoch()).toBe(epochBefore + 1);
    const sessions = await sync.db.query('SELECT 1 FROM agent_sessions WHERE agent_id = $1 AND revoked_at IS NULL', [lweber.id]);
    expect(sessions.rows).toEqual([]);
    const audit = await sync.db.query("SELECT outcome, detail FROM audit_log WHERE event = 'session-revoked' AND actor_id = $1", [lweber.id]);
    expect(audit.rows).toEqual([{ outcome: 'no-agent-role', detail: { sessions: 1, cause: 'directory-sync' } }]);

    const back = await file.syncWith(demo);
    expect(back.agents).toMatchObject({ updated: 1, invalidated: 0 });
    expect(await entity('agents', lweber.id)).toMatchObject({ ownerGroups: ['settlement'], valid: true, version: 3 });
  });
});
