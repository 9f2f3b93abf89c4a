import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MembershipRefresh } from '../../../src-server/auth/membership-refresh.js';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { pinBrowserHost } from '../../harness/browser-host-build.js';
import { testDirectoryConfig } from '../../harness/directory.js';
import { testRoles } from '../../harness/kontor-server.js';
import { SeededRandom, seedFrom } from '../../harness/seeded-random.js';
import { LdapAdmin } from '../../server/feed/support/ldap-admin.js';
import { articleInput, createTicket, expectApplied, queueId, send } from '../../server/mutations/support.js';
import { signIn } from '../../server/support/http.js';
import { eventually } from '../../server/resilience/support/faults.js';
import { DeskAgent } from './support/desk-agent.js';
import { FaultRun } from './support/fault-run.js';
import { cacheFilePath } from './support/cache-inspection.js';
import { downloadedAttachments, holdings, markersInCacheBytes } from './support/held-outside-rights.js';
import { ServerUnderTest } from './support/server-under-test.js';
import { describeLatencies, whenVisible } from './support/visibility.js';

/** Never the budget (ARCHITECTURE.md: p50 150 ms, p99 500 ms, measured by `npm run bench`): a bound that only a broken push or pull misses. */
const visibleWithinMs = 5_000;

/** A text no other test writes, to find in a cache file's bytes. */
const marker = (what: string): string => `${what}-${randomBytes(6).toString('hex')}`;


// Two Kontor Desk processes on one Kontor Server process: mmueller (ServiceLine and settlement)
// and a contractor made for this file (kontor-contractors: settlement note + ro, IT operations ro;
// kontor-tax for a second role). The tests build on each other, in order.
describe('two Desks on one server', () => {
  let server: ServerUnderTest;
  let ldap: LdapAdmin;
  let db: Database;
  let contractor: { dn: string; username: string };
  let run: FaultRun;
  let lead: DeskAgent;
  let extern: DeskAgent;
  /** The directory re-read as another instance on the same database would (the server process does it every 5 minutes). */
  let refresh: MembershipRefresh;
  const random = new SeededRandom(seedFrom('KONTOR_FAULT_SEED'));
  /** Tickets made for this file, by what they are. */
  const tickets = {} as Record<'helpdesk' | 'custody' | 'itops' | 'tax' | 'settlementA' | 'settlementB' | 'serviceline', { id: string; title: string; articleId: string; attachmentId: string }>;
  /** sha256 of the attachments the contractor downloaded. */
  const downloaded: string[] = [];
  /** Undone in reverse order, also after a failed start. */
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    const pinned = pinBrowserHost();
    cleanups.push(() => pinned.release());
    server = await ServerUnderTest.start('kontor-two-desks-');
    cleanups.push(() => server.close());
    db = openPostgres(server.database.url, { max: 2 });
    cleanups.push(() => db.close());
    ldap = await LdapAdmin.connect();
    cleanups.push(() => ldap.close());
    contractor = await ldap.addPerson('contractor-probe');
    cleanups.push(() => ldap.removePerson(contractor.dn, ['kontor-contractors', 'kontor-tax']));
    await ldap.addToGroup('kontor-contractors', contractor.dn);
    await ldap.addToGroup('kontor-tax', contractor.dn);
    const ldapContext = inject('ldap');
    refresh = new MembershipRefresh({
      db,
      directory: createDirectory(testDirectoryConfig(), { dn: ldapContext.serviceDn, password: ldapContext.servicePassword }),
      roles: testRoles,
      now: () => new Date(),
      log: { warn: () => undefined },
    });

    // Tickets of other agents' queues, made over HTTP as those agents.
    const seeded = [
      ['helpdesk', 'pschulz', 'Interner Helpdesk'],
      ['custody', 'sobrien', 'Wertpapiere::Verwahrung'],
      ['itops', 'dnowak', 'IT-Betrieb'],
      ['tax', 'hmeier', 'Steuern'],
    ] as const;
    for (const [key, username, queue] of seeded) {
      const title = marker(`secret-${key}`);
      const attachment = attachmentUpload(title);
      const articleId = random.uuid();
      const created = createTicket(queue, { title, article: articleInput({ articleId, body: title, attachments: [attachment] }) });
      expectApplied((await send(server.directUrl, (await signIn(server.directUrl, username)).token, created))[0]);
      tickets[key] = { id: created.ticketId, title, articleId, attachmentId: attachment.id };
    }

    const where = { runDir: server.runDir, serverUrl: server.url, entry: pinned.entry };
    lead = DeskAgent.create({ name: 'desk-mmueller', username: 'mmueller', queues: ['Wertpapiere'], moveTargets: [] }, where, random);
    extern = DeskAgent.create({ name: 'desk-contractor', username: contractor.username, queues: ['Wertpapiere'], moveTargets: [] }, where, random);
    cleanups.push(() => lead.kill(), () => extern.kill());
    run = new FaultRun(server, [lead, extern], random, 0);
    await run.begin();
    // Tickets made at mmueller's Desk, with an attachment each, as an agent makes them.
    for (const [key, queue] of [['settlementA', 'Wertpapiere'], ['settlementB', 'Wertpapiere'], ['serviceline', 'ServiceLine']] as const) {
      const title = marker(`desk-${key}`);
      const attachment = attachmentUpload(title);
      const ticketId = random.uuid();
      const articleId = random.uuid();
      await lead.running.ipc.value('tickets.mutate', {
        name: 'ticket.create',
        baseVersion: null,
        args: {
          ticketId,
          queueId: queueId(queue),
          title,
          type: 'service-request',
          customerUserId: null,
          article: { articleId, channel: 'phone', visibility: 'internal', subject: 'Anruf', body: title, attachments: [attachment] },
        },
      });
      tickets[key] = { id: ticketId, title, articleId, attachmentId: attachment.id };
    }
    await run.quiet(20_000);
  }, 120_000);

  afterAll(async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'cleaning up after the two-Desk tests failed');
  });

  /** The version of a ticket as the Desk shows it. */
  const shownVersion = async (agent: DeskAgent, ticketId: string): Promise<number> => (await agent.running.ipc.value('tickets.get', { ticketId })).ticket.version;
  const storedAt = async (mutationId: string): Promise<number> => {
    const row = (await server.admin.query<{ at: Date }>('SELECT stored_at AS at FROM mutation_results WHERE mutation_id = $1', [mutationId])).rows[0];
    if (!row) throw new Error(`no stored result for ${mutationId}`);
    return row.at.getTime();
  };

  it('brings an edit at one Desk into the other Desk’s cache within seconds, both ways', async () => {
    const ticketId = tickets.settlementA.id;
    const late: string[] = [];
    const measured = { editToVisible: [] as number[], commitToVisible: [] as number[], noteEditToVisible: [] as number[] };
    // mmueller changes the priority; the contractor's Desk must show it.
    for (let sample = 0; sample < 12; sample += 1) {
      await run.quiet(10_000);
      const shown = await lead.running.ipc.value('tickets.get', { ticketId });
      const priority = (shown.ticket.priority % 5) + 1;
      const editedAt = Date.now();
      const { mutationId } = await lead.running.ipc.value('tickets.mutate', { name: 'ticket.setPriority', baseVersion: shown.ticket.version, args: { ticketId, priority } });
      const seen = await whenVisible(extern.running.ipc, async () => (await extern.running.ipc.value('tickets.get', { ticketId })).ticket.priority === priority, visibleWithinMs);
      if (seen === null) {
        late.push(`priority ${String(priority)} (${mutationId}) not in the contractor's cache after ${String(visibleWithinMs)} ms`);
        continue;
      }
      measured.editToVisible.push(seen - editedAt);
      measured.commitToVisible.push(seen - (await storedAt(mutationId)));
    }
    // The contractor notes (their right on settlement); mmueller's Desk must show the note.
    for (let sample = 0; sample < 6; sample += 1) {
      const articleId = random.uuid();
      const editedAt = Date.now();
      await extern.running.ipc.value('tickets.mutate', {
        name: 'ticket.addArticle',
        baseVersion: null,
        args: { ticketId, article: { articleId, channel: 'note', visibility: 'internal', subject: 'Rückfrage', body: `note ${String(sample)}` } },
      });
      const seen = await whenVisible(lead.running.ipc, async () => (await lead.running.ipc.value('tickets.get', { ticketId })).articles.some((a) => a.id === articleId), visibleWithinMs);
      if (seen === null) late.push(`note ${articleId} not in mmueller's cache after ${String(visibleWithinMs)} ms`);
      else measured.noteEditToVisible.push(seen - editedAt);
    }
    console.info(
      `two Desks, commit→visible in the other Desk's cache (server apply time from mutation_results.stored_at): ${describeLatencies('priority, server→contractor', measured.commitToVisible)}; ` +
        `${describeLatencies('priority, edit at mmueller→contractor', measured.editToVisible)}; ${describeLatencies('note, edit at contractor→mmueller', measured.noteEditToVisible)}`,
    );
    expect(late).toEqual([]);
  });

  it('keeps the contractor’s cache to the queues of their rights, also when a ticket moves out and back', async () => {
    const rights = new Set(['settlement', 'itops', 'tax']);
    const check = () => holdings(extern.userDataDir, extern.agentId, rights);
    const before = check();
    expect(before.outside).toEqual([]);
    expect(before.tickets.map((t) => t.id).sort()).toEqual([tickets.itops.id, tickets.tax.id, tickets.settlementA.id, tickets.settlementB.id].sort());
    const neverGranted = [tickets.helpdesk.title, tickets.custody.title, tickets.serviceline.title];
    expect(markersInCacheBytes(extern.userDataDir, extern.agentId, neverGranted)).toEqual([]);

    // The contractor opens the attachments of a settlement ticket and of an IT ticket: downloaded into the Desk's attachment cache.
    for (const key of ['settlementB', 'itops'] as const) {
      const { articleId, attachmentId } = tickets[key];
      expect(await extern.running.ipc.value('attachments.fetch', { articleId, attachmentId })).toMatchObject({ attachmentId, cached: false });
    }
    downloaded.push(...check().downloaded);
    expect(downloaded).toHaveLength(2);

    // mmueller moves a settlement ticket to ServiceLine, out of the contractor's rights.
    const moved = tickets.settlementB;
    const found = async (): Promise<string[]> => (await extern.running.ipc.value('tickets.search', { query: moved.title, limit: 100 })).hits.map((hit) => hit.ticketId);
    await eventually('the contractor’s search finds the ticket by its title', async () => (await found()).includes(moved.id), () => run.expectRunning(), 10_000);
    const [movedAttachment] = (await lead.running.ipc.value('tickets.get', { ticketId: moved.id })).articles.flatMap((a) => a.attachments);
    await lead.running.ipc.value('tickets.mutate', { name: 'ticket.move', baseVersion: await shownVersion(lead, moved.id), args: { ticketId: moved.id, queueId: queueId('ServiceLine') } });
    await run.quiet(15_000);
    expect(check().tickets.map((t) => t.id)).not.toContain(moved.id);
    expect(await found()).not.toContain(moved.id);
    // Its downloaded attachment went with it: the main process sweeps the download folder once the
    // sync worker tells it tickets changed, a moment after the purge committed (which quiet() sees).
    await eventually('the moved ticket’s download is swept', () => check().outside.length === 0, () => run.expectRunning(), 5_000);
    const after = check();
    expect(after.outside).toEqual([]);
    expect(after.downloaded.has(movedAttachment?.sha256 ?? '')).toBe(false);
    expect(markersInCacheBytes(extern.userDataDir, extern.agentId, neverGranted)).toEqual([]);
    // secure_delete: the purged ticket's text is overwritten in the file, not only unlinked.
    expect(markersInCacheBytes(extern.userDataDir, extern.agentId, [moved.title])).toEqual([]);

    // Back into Wertpapiere: the contractor gets the whole ticket again.
    await lead.running.ipc.value('tickets.mutate', { name: 'ticket.move', baseVersion: await shownVersion(lead, moved.id), args: { ticketId: moved.id, queueId: queueId('Wertpapiere') } });
    await run.quiet(15_000);
    const back = await extern.running.ipc.value('tickets.get', { ticketId: moved.id });
    const atLead = await lead.running.ipc.value('tickets.get', { ticketId: moved.id });
    expect(back.source).toBe('cache');
    expect(back.articles).toEqual(atLead.articles);
    expect(back.history).toEqual(atLead.history);
    expect(check().outside).toEqual([]);
  });

  it('takes from the contractor’s cache what the revoked contractor role granted, once the server re-reads the directory', async () => {
    await ldap.removeFromGroup('kontor-contractors', contractor.dn);
    expect((await refresh.refreshNow()).changed).toContain(extern.agentId);
    const taxOnly = new Set(['tax']);
    await eventually('the contractor’s cache holds tax tickets only', () => holdings(extern.userDataDir, extern.agentId, taxOnly).tickets.every((t) => t.group === 'tax'), () => run.expectRunning(), 15_000);
    await run.quiet(15_000);
    // The downloads of what left go once the main process has swept (see the test above).
    await eventually('the downloads outside the tax tickets are swept', () => holdings(extern.userDataDir, extern.agentId, taxOnly).outside.length === 0, () => run.expectRunning(), 5_000);
    const held = holdings(extern.userDataDir, extern.agentId, taxOnly);
    expect(held.tickets.map((t) => t.id)).toEqual([tickets.tax.id]);
    expect(held.outside).toEqual([]);
    expect([...held.downloaded].filter((sha256) => downloaded.includes(sha256))).toEqual([]);
    expect(markersInCacheBytes(extern.userDataDir, extern.agentId, [tickets.helpdesk.title, tickets.custody.title, tickets.serviceline.title])).toEqual([]);
    // Still a session (the tax role): the Desk goes on syncing.
    expect(await extern.running.ipc.value('sync.status', undefined)).toMatchObject({ state: 'online' });
  });

  it('keeps nothing of the tickets and no offline way into the cache once every role is revoked', async () => {
    await ldap.removeFromGroup('kontor-tax', contractor.dn);
    expect((await refresh.refreshNow()).changed).toContain(extern.agentId);
    // The server ended the session; the Desk asks to sign in again, and the server says why not.
    await eventually('the contractor’s Desk is signed out', async () => (await extern.running.ipc.value('sync.status', undefined)).state === 'signed-out', () => run.expectRunning(), 15_000);
    const online = await extern.running.ipc.invoke('session.login', { username: contractor.username, password: demoPassword });
    expect(online).toMatchObject({ ok: false, error: { reason: 'no-agent-role' } });
    // On the road, the server out of reach: the old password must not open the cache any more.
    await server.down('SIGTERM');
    const offline = await extern.running.ipc.invoke('session.login', { username: contractor.username, password: demoPassword });
    await server.up();
    // The refusal took the offline verifier and the whole cache with it.
    expect(offline).toMatchObject({ ok: false, error: { reason: 'server-unreachable' } });
    expect(existsSync(cacheFilePath(extern.userDataDir, extern.agentId))).toBe(false);
    expect([...downloadedAttachments(extern.userDataDir)]).toEqual([]);
  });
});

/** A small text attachment naming `title`, as an agent would attach a file. */
function attachmentUpload(title: string): { id: string; filename: string; contentType: string; contentBase64: string } {
  return { id: randomUUID(), filename: `${title}.txt`, contentType: 'text/plain', contentBase64: Buffer.from(`attachment of ${title}`).toString('base64') };
}
