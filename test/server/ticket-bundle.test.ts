import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketBundleResponseSchema } from '../../src-shared/api/tickets.js';
import { startServerOnFreshDatabase, testRoles, type ServerOnTestDatabase } from '../harness/kontor-server.js';
import { addArticle, createTicket, expectApplied, mutation, send, signIn, testQueues, type SignedIn } from './mutations/support.js';
import { request } from './support/http.js';

// GET /api/v1/tickets/:id: a whole ticket for a Desk that no longer keeps it (retention), with
// the same reading rights as the feed. testRoles: custody rw for sobrien; settlement rw for
// lweber; the contractor ro on settlement and itops only.
let server: ServerOnTestDatabase;
let sobrien: SignedIn;
let lweber: SignedIn;
let kraus: SignedIn;
const custody = createTicket('Wertpapiere::Verwahrung', { title: 'Depotübertrag' });
const settlement = createTicket('Wertpapiere::Abwicklung', { title: 'Abwicklung' });
const linkedSettlement = createTicket('Wertpapiere::Abwicklung', { title: 'Abwicklung, verknüpft' });

beforeAll(async () => {
  // Settlement may read custody here, so that lweber can link a settlement ticket to a custody one.
  const roles = testRoles.map((role) => (role.name === 'settlement' ? { ...role, grants: { settlement: ['rw'], custody: ['ro'] } } : role));
  server = await startServerOnFreshDatabase({ queues: testQueues, roles });
  [sobrien, lweber, kraus] = await Promise.all([signIn(server.url, 'sobrien'), signIn(server.url, 'lweber'), signIn(server.url, 'extern.kraus')]);
  expectApplied((await send(server.url, sobrien.token, custody, addArticle(custody.ticketId, { body: 'Zweite Notiz' })))[0]);
  expectApplied((await send(server.url, lweber.token, settlement, linkedSettlement))[0]);
  // A settlement ticket linked to the custody ticket (the contractor may not read custody) and to another settlement ticket.
  for (const target of [custody.ticketId, linkedSettlement.ticketId]) {
    expectApplied((await send(server.url, lweber.token, mutation('ticket.link', { linkId: randomUUID(), ticketId: settlement.ticketId, targetTicketId: target, kind: 'related' })))[0]);
  }
});

afterAll(() => server.close());

const get = (id: string, agent?: SignedIn) => request(`${server.url}/api/v1/tickets/${id}`, agent ? { token: agent.token } : {});

describe('GET /api/v1/tickets/:id', () => {
  it('answers the whole ticket, as the feed would deliver it, to an agent who may read it', async () => {
    const response = await get(custody.ticketId, sobrien);
    expect(response.status).toBe(200);
    const bundle = ticketBundleResponseSchema.parse(response.json);
    expect(bundle.ticket).toMatchObject({ id: custody.ticketId, title: 'Depotübertrag' });
    // Both were written in one transaction (the same instant): the order among them is the id's.
    expect(bundle.articles.map((article) => article.body).sort()).toEqual(['Kunde ruft an.', 'Zweite Notiz']);
    expect(bundle.history.length).toBeGreaterThan(0);
  });

  it('answers a ticket the agent may not read exactly as an unknown one, and a malformed id the same way', async () => {
    const hidden = await get(custody.ticketId, kraus);
    const unknown = await get(randomUUID(), kraus);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toBe(unknown.text);
    expect((await get('not-a-uuid', kraus)).text).toBe(unknown.text);
    expect((await get(custody.ticketId)).status).toBe(401);
  });

  it('shows a link only when the agent may read the ticket on its other side', async () => {
    const forContractor = ticketBundleResponseSchema.parse((await get(settlement.ticketId, kraus)).json);
    const others = forContractor.links.map((link) => (link.sourceTicketId === settlement.ticketId ? link.targetTicketId : link.sourceTicketId));
    expect(others).toEqual([linkedSettlement.ticketId]);
    const forLinker = ticketBundleResponseSchema.parse((await get(settlement.ticketId, lweber)).json);
    expect(forLinker.links).toHaveLength(2);
  });
});
