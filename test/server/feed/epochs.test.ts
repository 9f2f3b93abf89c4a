import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { MembershipRefresh, type RefreshOutcome } from '../../../src-server/auth/membership-refresh.js';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { testDirectoryConfig } from '../../harness/directory.js';
import { startServerOnFreshDatabase, testRoles, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, moveTicket, waitForStamped, type Bundle } from './support/domain.js';
import { applyChanges, getChanges, idsOf, pullAll, pullPage, signIn } from './support/feed-client.js';
import { LdapAdmin } from './support/ldap-admin.js';

type ProbeGroup = 'kontor-custody' | 'kontor-tax';
const probeGroups: readonly ProbeGroup[] = ['kontor-custody', 'kontor-tax'];
type State = Map<string, Map<string, unknown>>;

const ticketIds = (bundles: readonly Bundle[]): string[] => bundles.map((bundle) => bundle.ticket.id).sort();
const articleIds = (bundles: readonly Bundle[]): string[] => bundles.flatMap((bundle) => bundle.articles.map((article) => article.id)).sort();
const historyIds = (bundles: readonly Bundle[]): string[] => bundles.flatMap((bundle) => bundle.history.map((entry) => entry.id)).sort();

/**
 * Everything one test needs, built anew for it: its own database and server, three custody
 * tickets (two articles each) and two tax tickets (one article each), and a probe agent of its
 * own, in the given groups, signed in and bootstrapped. No test sees what another one did.
 */
class EpochWorld {
  /** Payloads of `kontor_epoch` notifications, in arrival order. */
  readonly notified: string[] = [];
  probe = { dn: '', username: '', id: '' };
  token = '';
  /** The probe's feed position after the last pull. */
  cursor = '';
  /** What the probe's Desk holds after the bootstrap. */
  bootstrapped: State = new Map();
  private readonly closers: (() => Promise<void>)[] = [];

  private constructor(
    readonly running: ServerOnTestDatabase,
    readonly db: Database,
    readonly queues: Record<'custody' | 'tax' | 'settlement', Queue>,
    readonly custody: Bundle[],
    readonly tax: Bundle[],
  ) {}

  static async open(ldap: LdapAdmin, groups: readonly ProbeGroup[]): Promise<EpochWorld> {
    const running = await startServerOnFreshDatabase();
    const db = openPostgres(running.database.url, { max: 2 });
    const closeServer = async (): Promise<void> => {
      await db.close();
      await running.close();
    };
    try {
      const queues = {
        custody: await createQueue(db, 'Verwahrung', 'custody'),
        tax: await createQueue(db, 'Steuern', 'tax'),
        settlement: await createQueue(db, 'Wertpapiere::Abwicklung', 'settlement'),
      };
      const custody: Bundle[] = [];
      const tax: Bundle[] = [];
      for (let index = 0; index < 3; index += 1) custody.push(await createTicket(db, queues.custody, `Custody ${index}`, ['Call', 'Note']));
      for (let index = 0; index < 2; index += 1) tax.push(await createTicket(db, queues.tax, `Tax ${index}`, ['Call']));
      const world = new EpochWorld(running, db, queues, custody, tax);
      world.closers.push(closeServer);
      await world.signInProbe(ldap, groups);
      return world;
    } catch (error) {
      await closeServer();
      throw error;
    }
  }

  private async signInProbe(ldap: LdapAdmin, groups: readonly ProbeGroup[]): Promise<void> {
    await this.db.listen('kontor_epoch', (payload) => this.notified.push(payload));
    const person = await ldap.addPerson('feed-probe');
    this.closers.unshift(() => ldap.removePerson(person.dn, probeGroups));
    for (const group of groups) await ldap.addToGroup(group, person.dn);
    this.token = await signIn(this.running.url, person.username);
    const stored = await this.db.query<{ id: string }>('SELECT id FROM agents WHERE username = $1', [person.username]);
    this.probe = { ...person, id: stored.rows[0]?.id ?? '' };
    await waitForStamped(this.db);
    const bootstrap = await pullAll(this.running.url, this.token);
    this.cursor = bootstrap.cursor;
    this.bootstrapped = applyChanges(bootstrap.changes);
  }

  async agentRow(): Promise<{ permission_epoch: number; permissions: unknown }> {
    const result = await this.db.query<{ permission_epoch: number; permissions: unknown }>('SELECT permission_epoch, permissions FROM agents WHERE id = $1', [this.probe.id]);
    const row = result.rows[0];
    if (!row) throw new Error('the probe agent was never stored');
    return row;
  }

  /** Pulls everything after the cursor and moves it on. */
  async pullOn(): Promise<{ state: State; changes: Change[] }> {
    await waitForStamped(this.db);
    const pulled = await pullAll(this.running.url, this.token, this.cursor);
    this.cursor = pulled.cursor;
    return { state: applyChanges(pulled.changes), changes: pulled.changes };
  }

  refreshNow(): Promise<RefreshOutcome> {
    return this.running.server.membershipRefresh.refreshNow();
  }

  /** Takes the probe out of the directory, then stops the server and drops the database, even if a step fails. */
  async close(): Promise<void> {
    const failures: unknown[] = [];
    for (const close of this.closers) await close().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, 'closing the epoch test world failed');
  }
}

describe('permission epochs: roles granted and revoked in the directory reach the feed', () => {
  let ldap: LdapAdmin;
  let opened: EpochWorld | undefined;
  const open = async (groups: readonly ProbeGroup[]): Promise<EpochWorld> => {
    opened = await EpochWorld.open(ldap, groups);
    return opened;
  };

  beforeAll(async () => {
    ldap = await LdapAdmin.connect();
  });
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  afterAll(async () => {
    await ldap.close();
  });

  it('bootstraps exactly the tickets of the groups the probe holds', async () => {
    const world = await open(['kontor-custody']);
    expect(idsOf(world.bootstrapped, 'ticket')).toEqual(ticketIds(world.custody));
    expect(idsOf(world.bootstrapped, 'article')).toEqual(articleIds(world.custody));
  });

  it('purges a revoked group with removes and delivers a granted one whole, after the scheduled re-read', async () => {
    const world = await open(['kontor-custody']);
    const { custody, tax, queues, probe } = world;
    const before = await world.agentRow();
    // Leaves the agent's view through a group that is about to be lost: still a remove.
    const movedAway = await moveTicket(world.db, custody[2] as Bundle, queues.custody, queues.settlement);
    await ldap.removeFromGroup('kontor-custody', probe.dn);
    await ldap.addToGroup('kontor-tax', probe.dn);

    const outcome = await world.refreshNow();
    expect(outcome.changed).toEqual([probe.id]);
    const after = await world.agentRow();
    expect(after.permission_epoch).toBe(before.permission_epoch + 1);
    expect(after.permissions).toEqual({ tax: ['rw'] });
    await expect.poll(() => world.notified).toContain(probe.id);

    const { state, changes } = await world.pullOn();
    const removed = changes.filter((change) => change.op === 'remove').map((change) => change.id);
    expect(new Set(removed)).toEqual(new Set([...custody.slice(0, 2), movedAway].map((bundle) => bundle.ticket.id)));
    expect(idsOf(state, 'ticket')).toEqual(ticketIds(tax));
    expect(idsOf(state, 'article')).toEqual(articleIds(tax));
    expect(idsOf(state, 'history')).toEqual(historyIds(tax));

    // A second round finds nothing new: no epoch, no notification.
    expect((await world.refreshNow()).changed).toEqual([]);
  });

  it('delivers the tickets of a group granted again, without removing anything', async () => {
    const world = await open(['kontor-custody', 'kontor-tax']);
    await ldap.removeFromGroup('kontor-custody', world.probe.dn);
    expect((await world.refreshNow()).changed).toEqual([world.probe.id]);
    await world.pullOn();

    await ldap.addToGroup('kontor-custody', world.probe.dn);
    expect((await world.refreshNow()).changed).toEqual([world.probe.id]);
    const { changes, state } = await world.pullOn();
    expect(changes.filter((change) => change.op === 'remove')).toEqual([]);
    expect(idsOf(state, 'ticket')).toEqual(ticketIds(world.custody));
    expect(idsOf(state, 'article')).toEqual(articleIds(world.custody));
  });

  it('bumps the epoch at a login that brings other permissions, and only then', async () => {
    const world = await open(['kontor-custody', 'kontor-tax']);
    await ldap.removeFromGroup('kontor-tax', world.probe.dn);
    const before = await world.agentRow();
    world.notified.length = 0;
    await signIn(world.running.url, world.probe.username);
    const after = await world.agentRow();
    expect(after.permission_epoch).toBe(before.permission_epoch + 1);
    await expect.poll(() => world.notified).toEqual([world.probe.id]);
    const { changes } = await world.pullOn();
    // Besides the agent's own new owner groups (an `agent` upsert every Desk receives).
    const ticketChanges = changes.filter((change) => change.entity !== 'agent');
    expect(new Set(ticketChanges.map((change) => `${change.op} ${change.id}`))).toEqual(new Set(world.tax.map((bundle) => `remove ${bundle.ticket.id}`)));

    await signIn(world.running.url, world.probe.username);
    expect((await world.agentRow()).permission_epoch).toBe(after.permission_epoch);
  });

  it('keeps everything as it is while the directory cannot be reached', async () => {
    const world = await open(['kontor-custody']);
    const { serviceDn, servicePassword } = inject('ldap');
    const unreachable = createDirectory(testDirectoryConfig({ url: 'ldaps://127.0.0.1:1', timeoutMs: 500 }), { dn: serviceDn, password: servicePassword });
    const refresh = new MembershipRefresh({ db: world.db, directory: unreachable, roles: testRoles, now: () => new Date(), log: { warn: () => undefined } });
    try {
      await ldap.removeFromGroup('kontor-custody', world.probe.dn);
      const before = await world.agentRow();
      const outcome = await refresh.refreshNow();
      expect(outcome).toMatchObject({ checked: 0, changed: [] });
      expect(outcome.skipped).toContain(world.probe.id);
      expect(await world.agentRow()).toEqual(before);
    } finally {
      await unreachable.close();
    }
  });

  it('removes a ticket that leaves a lost group while the purge is under way', async () => {
    const world = await open(['kontor-custody']);
    const held = [...world.custody].sort((a, b) => (a.ticket.id < b.ticket.id ? -1 : 1));
    await ldap.removeFromGroup('kontor-custody', world.probe.dn);
    await ldap.addToGroup('kontor-tax', world.probe.dn);
    expect((await world.refreshNow()).changed).toEqual([world.probe.id]);
    await waitForStamped(world.db);
    // The agent's own new owner groups come first in the log; the purge's first remove after them.
    let first = await pullPage(world.running.url, world.token, world.cursor, 1);
    const agentChanges = [];
    while (first.changes.every((change) => change.entity === 'agent')) {
      agentChanges.push(...first.changes);
      first = await pullPage(world.running.url, world.token, first.cursor, 1);
    }
    expect(first.changes.map((change) => `${change.op} ${change.id}`)).toEqual([`remove ${held[0]?.ticket.id}`]);

    // Out of the lost group into one the agent never had: the purge will not find it there.
    await moveTicket(world.db, held[1] as Bundle, world.queues.custody, world.queues.settlement);
    await waitForStamped(world.db);
    const rest = await pullAll(world.running.url, world.token, first.cursor, 1);
    expect(rest.changes.map((change) => `${change.op} ${change.id}`)).toContain(`remove ${held[1]?.ticket.id}`);
    const state = applyChanges([...agentChanges, ...first.changes, ...rest.changes], world.bootstrapped);
    expect(idsOf(state, 'ticket')).toEqual(ticketIds(world.tax));
    expect(idsOf(state, 'article')).toEqual(articleIds(world.tax));
  });

  it('answers 410 when the permissions change in the middle of a bootstrap', async () => {
    const world = await open(['kontor-tax']);
    const page = await pullPage(world.running.url, world.token, '', 1);
    expect(page.hasMore).toBe(true);
    await ldap.addToGroup('kontor-custody', world.probe.dn);
    expect((await world.refreshNow()).changed).toEqual([world.probe.id]);
    const response = await getChanges(world.running.url, world.token, page.cursor);
    expect(response.status).toBe(410);
    expect(response.json).toMatchObject({ reason: 'resync-required' });
  });

  it('ends the sessions of someone who holds no agent role any more', async () => {
    const world = await open(['kontor-custody', 'kontor-tax']);
    await ldap.removeFromGroup('kontor-custody', world.probe.dn);
    await ldap.removeFromGroup('kontor-tax', world.probe.dn);
    expect((await world.refreshNow()).changed).toEqual([world.probe.id]);
    expect((await world.agentRow()).permissions).toEqual({});
    const response = await getChanges(world.running.url, world.token, world.cursor);
    expect(response.status).toBe(401);
    const audit = await world.db.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE event = 'session-revoked' AND actor_id = $1", [world.probe.id]);
    expect(audit.rows).toEqual([{ outcome: 'no-agent-role' }]);
  });
});
