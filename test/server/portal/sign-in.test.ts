import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalErrorSchema, portalMeSchema } from '../../../src-shared/portal/api.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { pruneAuthRecords } from '../../../src-server/auth/housekeeping.js';
import { request, tokenFor } from '../support/http.js';
import { PortalClient, startPortalServer, testCustomer } from './support.js';

// A customer's sign-in and the portal's own protections, from the outside: real slapd, real
// PostgreSQL, a real server, answers read as a browser would get them.
describe('portal sign-in', () => {
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  const juergen = testCustomer('jloewe');

  beforeAll(async () => {
    running = await startPortalServer({ throttle: { perUsername: { maxFailures: 3, windowMinutes: 15 }, perAddress: { maxFailures: 50, windowMinutes: 15 } } });
    db = new pg.Pool({ connectionString: running.database.url, max: 2 });
  });
  afterAll(async () => {
    await db.end();
    await running.close();
  });

  const audit = async (username: string): Promise<{ event: string; outcome: string; actor_id: string | null; detail: Record<string, unknown> }[]> =>
    (await db.query('SELECT event, outcome, actor_id, detail FROM audit_log WHERE username = $1 ORDER BY id', [username])).rows as never;

  it('signs a customer with an umlaut in their name in; the cookie is HttpOnly, SameSite=Strict, and /me names them and their institution', async () => {
    const browser = new PortalClient(running.url);
    const response = await browser.signIn(' JLoewe ');
    expect(response.status, response.text).toBe(204);
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^kontor-portal=[A-Za-z0-9_-]{43}; /u);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/portal');
    // Plain HTTP on loopback: a browser would drop a Secure cookie here (see cookie.test.ts for the rest).
    expect(cookie).not.toContain('Secure');

    const me = portalMeSchema.parse((await browser.get('/portal/api/me')).json);
    expect(me.customer).toEqual({ id: juergen.id, username: 'jloewe', displayName: 'Jürgen Löwe' });
    expect(me.institution).toEqual({ id: juergen.institution.id, name: 'Bankhaus Löwe & Söhne KG' });
    expect(me.queues.map((queue) => queue.name)).toEqual(['ServiceLine']);
    expect(me.mayClose).toBe(true);

    const rows = await audit('jloewe');
    expect(rows.at(-1)).toMatchObject({ event: 'login', outcome: 'success', actor_id: juergen.id, detail: { actor: 'customer', institution: juergen.institution.id } });
  });

  it('refuses a wrong password and an unknown user alike, and audits both', async () => {
    const wrong = await new PortalClient(running.url).signIn('kgross', 'falsch');
    const unknown = await new PortalClient(running.url).signIn('niemand', 'falsch');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(portalErrorSchema.parse(wrong.json).reason).toBe('invalid-credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await audit('kgross')).at(-1)).toMatchObject({ event: 'login', outcome: 'invalid-credentials', detail: { actor: 'customer', directory: 'bound' } });
    expect((await audit('niemand')).at(-1)).toMatchObject({ event: 'login', outcome: 'invalid-credentials', detail: { actor: 'customer', directory: 'searched' } });
  });

  it("never binds an agent's account: right password or wrong, it answers as an unknown name", async () => {
    const right = await new PortalClient(running.url).signIn('mmueller');
    const wrong = await new PortalClient(running.url).signIn('mmueller', 'falsch');
    const unknown = await new PortalClient(running.url).signIn('niemand', 'falsch');
    expect(right.status).toBe(401);
    expect(right.json).toEqual(unknown.json);
    expect(wrong.json).toEqual(unknown.json);
    expect(right.headers['set-cookie']).toBeUndefined();
    // The directory was searched, never bound as the agent.
    expect((await audit('mmueller')).map((row) => [row.outcome, row.detail['directory']])).toEqual([
      ['invalid-credentials', 'searched'],
      ['invalid-credentials', 'searched'],
    ]);
  });

  it("throttles a user name after the configured failures, in the customers' realm, and says how long to wait", async () => {
    const browser = new PortalClient(running.url);
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await browser.signIn('mdangelo', 'falsch')).status).toBe(401);
    const throttled = await browser.signIn('mdangelo');
    expect(throttled.status).toBe(429);
    const body = portalErrorSchema.parse(throttled.json);
    expect(body.reason).toBe('too-many-attempts');
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect(throttled.headers['retry-after']).toBe(String(body.retryAfterSeconds));
    // The Desk counts its own realm's failures per user name (test/server/throttle.test.ts has both directions and the shared address count).
    const desk = await request(`${running.url}/api/v1/sessions`, { method: 'POST', body: { username: 'mdangelo', password: 'falsch' } });
    expect(desk.status).toBe(401);
    expect((await db.query("SELECT realm, outcome FROM login_attempts WHERE username = 'mdangelo' ORDER BY id")).rows).toEqual([
      ...Array.from({ length: 3 }, () => ({ realm: 'customer', outcome: 'invalid-credentials' })),
      { realm: 'customer', outcome: 'too-many-attempts' },
      { realm: 'agent', outcome: 'invalid-credentials' },
    ]);
  });

  it('refuses an empty password before the directory sees it', async () => {
    const response = await new PortalClient(running.url).signIn('jloewe', '');
    expect(portalErrorSchema.parse(response.json).reason).toBe('empty-password');
  });

  it('signs out: the session is revoked on the server and the cookie cleared', async () => {
    const browser = await new PortalClient(running.url).signedIn('fbauer');
    const out = await browser.call('DELETE', '/portal/api/session');
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']?.[0]).toMatch(/^kontor-portal=; Path=\/portal; Max-Age=0; HttpOnly; SameSite=Strict/u);
    const after = await browser.get('/portal/api/me');
    expect(after.status).toBe(401);
    expect(portalErrorSchema.parse(after.json).reason).toBe('unauthenticated');
    expect((await audit('fbauer')).at(-1)).toMatchObject({ event: 'logout', outcome: 'success' });
  });

  it('prunes portal sessions a day after they ended, with the agents\' sessions, and keeps the running ones', async () => {
    const ended = await new PortalClient(running.url).signedIn('fbauer');
    await new PortalClient(running.url).signedIn('jloewe');
    await ended.call('DELETE', '/portal/api/session');
    // Signed out two days ago: past the day sessions are kept for support.
    await db.query("UPDATE customer_sessions SET revoked_at = now() - interval '2 days' WHERE revoked_at IS NOT NULL");
    const running_ = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM customer_sessions WHERE revoked_at IS NULL')).rows[0]?.n);
    const open = await running_();
    expect(open).toBeGreaterThan(0);
    await pruneAuthRecords(running.server.db, new Date(), { perUsername: { maxFailures: 3, windowMinutes: 15 }, perAddress: { maxFailures: 50, windowMinutes: 15 } });
    expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM customer_sessions WHERE revoked_at IS NOT NULL')).rows[0]?.n)).toBe(0);
    expect(await running_()).toBe(open);
  });

  it('refuses a state-changing request without the portal header or from another origin (cross-site requests)', async () => {
    const browser = await new PortalClient(running.url).signedIn('jloewe');
    const noHeader = await browser.call('DELETE', '/portal/api/session', undefined, { headers: { 'x-kontor-portal': '' } });
    expect(noHeader.status).toBe(403);
    expect(portalErrorSchema.parse(noHeader.json).reason).toBe('cross-site-request');
    const foreign = await browser.call('DELETE', '/portal/api/session', undefined, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(portalErrorSchema.parse(foreign.json).reason).toBe('cross-site-request');
    const crossSite = await browser.call('DELETE', '/portal/api/session', undefined, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    // A forged sign-in form is refused too (it would sign the victim into the attacker's account).
    const forgedSignIn = await request(`${running.url}/portal/api/session`, { method: 'POST', body: { username: 'jloewe', password: 'x' }, headers: { origin: 'https://evil.example', 'x-kontor-portal': '1' } });
    expect(forgedSignIn.status).toBe(403);
    // The session is still there: nothing of the refused requests ran.
    expect((await browser.get('/portal/api/me')).status).toBe(200);
  });

  it('refuses the API without a session, and an agent token is no portal session', async () => {
    expect((await request(`${running.url}/portal/api/tickets`)).status).toBe(401);
    const withToken = await request(`${running.url}/portal/api/tickets`, { token: await tokenFor(running.url, 'lweber') });
    expect(withToken.status).toBe(401);
  });

  it('serves the app under /portal/ with a strict CSP, index.html uncached and hashed assets immutable; the API keeps its own headers', async () => {
    // fetch, not the JSON helper: these answers are HTML and JavaScript.
    const page = await fetch(`${running.url}/portal/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // No inline script: every <script> names its file.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/u);
    const script = /src="(\/portal\/assets\/[^"]+\.js)"/u.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${running.url}${script ?? ''}`);
    await asset.arrayBuffer();
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
    // A client-side path loads the app too; an unknown API path does not.
    expect(await (await fetch(`${running.url}/portal/tickets/0198-abc`)).text()).toBe(html);
    const unknownApi = await request(`${running.url}/portal/api/nothing`);
    expect(unknownApi.status).toBe(404);
    const api = await request(`${running.url}/portal/api/me`);
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers['cache-control']).toBe('no-store');
  });
});
