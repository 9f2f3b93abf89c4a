import { randomUUID } from 'node:crypto';
import { uuidV7 } from '../../../src-server/portal/customer-writes.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalErrorSchema, portalTicketListSchema, portalTicketSchema, portalWriteResultSchema } from '../../../src-shared/portal/api.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { pullAll } from '../feed/support/feed-client.js';
import { queueId } from '../mutations/support.js';
import { signIn } from '../support/http.js';
import { internalSecret, PortalClient, seedTicket, startPortalServer, testCustomer, type SeededTicket } from './support.js';

// What a customer reads and writes: their institution's tickets and nothing else, customer-visible
// articles only, no agent's name; writes through the agents' catalogue, seen by the Desks' feed.
describe('portal tickets', () => {
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let agent: { token: string; agentId: string };
  let loewe: SeededTicket;
  let colleague: SeededTicket;
  let globex: SeededTicket;
  let juergen: PortalClient;
  let john: PortalClient;
  const agentWords = ['Maria', 'Müller', 'mmueller'];

  beforeAll(async () => {
    running = await startPortalServer();
    db = new pg.Pool({ connectionString: running.database.url, max: 2 });
    agent = await signIn(running.url, 'mmueller');
    loewe = await seedTicket(running.url, agent.token, testCustomer('jloewe').id, 'Depotauszug März fehlt');
    colleague = await seedTicket(running.url, agent.token, testCustomer('kgross').id, 'Zugang gesperrt');
    globex = await seedTicket(running.url, agent.token, testCustomer('jsmith').id, 'Globex statement missing');
    juergen = await new PortalClient(running.url).signedIn('jloewe');
    john = await new PortalClient(running.url).signedIn('jsmith');
  });
  afterAll(async () => {
    await db.end();
    await running.close();
  });

  /** No answer to a customer carries an internal note, an agent's name or id. */
  const expectNothingInternal = (text: string): void => {
    expect(text).not.toContain(internalSecret);
    expect(text).not.toContain('intern.txt');
    expect(text).not.toContain(agent.agentId);
    for (const word of agentWords) expect(text).not.toContain(word);
  };

  const list = async (client: PortalClient, query: string) => {
    const response = await client.get(`/portal/api/tickets?${query}`);
    expect(response.status, response.text).toBe(200);
    expectNothingInternal(response.text);
    return portalTicketListSchema.parse(response.json).tickets;
  };

  it("lists every ticket of the customer's institution and none of another, by filter", async () => {
    expect((await list(juergen, 'filter=all')).map((ticket) => ticket.id).sort()).toEqual([loewe.ticketId, colleague.ticketId].sort());
    expect((await list(juergen, 'filter=mine')).map((ticket) => ticket.id)).toEqual([loewe.ticketId]);
    expect((await list(juergen, 'filter=open')).map((ticket) => ticket.id).sort()).toEqual([loewe.ticketId, colleague.ticketId].sort());
    expect(await list(juergen, 'filter=closed')).toEqual([]);
    expect((await list(john, 'filter=all')).map((ticket) => ticket.id)).toEqual([globex.ticketId]);
    const [own] = await list(juergen, 'filter=mine');
    expect(own).toMatchObject({ customerName: 'Jürgen Löwe', mine: true, title: 'Depotauszug März fehlt' });
  });

  it('searches by number prefix and by customer-visible text, never by an internal note', async () => {
    const number = (await list(juergen, 'filter=mine'))[0]?.number ?? '';
    expect((await list(juergen, `filter=all&q=${number.slice(0, 12)}`)).map((ticket) => ticket.number)).toContain(number);
    expect((await list(juergen, 'filter=all&q=ZUGANG')).map((ticket) => ticket.id)).toEqual([colleague.ticketId]);
    expect((await list(juergen, 'filter=all&q=anbei%20der')).length).toBe(2);
    expect(await list(juergen, `filter=all&q=${encodeURIComponent(internalSecret)}`)).toEqual([]);
    expect(await list(juergen, 'filter=all&q=Globex')).toEqual([]);
    // LIKE wildcards typed into the search are text, not patterns.
    expect(await list(juergen, 'filter=all&q=%25')).toEqual([]);
  });

  it('shows a ticket with its customer-visible articles only, agents as "the service", e-mail HTML as text', async () => {
    const response = await juergen.get(`/portal/api/tickets/${loewe.ticketId}`);
    expect(response.status, response.text).toBe(200);
    expectNothingInternal(response.text);
    const ticket = portalTicketSchema.parse(response.json);
    expect(ticket.articles.map((article) => [article.from, article.authorName])).toEqual([
      ['customer', null],
      ['service', null],
    ]);
    expect(ticket.articles[1]?.body).toBe('Guten Tag,\n\nanbei der Auszug.');
    expect(ticket.articles[1]?.attachments.map((attachment) => attachment.filename)).toEqual(['auszug-märz.pdf']);
    expect(ticket).toMatchObject({ state: 'new', queueName: 'ServiceLine', mayClose: true, customerName: 'Jürgen Löwe' });
    expect(ticket.solutionDue).not.toBeNull();
    // A colleague's ticket is readable, but not theirs to close.
    expect(portalTicketSchema.parse((await juergen.get(`/portal/api/tickets/${colleague.ticketId}`)).json).mayClose).toBe(false);
  });

  it("answers another institution's ticket and attachment exactly like an unknown or malformed id", async () => {
    const foreign = await juergen.get(`/portal/api/tickets/${globex.ticketId}`);
    const unknown = await juergen.get(`/portal/api/tickets/${randomUUID()}`);
    const malformed = await juergen.get('/portal/api/tickets/not-a-uuid');
    expect(foreign.status).toBe(404);
    for (const other of [unknown, malformed]) {
      expect(other.status).toBe(404);
      expect(other.json).toEqual(foreign.json);
    }
    expect(portalErrorSchema.parse(foreign.json).reason).toBe('not-found');
    expectNothingInternal(foreign.text);
    expect(foreign.text).not.toContain('Globex');

    const foreignFile = await juergen.download(`/portal/api/attachments/${globex.attachmentId}`);
    const unknownFile = await juergen.download(`/portal/api/attachments/${randomUUID()}`);
    const internalFile = await juergen.download(`/portal/api/attachments/${loewe.internalAttachmentId}`);
    expect([foreignFile.status, unknownFile.status, internalFile.status]).toEqual([404, 404, 404]);
    expect(foreignFile.body.toString()).toBe(unknownFile.body.toString());
    expect(internalFile.body.toString()).toBe(unknownFile.body.toString());

    // Writes to a foreign ticket are refused the same way, and change nothing.
    const before = (await db.query('SELECT version FROM tickets WHERE id = $1', [globex.ticketId])).rows[0] as { version: number };
    const followUp = await juergen.call('POST', `/portal/api/tickets/${globex.ticketId}/articles`, { requestId: uuidV7(new Date()), body: 'Hallo' });
    const close = await juergen.call('POST', `/portal/api/tickets/${globex.ticketId}/close`, { requestId: uuidV7(new Date()), version: before.version });
    expect([followUp.status, close.status]).toEqual([404, 404]);
    expect(followUp.json).toEqual(foreign.json);
    expect((await db.query('SELECT version FROM tickets WHERE id = $1', [globex.ticketId])).rows[0]).toEqual(before);
  });

  it('downloads an attachment of a customer-visible article as a download, never sniffed', async () => {
    const file = await juergen.download(`/portal/api/attachments/${loewe.attachmentId}`);
    expect(file.status).toBe(200);
    expect(file.body.toString()).toBe('%PDF-1.4 Auszug');
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/u);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });

  it('opens a ticket through the catalogue with the customer as sender; the Desks see it in their feed; a repeat applies once', async () => {
    const requestId = uuidV7(new Date());
    const body = {
      requestId,
      queueId: queueId('ServiceLine'),
      type: 'incident',
      title: 'Überweisung hängt',
      body: 'Die Überweisung vom 3. März ist nicht ausgeführt.',
      attachments: [{ filename: 'beleg.txt', contentType: 'text/plain', contentBase64: Buffer.from('Beleg').toString('base64') }],
    };
    const created = await juergen.call('POST', '/portal/api/tickets', body);
    expect(created.status, created.text).toBe(201);
    const written = portalWriteResultSchema.parse(created.json);
    expect(written.ticketId).toBe(requestId);
    const again = await juergen.call('POST', '/portal/api/tickets', body);
    expect(again.json).toEqual(created.json);
    expect((await db.query('SELECT count(*)::int AS n FROM tickets WHERE title = $1', ['Überweisung hängt'])).rows[0]).toEqual({ n: 1 });

    const ticket = portalTicketSchema.parse((await juergen.get(`/portal/api/tickets/${requestId}`)).json);
    expect(ticket.articles).toMatchObject([{ from: 'customer', authorName: 'Jürgen Löwe', channel: 'portal', body: body.body }]);
    expect((await list(john, 'filter=all')).map((entry) => entry.id)).not.toContain(requestId);

    const feed = await pullAll(running.url, agent.token);
    const article = feed.changes.find((change) => change.entity === 'article' && (change.data as { ticketId: string }).ticketId === requestId);
    expect(article?.data).toMatchObject({ sender: 'customer', channel: 'portal', visibility: 'customer-visible', authorId: testCustomer('jloewe').id });
  });

  it('refuses a queue the bank does not open to customers, in its words', async () => {
    const refused = await juergen.call('POST', '/portal/api/tickets', { requestId: uuidV7(new Date()), queueId: queueId('Interner Helpdesk'), type: 'incident', title: 'x', body: 'y' });
    expect(refused.status).toBe(403);
    expect(portalErrorSchema.parse(refused.json).reason).toBe('permission-denied');
  });

  it('closes their own request, and a follow-up reopens it', async () => {
    const shown = portalTicketSchema.parse((await juergen.get(`/portal/api/tickets/${loewe.ticketId}`)).json);
    const closed = await juergen.call('POST', `/portal/api/tickets/${loewe.ticketId}/close`, { requestId: uuidV7(new Date()), version: shown.version });
    expect(closed.status, closed.text).toBe(200);
    expect(portalTicketSchema.parse((await juergen.get(`/portal/api/tickets/${loewe.ticketId}`)).json).state).toBe('closed-successful');
    expect((await list(juergen, 'filter=closed')).map((ticket) => ticket.id)).toEqual([loewe.ticketId]);

    // A close from an old version is a conflict, not a silent overwrite.
    const stale = await juergen.call('POST', `/portal/api/tickets/${loewe.ticketId}/close`, { requestId: uuidV7(new Date()), version: shown.version });
    expect([409, 403]).toContain(stale.status);

    const followUp = await juergen.call('POST', `/portal/api/tickets/${loewe.ticketId}/articles`, { requestId: uuidV7(new Date()), body: 'Der Auszug ist doch falsch.' });
    expect(followUp.status, followUp.text).toBe(201);
    const reopened = portalTicketSchema.parse((await juergen.get(`/portal/api/tickets/${loewe.ticketId}`)).json);
    expect(reopened.state).toBe('open');
    expect(reopened.articles.at(-1)).toMatchObject({ from: 'customer', body: 'Der Auszug ist doch falsch.' });
  });

  it("refuses to close a colleague's request", async () => {
    const shown = portalTicketSchema.parse((await juergen.get(`/portal/api/tickets/${colleague.ticketId}`)).json);
    const refused = await juergen.call('POST', `/portal/api/tickets/${colleague.ticketId}/close`, { requestId: uuidV7(new Date()), version: shown.version });
    expect(refused.status).toBe(403);
    expect(portalErrorSchema.parse(refused.json).reason).toBe('permission-denied');
  });
});
