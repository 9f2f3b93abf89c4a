import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalErrorSchema, portalMeSchema } from '../../../src-shared/portal/api.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { PortalClient, startPortalServer, testCustomer } from './support.js';

// When a portal session ends without its customer signing out: a new sign-in from the same
// browser, and a customer the directory no longer lists there. Real slapd, PostgreSQL, server.
describe('portal sessions', () => {
  let running: ServerOnTestDatabase;
  let db: pg.Pool;

  beforeAll(async () => {
    running = await startPortalServer();
    db = new pg.Pool({ connectionString: running.database.url, max: 2 });
  });
  afterAll(async () => {
    await db.end();
    await running.close();
  });

  /** The stored row of a cookie's session (the database keeps the token's sha256 only). */
  const sessionOf = async (cookie: string | null): Promise<{ revoked_at: Date | null; customer_user_id: string }> => {
    const token = cookie?.split('=')[1] ?? '';
    const hash = createHash('sha256').update(token).digest();
    const result = await db.query<{ revoked_at: Date | null; customer_user_id: string }>('SELECT revoked_at, customer_user_id FROM customer_sessions WHERE token_hash = $1', [hash]);
    const row = result.rows[0];
    if (row === undefined) throw new Error('no stored session for this cookie');
    return row;
  };
  const reasonOf = (body: unknown): string => portalErrorSchema.parse(body).reason;
  const revocations = async (customerUserId: string) =>
    (await db.query<{ outcome: string; detail: Record<string, unknown> }>("SELECT outcome, detail FROM audit_log WHERE event = 'session-revoked' AND actor_id = $1 ORDER BY id", [customerUserId])).rows;

  it("revokes the session a browser's cookie still names when it signs in again: one browser, one live session", async () => {
    const browser = await new PortalClient(running.url).signedIn('fbauer');
    const first = browser.cookie;
    // The old cookie, kept aside as a thief or a second tab would keep it.
    const copy = new PortalClient(running.url);
    copy.cookie = first;
    expect((await copy.get('/portal/api/me')).status).toBe(200);

    await browser.signedIn('fbauer');
    expect(browser.cookie).not.toBe(first);
    expect((await browser.get('/portal/api/me')).status).toBe(200);
    const stale = await copy.get('/portal/api/me');
    expect(stale.status).toBe(401);
    expect(reasonOf(stale.json)).toBe('unauthenticated');
    expect((await sessionOf(first)).revoked_at).not.toBeNull();
    expect(await revocations(testCustomer('fbauer').id)).toEqual([{ outcome: 'signed-in-again', detail: { actor: 'customer' } }]);
  });

  it("makes a cookie planted in the browser worthless once the victim signs in, though it was another customer's", async () => {
    // The attacker signs in as themselves and plants their session cookie in the victim's browser.
    const attacker = await new PortalClient(running.url).signedIn('kgross');
    const victim = new PortalClient(running.url);
    victim.cookie = attacker.cookie;

    await victim.signedIn('jloewe');
    const me = portalMeSchema.parse((await victim.get('/portal/api/me')).json);
    expect(me.customer.username).toBe('jloewe');
    // The planted session is gone for whoever holds it.
    expect((await attacker.get('/portal/api/me')).status).toBe(401);
    expect(await sessionOf(attacker.cookie)).toMatchObject({ customer_user_id: testCustomer('kgross').id });
    expect((await sessionOf(attacker.cookie)).revoked_at).not.toBeNull();
  });

  it('leaves the earlier session alone when the new sign-in is refused', async () => {
    const browser = await new PortalClient(running.url).signedIn('jsmith');
    const signedIn = browser.cookie;
    expect((await browser.signIn('jsmith', 'falsch')).status).toBe(401);
    expect(browser.cookie).toBe(signedIn);
    expect((await browser.get('/portal/api/me')).status).toBe(200);
  });

  it('revokes the session of a customer moved to another institution when it is next used, so that moving back does not revive it', async () => {
    const juergen = testCustomer('jloewe');
    const other = testCustomer('jsmith').institution.id;
    const browser = await new PortalClient(running.url).signedIn('jloewe');
    try {
      // The scheduled directory sync finds Jürgen in Globex now.
      await db.query('UPDATE customer_users SET institution_id = $2 WHERE id = $1', [juergen.id, other]);
      const moved = await browser.get('/portal/api/tickets');
      expect(moved.status).toBe(401);
      expect(reasonOf(moved.json)).toBe('unauthenticated');
      expect((await sessionOf(browser.cookie)).revoked_at).not.toBeNull();

      // Moved back: the old session stays dead, a new sign-in is needed.
      await db.query('UPDATE customer_users SET institution_id = $2 WHERE id = $1', [juergen.id, juergen.institution.id]);
      expect((await browser.get('/portal/api/me')).status).toBe(401);
      expect(await revocations(juergen.id)).toContainEqual({ outcome: 'customer-moved', detail: { actor: 'customer', institution: juergen.institution.id } });
      await browser.signedIn('jloewe');
      expect((await browser.get('/portal/api/me')).status).toBe(200);
    } finally {
      await db.query('UPDATE customer_users SET institution_id = $2 WHERE id = $1', [juergen.id, juergen.institution.id]);
    }
  });

  it('revokes the session of a customer no longer valid, so that it stays dead when they are valid again; audited once', async () => {
    const karin = testCustomer('kgross');
    const browser = await new PortalClient(running.url).signedIn('kgross');
    try {
      await db.query('UPDATE customer_users SET valid = false WHERE id = $1', [karin.id]);
      const answers = await Promise.all([browser.get('/portal/api/me'), browser.get('/portal/api/tickets'), browser.get('/portal/api/me')]);
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
      await db.query('UPDATE customer_users SET valid = true WHERE id = $1', [karin.id]);
      expect((await browser.get('/portal/api/me')).status).toBe(401);
      expect((await sessionOf(browser.cookie)).revoked_at).not.toBeNull();
      // Three requests found it invalid at once; one revoked it, one audit row says so.
      expect((await revocations(karin.id)).filter((row) => row.outcome === 'customer-invalid')).toHaveLength(1);
    } finally {
      await db.query('UPDATE customer_users SET valid = true WHERE id = $1', [karin.id]);
    }
  });
});
