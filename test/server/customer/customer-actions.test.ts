import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import { mutationNames } from '../../../src-shared/sync/mutations.js';
import type { MutationDependencies } from '../../../src-server/sync/mutations/dispatcher.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { pullAll } from '../feed/support/feed-client.js';
import { customerTicket, LogLines, mailSection, outboxOf, startMailServer } from '../mail/support.js';
import { createTicket, expectApplied, expectRejected, inspect, mutation, queueId, send, setState, ticketRow, ticketSnapshot } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { asCustomer, customerActor, customerArticle, customerCreate, customerDependencies, customerOverrides } from './support.js';

// A customer acting for themselves goes through the same catalogue, checks, history, feed and
// mail outbox as an agent, under the customer's rules (docs/customer-actions.md). Driven from
// the outside: results, the agents' feed, the outbox and the stored rows.
describe('customers acting for themselves', () => {
  let receiver: SmtpReceiver;
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let deps: MutationDependencies;
  let directory: Directory;
  let agent: string;

  // Globex: Siobhán and John; Löwe Bank: Jürgen.
  const siobhan = customerActor('soconnor');
  const john = customerActor('jsmith');
  const juergen = customerActor('jloewe');

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    running = await startMailServer(mailSection(receiver), new LogLines(), customerOverrides);
    db = inspect(running.database.url);
    ({ deps, directory } = customerDependencies(running, customerOverrides));
    agent = await tokenFor(running.url, 'mmueller');
  });
  afterAll(async () => {
    await db.end();
    await directory.close();
    await running.close();
    await receiver.stop();
  });

  async function createdBy(customer: typeof siobhan): Promise<{ ticketId: string; version: number }> {
    const create = customerCreate('ServiceLine');
    const applied = expectApplied((await asCustomer(deps, customer, [create]))[0]);
    return { ticketId: create.ticketId, version: applied.version };
  }

  it("opens a ticket in a queue open to customers: theirs and their institution's, in the agents' feed with sender customer, confirmed by mail", async () => {
    const create = customerCreate('ServiceLine');
    const [result] = await asCustomer(deps, siobhan, [create]);
    expectApplied(result);
    const row = await ticketRow(db, create.ticketId);
    expect(row).toMatchObject({ customer_user_id: siobhan.customerUserId, institution_id: siobhan.institutionId, created_by: siobhan.customerUserId, state: 'new', priority: 3 });

    const feed = await pullAll(running.url, agent);
    const ticket = feed.changes.find((change) => change.entity === 'ticket' && change.id === create.ticketId);
    expect(ticket?.data).toMatchObject({ customerUserId: siobhan.customerUserId, institutionId: siobhan.institutionId });
    const article = feed.changes.find((change) => change.entity === 'article' && (change.data as { ticketId: string }).ticketId === create.ticketId);
    expect(article?.data).toMatchObject({ sender: 'customer', channel: 'portal', visibility: 'customer-visible', authorId: siobhan.customerUserId });
    const history = feed.changes.find((change) => change.entity === 'history' && (change.data as { ticketId: string }).ticketId === create.ticketId);
    expect(history?.data).toMatchObject({ event: 'created', actorId: siobhan.customerUserId, data: { actorKind: 'customer', via: 'portal' } });

    expect((await outboxOf(db, create.ticketId)).map((mail) => mail.kind)).toEqual(['created']);
  });

  it('opens it for themselves only, at the normal priority, with their own words', async () => {
    expectApplied((await asCustomer(deps, siobhan, [customerCreate('ServiceLine', { customerUserId: siobhan.customerUserId })]))[0]);
    expectRejected((await asCustomer(deps, siobhan, [customerCreate('ServiceLine', { customerUserId: john.customerUserId })]))[0], 'invalid-args');
    expectRejected((await asCustomer(deps, siobhan, [customerCreate('ServiceLine', { priority: 1 })]))[0], 'permission-denied');
    expectRejected((await asCustomer(deps, siobhan, [customerCreate('ServiceLine', { article: customerArticle({ sender: 'agent' }) })]))[0], 'invalid-args');
    expectRejected((await asCustomer(deps, siobhan, [customerCreate('ServiceLine', { article: customerArticle({ channel: 'phone' }) })]))[0], 'invalid-args');
    expectRejected((await asCustomer(deps, siobhan, [customerCreate('ServiceLine', { article: customerArticle({ visibility: 'internal' }) })]))[0], 'permission-denied');
  });

  it('cannot open a ticket in a queue not open to customers: the same words as for a queue that does not exist', async () => {
    const closedQueue = expectRejected((await asCustomer(deps, siobhan, [customerCreate('Steuern')]))[0], 'permission-denied');
    const unknownQueue = expectRejected((await asCustomer(deps, siobhan, [customerCreate('ServiceLine', { queueId: randomUUID() })]))[0], 'permission-denied');
    expect(closedQueue).toBe(unknownQueue);
    expect(closedQueue).not.toMatch(/Steuern|tax/u);
  });

  it('adds a follow-up that reopens a closed ticket, as a customer\'s follow-up does, and gets no "answered" mail for it', async () => {
    const { ticketId } = await createdBy(siobhan);
    const version = Number((await ticketRow(db, ticketId))['version']);
    expectApplied((await send(running.url, agent, setState(ticketId, version, 'closed-successful')))[0]);
    // A colleague of the same institution writes the follow-up, by e-mail.
    const followUp = mutation('ticket.addArticle', { ticketId, article: customerArticle({ channel: 'email', body: 'Der Auszug fehlt noch immer.' }) });
    expectApplied((await asCustomer(deps, { ...john, via: 'email' }, [followUp]))[0]);
    expect((await ticketRow(db, ticketId))['state']).toBe('open');
    const reopened = await db.query<{ actor_id: string; data: Record<string, unknown> }>(
      "SELECT actor_id, data FROM ticket_history WHERE ticket_id = $1 AND event = 'state-changed' ORDER BY id DESC LIMIT 1",
      [ticketId],
    );
    expect(reopened.rows[0]).toMatchObject({ actor_id: john.customerUserId, data: { from: 'closed-successful', to: 'open', reason: 'customer-follow-up', actorKind: 'customer', via: 'email' } });
    expect((await outboxOf(db, ticketId)).map((mail) => mail.kind)).toEqual(['created', 'closed']);
  });

  it("cannot read or touch another institution's ticket: the answer is the one for an id that exists nowhere", async () => {
    const { ticketId, version } = await createdBy(juergen);
    const before = await ticketSnapshot(db, ticketId);
    for (const [build, field] of [
      [(id: string) => mutation('ticket.addArticle', { ticketId: id, article: customerArticle() }), 'addArticle'],
      [(id: string) => mutation('ticket.setState', { ticketId: id, state: 'closed-successful' }, version), 'setState'],
    ] as const) {
      const foreign = expectRejected((await asCustomer(deps, siobhan, [build(ticketId)]))[0], 'not-found');
      const nowhere = expectRejected((await asCustomer(deps, siobhan, [build(randomUUID())]))[0], 'not-found');
      expect(foreign, field).toBe(nowhere);
    }
    expect(await ticketSnapshot(db, ticketId)).toEqual(before);
  });

  it('cannot write internal notes, nor set priority, move or anything else that is for agents', async () => {
    const { ticketId, version } = await createdBy(siobhan);
    const before = await ticketSnapshot(db, ticketId);
    expectRejected((await asCustomer(deps, siobhan, [mutation('ticket.addArticle', { ticketId, article: customerArticle({ visibility: 'internal', channel: 'note' }) })]))[0], 'permission-denied');
    expectRejected((await asCustomer(deps, siobhan, [mutation('ticket.setPriority', { ticketId, priority: 1 }, version)]))[0], 'permission-denied');
    expectRejected((await asCustomer(deps, siobhan, [mutation('ticket.move', { ticketId, queueId: queueId('Steuern') }, version)]))[0], 'permission-denied');
    // Every other mutation of the catalogue, refused before its arguments are looked at.
    const forCustomers = ['ticket.create', 'ticket.addArticle', 'ticket.setState'];
    for (const name of mutationNames.filter((candidate) => !forCustomers.includes(candidate))) {
      const message = expectRejected((await asCustomer(deps, siobhan, [mutation(name, { nonsense: true }, version)]))[0], 'permission-denied');
      expect(message).toContain(name);
    }
    expect(await ticketSnapshot(db, ticketId)).toEqual(before);
    const audited = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_log WHERE event = 'mutation-denied' AND actor_id = $1", [`customer:${siobhan.customerUserId}`]);
    expect(Number(audited.rows[0]?.n)).toBeGreaterThanOrEqual(mutationNames.length);
  });

  it('closes their own request where the bank allows it, and nothing else', async () => {
    const own = await createdBy(siobhan);
    const colleagues = await createdBy(john);
    expectRejected((await asCustomer(deps, siobhan, [mutation('ticket.setState', { ticketId: colleagues.ticketId, state: 'closed-successful' }, colleagues.version)]))[0], 'permission-denied');
    expectRejected((await asCustomer(deps, siobhan, [mutation('ticket.setState', { ticketId: own.ticketId, state: 'open' }, own.version)]))[0], 'permission-denied');
    const notAllowed = { ...deps, customers: { ...deps.customers, mayClose: false } };
    expectRejected((await asCustomer(notAllowed, siobhan, [mutation('ticket.setState', { ticketId: own.ticketId, state: 'closed-successful' }, own.version)]))[0], 'permission-denied');
    // A lock is among agents: the customer closes a locked ticket all the same.
    expectApplied((await send(running.url, agent, mutation('ticket.lock', { ticketId: own.ticketId }, own.version)))[0]);
    const locked = Number((await ticketRow(db, own.ticketId))['version']);
    expectApplied((await asCustomer(deps, siobhan, [mutation('ticket.setState', { ticketId: own.ticketId, state: 'closed-successful' }, locked)]))[0]);
    expect((await ticketRow(db, own.ticketId))['state']).toBe('closed-successful');
  });

  it('applies a mutation exactly once across a replay, and an agent\'s mutation with the same id does not collide', async () => {
    const create = customerCreate('ServiceLine');
    const first = await asCustomer(deps, siobhan, [create]);
    const replay = await asCustomer(deps, siobhan, [create]);
    expect(replay).toEqual(first);
    expect((await outboxOf(db, create.ticketId)).map((mail) => mail.kind)).toEqual(['created']);

    // The agent's Desk happens to use the same mutation id for a ticket of its own.
    const agentCreate = createTicket('ServiceLine');
    const sameId = { ...agentCreate, id: create.id };
    expectApplied((await send(running.url, agent, sameId))[0]);
    expect((await ticketRow(db, agentCreate.ticketId))['created_by']).not.toBe(siobhan.customerUserId);
    // ...and the customer's stored result is still theirs; another customer's same id is theirs alone too.
    expect(await asCustomer(deps, siobhan, [create])).toEqual(first);
    const johnsCreate = { ...customerCreate('ServiceLine'), id: create.id };
    expectApplied((await asCustomer(deps, john, [johnsCreate]))[0]);
    expect((await ticketRow(db, johnsCreate.ticketId))['customer_user_id']).toBe(john.customerUserId);
  });

  it('refuses a customer the directory does not list in that institution, without storing it: results stored before still answer', async () => {
    const earlier = customerCreate('ServiceLine');
    const applied = await asCustomer(deps, siobhan, [earlier]);
    expectApplied(applied[0]);
    const moved = { ...siobhan, institutionId: juergen.institutionId };
    const later = customerCreate('ServiceLine');
    const [replayed, refused] = await asCustomer(deps, moved, [earlier, later]);
    expect(replayed).toEqual(applied[0]);
    expect(expectRejected(refused, 'permission-denied')).toMatch(/not a customer user of this institution/u);
    expectRejected((await asCustomer(deps, { ...siobhan, customerUserId: randomUUID() }, [customerCreate('ServiceLine')]))[0], 'permission-denied');
    const audited = await db.query<{ detail: Record<string, unknown> }>("SELECT detail FROM audit_log WHERE event = 'mutation-denied' AND actor_id = $1 AND detail->>'reason' = 'customer-not-listed'", [
      `customer:${siobhan.customerUserId}`,
    ]);
    expect(audited.rows.map((row) => row.detail)).toEqual([{ reason: 'customer-not-listed', institutionId: juergen.institutionId, via: 'portal', mutations: 2 }]);
    // Nothing was stored for it: once the directory agrees, the same mutation applies.
    expectApplied((await asCustomer(deps, siobhan, [later]))[0]);
  });

  it("leaves an agent's phone ticket for the customer to follow up on", async () => {
    const phone = customerTicket(siobhan.customerUserId);
    expectApplied((await send(running.url, agent, phone))[0]);
    expectApplied((await asCustomer(deps, siobhan, [mutation('ticket.addArticle', { ticketId: phone.ticketId, article: customerArticle({ body: 'Nachtrag über das Portal' }) })]))[0]);
    const articles = await db.query<{ sender: string; author_id: string | null }>('SELECT sender, author_id FROM articles WHERE ticket_id = $1 ORDER BY created_at, id', [phone.ticketId]);
    // What the agent noted of the call has no author; what she wrote herself is hers.
    expect(articles.rows).toEqual([{ sender: 'customer', author_id: null }, { sender: 'customer', author_id: siobhan.customerUserId }]);
  });
});

