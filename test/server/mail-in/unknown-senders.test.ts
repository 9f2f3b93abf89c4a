import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import type { SqlValue } from '../../../src-server/db/database.js';
import { derivedId } from '../../../src-server/mail-in/mutation-target.js';
import { unknownSenderActor } from '../../../src-server/sync/mutations/actor.js';
import { applyUnknownSenderMutations, type MutationDependencies } from '../../../src-server/sync/mutations/dispatcher.js';
import type { ServerConfigOverrides, ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startDovecot, type TestDovecot } from '../../harness/dovecot.js';
import { customerArticle, customerDependencies } from '../customer/support.js';
import { pullAll } from '../feed/support/feed-client.js';
import { addArticle, expectApplied, expectRejected, mutation, queueId, send, type EnvelopeMutation } from '../mutations/support.js';
import { portalOverrides, startPortalServer, testCustomer } from '../portal/support.js';
import { tokenFor } from '../support/http.js';
import { temporaryDirectory } from '../support/temporary.js';
import { customerMail } from './support.js';

// Mail from addresses no customer user has, taken into a queue of their own through the real
// server: real dovecot, PostgreSQL and directory, the ticket opened by the unknown-sender actor
// through the same dispatcher (history, SLA clocks, feed) and nothing mailed back.
describe('mail from unknown senders into the unknown-senders queue', () => {
  let dovecot: TestDovecot;
  let running: ServerOnTestDatabase;
  let deps: MutationDependencies;
  let directory: Directory;
  const address = 'servicedesk@bank.example';
  // Not among customers.queues (ServiceLine only): customers cannot open tickets there themselves.
  const unknownQueue = 'Wertpapiere';
  const juergen = testCustomer('jloewe');
  const stranger = 'Fremder.Absender@Elsewhere.example';

  beforeAll(async () => {
    dovecot = await startDovecot(temporaryDirectory('kontor-dovecot-'), inject('pki'), ['servicedesk']);
    const overrides: ServerConfigOverrides = {
      mailIn: {
        mailboxes: [{ address, queue: 'ServiceLine', imap: { host: dovecot.host, port: dovecot.imapPort, secure: false, requireTls: true, caFile: inject('pki').caFile, user: 'servicedesk', password: dovecot.passwords['servicedesk'] ?? '' } }],
        unknownSenders: { queue: unknownQueue },
        pollSeconds: 3600,
      },
    };
    running = await startPortalServer(overrides);
    ({ deps, directory } = customerDependencies(running, { ...portalOverrides, ...overrides }));
  }, 60_000);
  afterAll(async () => {
    await directory.close();
    await running.close();
    await dovecot.stop();
  });

  const rows = async <R>(sql: string, params: SqlValue[] = []): Promise<R[]> => (await running.server.db.query(sql, params)).rows as R[];
  async function deliverAndPoll(mail: string): Promise<void> {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    await dovecot.deliver('servicedesk', mail);
    await running.server.mailIn.pollNow();
  }
  const lastMail = async (): Promise<{ id: string; state: string; error: string | null; ticket_id: string | null; article_id: string | null; classification: Record<string, unknown> }> => {
    const [mail] = await rows<{ id: string; state: string; error: string | null; ticket_id: string | null; article_id: string | null; classification: Record<string, unknown> }>(
      'SELECT id::text, state, error, ticket_id, article_id, classification FROM inbound_mails ORDER BY id DESC LIMIT 1',
    );
    if (!mail) throw new Error('no stored mail');
    return mail;
  };

  it('opens a ticket without customer user in the configured queue, with the address in the history, in the agents\' feed, and mails nothing back', async () => {
    const body = 'Guten Tag,\nich bin noch kein Kunde und hätte gern ein Depot.';
    await deliverAndPoll(customerMail({ from: `"Fremder Absender" <${stranger}>`, subject: 'Depoteröffnung', body, to: address }));
    const mail = await lastMail();
    expect(mail).toMatchObject({ state: 'processed', error: null, classification: { kind: 'new-ticket', queue: unknownQueue, why: 'no-ticket-tag' } });
    const [ticket] = await rows<Record<string, unknown>>('SELECT * FROM tickets WHERE id = $1', [mail.ticket_id]);
    expect(ticket).toMatchObject({
      queue_id: queueId(unknownQueue), title: 'Depoteröffnung', customer_user_id: null, institution_id: null, priority: 3, state: 'new',
      created_by: 'unknown-sender:fremder.absender@elsewhere.example',
    });
    // The SLA clocks run as for any ticket opened by a customer's words.
    expect(ticket?.['first_response_due']).toBeInstanceOf(Date);
    expect(ticket?.['solution_due']).toBeInstanceOf(Date);

    // The article is the mail: its subject and body unchanged, the customer's side, no author.
    const articles = await rows('SELECT id, channel, sender, visibility, author_id, subject, body FROM articles WHERE ticket_id = $1', [mail.ticket_id]);
    expect(articles).toEqual([{ id: mail.article_id, channel: 'email', sender: 'customer', visibility: 'customer-visible', author_id: null, subject: 'Depoteröffnung', body }]);
    const history = await rows<{ event: string; actor_id: string; data: Record<string, unknown> }>('SELECT event, actor_id, data FROM ticket_history WHERE ticket_id = $1', [mail.ticket_id]);
    expect(history).toEqual([{
      event: 'created', actor_id: 'unknown-sender:fremder.absender@elsewhere.example',
      data: expect.objectContaining({ actorKind: 'unknown-sender', via: 'email', from: 'fremder.absender@elsewhere.example', customerUserId: null }) as unknown,
    }]);

    // Agents of the queue's group see it in their feed, with the address.
    const feed = await pullAll(running.url, await tokenFor(running.url, 'mmueller'));
    expect(feed.changes.find((change) => change.entity === 'ticket' && change.id === mail.ticket_id)?.data).toMatchObject({ customerUserId: null, queueId: queueId(unknownQueue) });
    expect(feed.changes.find((change) => change.entity === 'history' && (change.data as { ticketId?: unknown }).ticketId === mail.ticket_id)?.data)
      .toMatchObject({ data: { actorKind: 'unknown-sender', from: 'fremder.absender@elsewhere.example' } });

    // No confirmation to an address anyone can forge: nothing is queued, not for this ticket, not to this address.
    expect(await rows('SELECT id FROM mail_outbox WHERE ticket_id = $1', [mail.ticket_id])).toEqual([]);
    expect(await rows("SELECT id FROM mail_outbox WHERE recipients::text ILIKE '%elsewhere.example%'")).toEqual([]);

    // Handed over again (a crash lost the mail's own transaction after the mutation committed): applied once.
    await running.server.db.query("UPDATE inbound_mails SET state = 'new', processed_at = NULL, ticket_id = NULL, article_id = NULL WHERE id = $1", [mail.id]);
    await running.server.mailIn?.pollNow();
    expect(await lastMail()).toMatchObject({ state: 'processed', ticket_id: derivedId(mail.id, 'ticket'), article_id: derivedId(mail.id, 'article') });
    expect(await rows('SELECT id FROM tickets WHERE title = $1', ['Depoteröffnung'])).toHaveLength(1);
    expect(await rows('SELECT id FROM ticket_history WHERE ticket_id = $1', [mail.ticket_id])).toHaveLength(1);
    // Handed over again under another mutation id (as after a counted attempt): the mail's own
    // article is found and only where it went is recorded, not a second ticket or a refusal.
    await running.server.db.query(
      "UPDATE inbound_mails SET state = 'new', processed_at = NULL, ticket_id = NULL, article_id = NULL, failed_hand_overs = 1 WHERE id = $1",
      [mail.id],
    );
    await running.server.mailIn?.pollNow();
    expect(await lastMail()).toMatchObject({ state: 'processed', error: null, ticket_id: derivedId(mail.id, 'ticket'), article_id: derivedId(mail.id, 'article') });
    expect(await rows('SELECT id FROM tickets WHERE title = $1', ['Depoteröffnung'])).toHaveLength(1);

    // An agent answers by e-mail to the address the history shows: that mail goes, to them only.
    const reply = { channel: 'email', visibility: 'customer-visible', sender: 'agent', subject: 'Ihre Anfrage', body: 'Gern, wir melden uns.', recipients: { to: ['fremder.absender@elsewhere.example'] } };
    expectApplied((await send(running.url, await tokenFor(running.url, 'mmueller'), addArticle(mail.ticket_id ?? '', reply)))[0]);
    expect(await rows('SELECT kind, recipients FROM mail_outbox WHERE ticket_id = $1', [mail.ticket_id])).toEqual([
      { kind: 'agent-reply', recipients: { to: [{ name: '', address: 'fremder.absender@elsewhere.example' }], cc: [] } },
    ]);
    // quoting their mail without a name the ticket does not have.
    const [queued] = await rows<{ text: string }>('SELECT text FROM mail_outbox WHERE ticket_id = $1', [mail.ticket_id]);
    expect(queued?.text).toMatch(/\nAm .+ schrieben Sie:\n> Guten Tag,\n> ich bin noch kein Kunde/u);
  }, 60_000);

  it("opens a ticket of its own for an unknown sender's mail with a known ticket's tag: a tag alone follows nothing up", async () => {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    await deliverAndPoll(customerMail({ from: juergen.email, subject: 'Kontoauszug', to: address }));
    const [known] = await rows<{ id: string; number: string }>("SELECT id, number FROM tickets WHERE title = 'Kontoauszug'");
    if (!known) throw new Error("no ticket from Jürgen's mail");

    await deliverAndPoll(customerMail({ from: stranger, subject: `AW: [Ticket#${known.number}] Kontoauszug`, body: 'Bitte an mich.', to: address }));
    const mail = await lastMail();
    expect(mail).toMatchObject({ state: 'processed', classification: { kind: 'new-ticket', queue: unknownQueue, why: 'sender-not-of-ticket' } });
    expect(mail.ticket_id).not.toBe(known.id);
    expect(await rows('SELECT body FROM articles WHERE ticket_id = $1', [known.id])).toHaveLength(1);
    expect(await rows('SELECT queue_id, customer_user_id FROM tickets WHERE id = $1', [mail.ticket_id])).toEqual([{ queue_id: queueId(unknownQueue), customer_user_id: null }]);
  }, 60_000);

  it('lets the unknown-sender actor open a ticket without customer user in its own queue and nothing else', async () => {
    const sender = unknownSenderActor('x@elsewhere.example', { id: queueId(unknownQueue), group: 'settlement' });
    const create = (overrides: Record<string, unknown> = {}): EnvelopeMutation => mutation('ticket.create', {
      ticketId: randomUUID(), queueId: queueId(unknownQueue), title: 'Anfrage', type: 'incident', customerUserId: null, article: customerArticle({ channel: 'email' }), ...overrides,
    });
    const apply = async (...mutations: EnvelopeMutation[]) => applyUnknownSenderMutations(deps, sender, { clientId: randomUUID(), mutations }, new Date());

    const [opened] = await apply(create());
    expectApplied(opened);
    const [addArticle] = await apply(mutation('ticket.addArticle', { ticketId: (await rows<{ id: string }>('SELECT id FROM tickets ORDER BY created_at DESC LIMIT 1'))[0]?.id, article: customerArticle({ channel: 'email' }) }));
    expect(expectRejected(addArticle, 'permission-denied')).toMatch(/unknown sender/u);
    expectRejected((await apply(create({ queueId: queueId('ServiceLine') })))[0], 'permission-denied');
    // Same group, another queue: the group's right alone does not let it in.
    expectRejected((await apply(create({ queueId: queueId('Wertpapiere::Abwicklung') })))[0], 'permission-denied');
    expectRejected((await apply(create({ customerUserId: juergen.id })))[0], 'invalid-args');
    expectRejected((await apply(create({ priority: 1 })))[0], 'permission-denied');
    expectRejected((await apply(create({ article: customerArticle({ channel: 'portal' }) })))[0], 'invalid-args');
    expectRejected((await apply(create({ article: customerArticle({ channel: 'email', visibility: 'internal' }) })))[0], 'permission-denied');
    expectRejected((await apply(create({ article: customerArticle({ channel: 'email', sender: 'agent' }) })))[0], 'invalid-args');
    expectRejected((await apply(mutation('ticket.lock', { ticketId: randomUUID() })))[0], 'permission-denied');
    // A denial is audited with the address it came from.
    const [audit] = await rows<{ actor_id: string; detail: Record<string, unknown> }>("SELECT actor_id, detail FROM audit_log WHERE event = 'mutation-denied' ORDER BY id DESC LIMIT 1");
    expect(audit).toMatchObject({ actor_id: 'unknown-sender:x@elsewhere.example', detail: { mutation: 'ticket.lock', via: 'email', from: 'x@elsewhere.example' } });
  }, 60_000);
});
