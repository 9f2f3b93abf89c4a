import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalErrorSchema, portalWriteResultSchema } from '../../../src-shared/portal/api.js';
import { uuidV7 } from '../../../src-server/portal/customer-writes.js';
import { TestClock } from '../../harness/clock.js';
import { slapdServerConfig, startServer, type ServerOnTestDatabase, type StartedServer } from '../../harness/kontor-server.js';
import type { HttpResponse } from '../support/http.js';
import { queueId } from '../mutations/support.js';
import { PortalClient, portalOverrides, startPortalServer } from './support.js';

const limited = { ...portalOverrides, customers: { queues: ['ServiceLine'], mayClose: true, rateLimits: { writesPerMinute: 3, searchesPerMinute: 2 } } };

/** Ten seconds into a minute: the current minute's count ends 50 seconds from now. */
const startOfTest = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 10_000);

// A signed-in customer's writes and searches per minute (customers.rateLimits), counted in
// PostgreSQL: two server instances on one database share the count.
describe('portal request limits', () => {
  const clock = new TestClock(startOfTest);
  let running: ServerOnTestDatabase;
  let second: StartedServer;
  let db: pg.Pool;

  beforeAll(async () => {
    running = await startPortalServer(limited, { now: clock.now });
    second = await startServer(slapdServerConfig(running.database.url, limited), { now: clock.now });
    db = new pg.Pool({ connectionString: running.database.url, max: 2 });
  });
  afterAll(async () => {
    await db.end();
    await second.close();
    await running.close();
  });

  /** The same browser session on either instance, as a load balancer would spread it. */
  const onBoth = async (username: string): Promise<[PortalClient, PortalClient]> => {
    const a = await new PortalClient(running.url).signedIn(username);
    const b = new PortalClient(second.url);
    b.cookie = a.cookie;
    return [a, b];
  };
  const newTicket = (requestId = uuidV7(clock.now())) => ({ requestId, queueId: queueId('ServiceLine'), type: 'incident', title: 'Zahlung fehlt', body: 'Bitte prüfen.' });
  const expectTooMany = (response: HttpResponse, retryAfterSeconds: number): void => {
    expect(response.status, response.text).toBe(429);
    expect(portalErrorSchema.parse(response.json)).toMatchObject({ reason: 'too-many-requests', retryAfterSeconds });
    expect(response.headers['retry-after']).toBe(String(retryAfterSeconds));
  };
  const ticketCount = async (): Promise<number> => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM tickets')).rows[0]?.n);

  it("refuses a customer's fourth write in a minute across both instances with 429 and Retry-After, applies nothing of it, and takes it once the minute is over", async () => {
    const [a, b] = await onBoth('jloewe');
    const created = await a.call('POST', '/portal/api/tickets', newTicket());
    expect(created.status, created.text).toBe(201);
    const { ticketId } = portalWriteResultSchema.parse(created.json);
    expect((await b.call('POST', `/portal/api/tickets/${ticketId}/articles`, { requestId: uuidV7(clock.now()), body: 'Nachtrag 1' })).status).toBe(201);
    clock.advance(5_000);
    expect((await a.call('POST', `/portal/api/tickets/${ticketId}/articles`, { requestId: uuidV7(clock.now()), body: 'Nachtrag 2' })).status).toBe(201);

    const before = await ticketCount();
    const refused = newTicket();
    expectTooMany(await b.call('POST', '/portal/api/tickets', refused), 45);
    expectTooMany(await a.call('POST', `/portal/api/tickets/${ticketId}/close`, { requestId: uuidV7(clock.now()), version: 1 }), 45);
    expect(await ticketCount()).toBe(before);
    expect((await a.get(`/portal/api/tickets/${refused.requestId}`)).status).toBe(404);
    // Reading is not limited.
    expect((await a.get(`/portal/api/tickets/${ticketId}`)).status).toBe(200);

    // A colleague has a count of their own.
    const [colleague] = await onBoth('kgross');
    expect((await colleague.call('POST', '/portal/api/tickets', newTicket())).status).toBe(201);

    // The next minute: the very request sent again applies, once.
    clock.advance(45_000);
    const again = await b.call('POST', '/portal/api/tickets', refused);
    expect(again.status, again.text).toBe(201);
    expect(portalWriteResultSchema.parse(again.json).ticketId).toBe(refused.requestId);
    expect(await ticketCount()).toBe(before + 2);
  });

  it('refuses a third search in a minute, but never the plain lists by filter', async () => {
    // The first test ended on the start of a minute: ten seconds into the one after it.
    clock.advance(70_000);
    const [a, b] = await onBoth('mdangelo');
    expect((await a.get('/portal/api/tickets?filter=all&q=Zahlung')).status).toBe(200);
    expect((await b.get('/portal/api/tickets?filter=all&q=Depot')).status).toBe(200);
    expectTooMany(await a.get('/portal/api/tickets?filter=all&q=fehlt'), 50);
    for (const filter of ['open', 'closed', 'mine', 'all']) expect((await b.get(`/portal/api/tickets?filter=${filter}`)).status).toBe(200);
    // Writes count apart from searches.
    expect((await b.call('POST', '/portal/api/tickets', newTicket())).status).toBe(201);
    clock.advance(50_000);
    expect((await b.get('/portal/api/tickets?filter=all&q=fehlt')).status).toBe(200);
  });
});
