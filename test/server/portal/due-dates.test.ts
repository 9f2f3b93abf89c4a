import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalTicketSchema, portalWriteResultSchema } from '../../../src-shared/portal/api.js';
import { uuidV7 } from '../../../src-server/portal/customer-writes.js';
import { slapdServerConfig, startServer, type ServerOnTestDatabase, type StartedServer } from '../../harness/kontor-server.js';
import { queueId } from '../mutations/support.js';
import { PortalClient, portalOverrides, startPortalServer } from './support.js';

/** The portal's settings with the due dates the bank chooses to show. */
function showing(showDueDates: { firstResponse?: boolean; solution?: boolean }): typeof portalOverrides {
  return { ...portalOverrides, customers: { queues: ['ServiceLine'], mayClose: true, showDueDates } };
}

// The SLA instants a customer sees are the bank's choice (customers.showDueDates): three server
// instances on one database, configured three ways, answer the same ticket.
describe('portal due dates', () => {
  let running: ServerOnTestDatabase;
  let solutionOnly: StartedServer;
  let none: StartedServer;
  let db: pg.Pool;
  let ticketId: string;
  let due: { first_response_due: Date; solution_due: Date };

  beforeAll(async () => {
    running = await startPortalServer();
    solutionOnly = await startServer(slapdServerConfig(running.database.url, showing({ firstResponse: false })));
    none = await startServer(slapdServerConfig(running.database.url, showing({ firstResponse: false, solution: false })));
    db = new pg.Pool({ connectionString: running.database.url, max: 2 });
    // A customer's new request: the first answer and the solution are both outstanding.
    const juergen = await new PortalClient(running.url).signedIn('jloewe');
    const created = await juergen.call('POST', '/portal/api/tickets', { requestId: uuidV7(new Date()), queueId: queueId('ServiceLine'), type: 'incident', title: 'Zahlung fehlt', body: 'Bitte prüfen.' });
    expect(created.status, created.text).toBe(201);
    ticketId = portalWriteResultSchema.parse(created.json).ticketId;
    const row = (await db.query<{ first_response_due: Date; solution_due: Date }>('SELECT first_response_due, solution_due FROM tickets WHERE id = $1', [ticketId])).rows[0];
    if (row === undefined) throw new Error('the ticket was not stored');
    due = row;
  });
  afterAll(async () => {
    await db.end();
    await Promise.all([solutionOnly.close(), none.close()]);
    await running.close();
  });

  const view = async (url: string) => {
    const client = await new PortalClient(url).signedIn('jloewe');
    const response = await client.get(`/portal/api/tickets/${ticketId}`);
    expect(response.status, response.text).toBe(200);
    return { text: response.text, json: response.json as Record<string, unknown>, ticket: portalTicketSchema.parse(response.json) };
  };

  it('shows both promised instants by default', async () => {
    const { ticket } = await view(running.url);
    expect(ticket.firstResponseDue).toBe(due.first_response_due.toISOString());
    expect(ticket.solutionDue).toBe(due.solution_due.toISOString());
  });

  it('leaves out the first answer\'s instant when the bank does not show it, and sends the solution\'s', async () => {
    const { text, json, ticket } = await view(solutionOnly.url);
    expect(json).not.toHaveProperty('firstResponseDue');
    expect(text).not.toContain(due.first_response_due.toISOString());
    expect(ticket.solutionDue).toBe(due.solution_due.toISOString());
  });

  it('sends neither when the bank shows none: the answer holds no SLA instant at all', async () => {
    const { text, json } = await view(none.url);
    expect(json).not.toHaveProperty('firstResponseDue');
    expect(json).not.toHaveProperty('solutionDue');
    expect(text).not.toContain(due.first_response_due.toISOString());
    expect(text).not.toContain(due.solution_due.toISOString());
  });
});
