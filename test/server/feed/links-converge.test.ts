import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Link } from '../../../src-shared/sync/entities.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { matrixRoles } from '../mutations/matrix-support.js';
import { createTicket, expectApplied, mutation, queueId, send, signIn, testQueues, type EnvelopeMutation, type SignedIn } from '../mutations/support.js';
import { applyChanges, pullAll } from './support/feed-client.js';
import { LdapAdmin } from './support/ldap-admin.js';

type State = Map<string, Map<string, unknown>>;

/** A Desk that follows the feed by the rules of docs/api.md, pulling now and then. */
interface Desk {
  name: string;
  token: string;
  cursor: string;
  state: State;
}

const links = (state: State): Link[] => [...(state.get('link')?.values() ?? [])] as Link[];
const empty: State = new Map();
const stateOf = (desk: Desk | undefined): State => desk?.state ?? empty;

/**
 * Links and merges across groups while tickets move in and out of view and an agent's groups
 * change: every Desk that applies the log by the documented rules (a ticket's `remove` purges
 * every link at either end) ends up holding exactly what a fresh bootstrap serves, and never a
 * link to a ticket it does not hold.
 */
describe('links and merges: a Desk following the log converges with a fresh bootstrap', () => {
  let running: ServerOnTestDatabase;
  let ldap: LdapAdmin;
  let writer: SignedIn;
  let probeDn = '';
  const desks: Desk[] = [];
  /** Two tickets per queue, by queue name. */
  const tickets = new Map<string, [string, string]>();

  const ticket = (queue: string, index: 0 | 1): string => tickets.get(queue)?.[index] ?? '';

  async function write(...mutations: EnvelopeMutation[]): Promise<number> {
    let seq = 0;
    for (const result of await send(running.url, writer.token, ...mutations)) seq = Math.max(seq, expectApplied(result).seq);
    return seq;
  }

  /** Pulls in small pages up to the newest change; returns the phase of the first page. */
  async function pull(desk: Desk): Promise<string | undefined> {
    const pulled = await pullAll(running.url, desk.token, desk.cursor, 7);
    desk.cursor = pulled.cursor;
    applyChanges(pulled.changes, desk.state);
    const held = desk.state.get('ticket') ?? new Map();
    for (const link of links(desk.state)) {
      expect(held.has(link.sourceTicketId) && held.has(link.targetTicketId), `${desk.name} holds link ${link.id} without both tickets`).toBe(true);
    }
    return pulled.pages[0]?.phase;
  }

  // Moves and merges conflict only on the queue and the state, which nothing else here writes.
  const move = (id: string, queue: string): EnvelopeMutation => mutation('ticket.move', { ticketId: id, queueId: queueId(queue) }, 1);
  const merge = (id: string, into: string): EnvelopeMutation => mutation('ticket.merge', { ticketId: id, intoTicketId: into }, 1);
  const link = (from: string, to: string): EnvelopeMutation => mutation('ticket.link', { ticketId: from, linkId: randomUUID(), targetTicketId: to, kind: 'related' });

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ queues: testQueues, roles: matrixRoles });
    ldap = await LdapAdmin.connect();
    writer = await signIn(running.url, 'mmueller');
    const creates = testQueues.flatMap(({ name }) => {
      const pair = [createTicket(name), createTicket(name)] as const;
      tickets.set(name, [pair[0].ticketId, pair[1].ticketId]);
      return pair;
    });
    for (const result of await send(running.url, writer.token, ...creates)) expectApplied(result);
    const probe = await ldap.addPerson('link-probe');
    probeDn = probe.dn;
    await ldap.addToGroup('kontor-custody', probe.dn);
    for (const name of ['lweber', 'sobrien', 'extern.kraus', 'pschulz', 'hmeier', probe.username]) {
      const session = await signIn(running.url, name);
      const bootstrap = await pullAll(running.url, session.token);
      desks.push({ name, token: session.token, cursor: bootstrap.cursor, state: applyChanges(bootstrap.changes) });
    }
  }, 60_000);

  afterAll(async () => {
    await ldap.removePerson(probeDn, ['kontor-custody', 'kontor-contractors']);
    await ldap.close();
    await running.close();
  });

  it('holds what a fresh bootstrap serves, after links, merges, moves and a change of groups', async () => {
    await write(
      link(ticket('ServiceLine', 0), ticket('Wertpapiere::Abwicklung', 0)),
      link(ticket('Wertpapiere::Verwahrung', 0), ticket('Wertpapiere::Abwicklung', 0)),
      link(ticket('IT-Betrieb', 0), ticket('Interner Helpdesk', 0)),
      link(ticket('Steuern', 0), ticket('ServiceLine', 0)),
      merge(ticket('Interner Helpdesk', 1), ticket('IT-Betrieb', 0)),
      merge(ticket('Wertpapiere::Verwahrung', 1), ticket('Wertpapiere', 0)),
    );
    for (const desk of desks.slice(0, 3)) await pull(desk);
    // The settlement desk sees both ends of the ServiceLine link; the contractor sees no link to the helpdesk.
    expect(links(stateOf(desks[0])).length).toBeGreaterThan(0);
    expect(links(stateOf(desks[2]))).toEqual([]);

    // Out of settlement into custody, out of the helpdesk into IT operations and back the other way.
    await write(
      move(ticket('Wertpapiere::Abwicklung', 0), 'Wertpapiere::Verwahrung'),
      move(ticket('Interner Helpdesk', 0), 'IT-Betrieb'),
      move(ticket('IT-Betrieb', 0), 'Interner Helpdesk'),
    );
    for (const desk of desks.slice(1)) await pull(desk);
    await ldap.removeFromGroup('kontor-custody', probeDn);
    await ldap.addToGroup('kontor-contractors', probeDn);
    await running.server.membershipRefresh.refreshNow();
    const last = await write(link(ticket('ServiceLine', 1), ticket('Interner Helpdesk', 0)), link(ticket('Wertpapiere', 1), ticket('IT-Betrieb', 1)));

    for (const desk of desks) {
      const phase = await pull(desk);
      // The probe's cursor carries on with a scoped resync, and the page says so.
      if (desk.name.startsWith('link-probe')) expect(phase).toBe('resync');
      const fresh = applyChanges((await pullAll(running.url, desk.token)).changes);
      for (const entity of new Set([...desk.state.keys(), ...fresh.keys()])) {
        expect(Object.fromEntries(desk.state.get(entity) ?? new Map()), `${desk.name}: ${entity}`).toEqual(Object.fromEntries(fresh.get(entity) ?? new Map()));
      }
    }
    // The contractor now reads the helpdesk ticket moved into IT operations, but not its helpdesk link partner.
    const contractor = stateOf(desks[2]);
    expect(contractor.get('ticket')?.has(ticket('Interner Helpdesk', 0))).toBe(true);
    expect(links(contractor).some((held) => held.sourceTicketId === ticket('IT-Betrieb', 0))).toBe(false);
    expect(links(contractor).some((held) => held.sourceTicketId === ticket('Wertpapiere', 1))).toBe(true);
    const writerFeed = await pullAll(running.url, writer.token);
    expect(writerFeed.pages.at(-1)).toMatchObject({ phase: 'log' });
    expect(writerFeed.pages.at(-1)?.position).toBeGreaterThanOrEqual(last);
  });
});
