import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MembershipRefresh } from '../../../src-server/auth/membership-refresh.js';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { testDirectoryConfig } from '../../harness/directory.js';
import { startServerOnFreshDatabase, testRoles, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, moveTicket, waitForStamped, type Bundle } from './support/domain.js';
import { applyChanges, getChanges, idsOf, pullAll, pullPage, signIn } from './support/feed-client.js';
import { LdapAdmin } from './support/ldap-admin.js';

const probeGroups = ['kontor-custody', 'kontor-tax'] as const;

describe('permission epochs: roles granted and revoked in the directory reach the feed', () => {
  let running: ServerOnTestDatabase;
  let db: Database;
  let ldap: LdapAdmin;
  let probe: { dn: string; username: string; id: string };
  let token: string;
  let cursor: string;
  const queues = {} as Record<'custody' | 'tax' | 'settlement', Queue>;
  const custody: Bundle[] = [];
  const tax: Bundle[] = [];
  const notified: string[] = [];

  const agentRow = async (): Promise<{ permission_epoch: number; permissions: unknown }> => {
    const result = await db.query<{ permission_epoch: number; permissions: unknown }>('SELECT permission_epoch, permissions FROM agents WHERE id = $1', [probe.id]);
    const row = result.rows[0];
    if (!row) throw new Error('the probe agent was never stored');
    return row;
  };
  const pullOn = async (): Promise<{ state: Map<string, Map<string, unknown>>; changes: Change[] }> => {
    await waitForStamped(db);
    const pulled = await pullAll(running.url, token, cursor);
    cursor = pulled.cursor;
    return { state: applyChanges(pulled.changes), changes: pulled.changes };
  };

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
    db = openPostgres(running.database.url, { max: 2 });
    queues.custody = await createQueue(db, 'Verwahrung', 'custody');
    queues.tax = await createQueue(db, 'Steuern', 'tax');
    queues.settlement = await createQueue(db, 'Wertpapiere::Abwicklung', 'settlement');
    for (let index = 0; index < 3; index += 1) custody.push(await createTicket(db, queues.custody, `Custody ${index}`, ['Call', 'Note']));
    for (let index = 0; index < 2; index += 1) tax.push(await createTicket(db, queues.tax, `Tax ${index}`, ['Call']));
    await db.listen('kontor_epoch', (payload) => notified.push(payload));

    ldap = await LdapAdmin.connect();
    const person = await ldap.addPerson('feed-probe');
    await ldap.addToGroup('kontor-custody', person.dn);
    token = await signIn(running.url, person.username);
    const stored = await db.query<{ id: string }>('SELECT id FROM agents WHERE username = $1', [person.username]);
    probe = { ...person, id: stored.rows[0]?.id ?? '' };
    const bootstrap = await pullAll(running.url, token);
    cursor = bootstrap.cursor;
    expect(idsOf(applyChanges(bootstrap.changes), 'ticket')).toEqual(custody.map((bundle) => bundle.ticket.id).sort());
  });
  afterAll(async () => {
    await ldap.removePerson(probe.dn, probeGroups);
    await ldap.close();
    await db.close();
    await running.close();
  });

  it('purges a revoked group with removes and delivers a granted one whole, after the scheduled re-read', async () => {
    const before = await agentRow();
    // Leaves the agent's view through a group that is about to be lost: still a remove.
    const movedAway = await moveTicket(db, custody[2] as Bundle, queues.custody, queues.settlement);
    await ldap.removeFromGroup('kontor-custody', probe.dn);
    await ldap.addToGroup('kontor-tax', probe.dn);

    const outcome = await running.server.membershipRefresh.refreshNow();
    expect(outcome.changed).toEqual([probe.id]);
    const after = await agentRow();
    expect(after.permission_epoch).toBe(before.permission_epoch + 1);
    expect(after.permissions).toEqual({ tax: ['rw'] });
    await expect.poll(() => notified).toContain(probe.id);

    const { state, changes } = await pullOn();
    const removed = changes.filter((change) => change.op === 'remove').map((change) => change.id);
    expect(new Set(removed)).toEqual(new Set([...custody.slice(0, 2), movedAway].map((bundle) => bundle.ticket.id)));
    expect(idsOf(state, 'ticket')).toEqual(tax.map((bundle) => bundle.ticket.id).sort());
    expect(idsOf(state, 'article')).toEqual(tax.flatMap((bundle) => bundle.articles.map((article) => article.id)).sort());
    expect(idsOf(state, 'history')).toEqual(tax.flatMap((bundle) => bundle.history.map((entry) => entry.id)).sort());

    // A second round finds nothing new: no epoch, no notification.
    expect((await running.server.membershipRefresh.refreshNow()).changed).toEqual([]);
  });

  it('delivers the tickets of a group granted again, without removing anything', async () => {
    await ldap.addToGroup('kontor-custody', probe.dn);
    expect((await running.server.membershipRefresh.refreshNow()).changed).toEqual([probe.id]);
    const { changes } = await pullOn();
    expect(changes.filter((change) => change.op === 'remove')).toEqual([]);
    const state = applyChanges(changes);
    expect(idsOf(state, 'ticket')).toEqual(custody.slice(0, 2).map((bundle) => bundle.ticket.id).sort());
    expect(idsOf(state, 'article')).toHaveLength(4);
  });

  it('bumps the epoch at a login that brings other permissions, and only then', async () => {
    await ldap.removeFromGroup('kontor-tax', probe.dn);
    const before = await agentRow();
    notified.length = 0;
    await signIn(running.url, probe.username);
    const after = await agentRow();
    expect(after.permission_epoch).toBe(before.permission_epoch + 1);
    await expect.poll(() => notified).toEqual([probe.id]);
    const { changes } = await pullOn();
    expect(new Set(changes.map((change) => `${change.op} ${change.id}`))).toEqual(new Set(tax.map((bundle) => `remove ${bundle.ticket.id}`)));

    await signIn(running.url, probe.username);
    expect((await agentRow()).permission_epoch).toBe(after.permission_epoch);
  });

  it('keeps everything as it is while the directory cannot be reached', async () => {
    const { serviceDn, servicePassword } = inject('ldap');
    const unreachable = createDirectory(testDirectoryConfig({ url: 'ldaps://127.0.0.1:1', timeoutMs: 500 }), { dn: serviceDn, password: servicePassword });
    const refresh = new MembershipRefresh({ db, directory: unreachable, roles: testRoles, now: () => new Date(), log: { warn: () => undefined } });
    try {
      await ldap.removeFromGroup('kontor-custody', probe.dn);
      const before = await agentRow();
      const outcome = await refresh.refreshNow();
      expect(outcome).toMatchObject({ checked: 0, changed: [] });
      expect(outcome.skipped).toContain(probe.id);
      expect(await agentRow()).toEqual(before);
    } finally {
      await unreachable.close();
      await ldap.addToGroup('kontor-custody', probe.dn);
    }
  });

  it('removes a ticket that leaves a lost group while the purge is under way', async () => {
    const held = custody.slice(0, 2).sort((a, b) => (a.ticket.id < b.ticket.id ? -1 : 1));
    await ldap.removeFromGroup('kontor-custody', probe.dn);
    await ldap.addToGroup('kontor-tax', probe.dn);
    expect((await running.server.membershipRefresh.refreshNow()).changed).toEqual([probe.id]);
    await waitForStamped(db);
    const first = await pullPage(running.url, token, cursor, 1);
    expect(first.changes.map((change) => `${change.op} ${change.id}`)).toEqual([`remove ${held[0]?.ticket.id}`]);

    // Out of the lost group into one the agent never had: the purge will not find it there.
    await moveTicket(db, held[1] as Bundle, queues.custody, queues.settlement);
    await waitForStamped(db);
    const rest = await pullAll(running.url, token, first.cursor, 1);
    cursor = rest.cursor;
    expect(rest.changes.map((change) => `${change.op} ${change.id}`)).toContain(`remove ${held[1]?.ticket.id}`);
    expect(idsOf(applyChanges([...first.changes, ...rest.changes], applyChanges([])), 'ticket')).toEqual(tax.map((bundle) => bundle.ticket.id).sort());
  });

  it('answers 410 when the permissions change in the middle of a bootstrap', async () => {
    const page = await pullPage(running.url, token, '', 1);
    expect(page.hasMore).toBe(true);
    await ldap.addToGroup('kontor-custody', probe.dn);
    expect((await running.server.membershipRefresh.refreshNow()).changed).toEqual([probe.id]);
    const response = await getChanges(running.url, token, page.cursor);
    expect(response.status).toBe(410);
    expect(response.json).toMatchObject({ reason: 'resync-required' });
  });

  it('ends the sessions of someone who holds no agent role any more', async () => {
    await ldap.removeFromGroup('kontor-custody', probe.dn);
    await ldap.removeFromGroup('kontor-tax', probe.dn);
    expect((await running.server.membershipRefresh.refreshNow()).changed).toEqual([probe.id]);
    expect((await agentRow()).permissions).toEqual({});
    const response = await getChanges(running.url, token, cursor);
    expect(response.status).toBe(401);
    const audit = await db.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE event = 'session-revoked' AND actor_id = $1", [probe.id]);
    expect(audit.rows).toEqual([{ outcome: 'no-agent-role' }]);
  });
});
