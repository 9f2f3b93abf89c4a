import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { portalErrorSchema } from '../../src-shared/portal/api.js';
import { minutes, TestClock } from '../harness/clock.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { slapdServerConfig, startServer, type StartedServer } from '../harness/kontor-server.js';
import { syncCustomers } from './mail/support.js';
import { PortalClient } from './portal/support.js';
import { postLogin, type HttpResponse } from './support/http.js';

function reasonOf(response: HttpResponse): string {
  return apiErrorSchema.parse(response.json).reason;
}

/**
 * Two server instances on one database, as behind a load balancer: the counts live in the
 * database, so failures on one instance throttle the other.
 */
describe('login throttling', () => {
  const clock = new TestClock();
  let database: TestDatabase;
  let first: StartedServer | undefined;
  let second: StartedServer | undefined;
  const urls = (): [string, string] => {
    if (!first || !second) throw new Error('servers did not start');
    return [first.url, second.url];
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = slapdServerConfig(database.url, {
      throttle: { perUsername: { maxFailures: 3, windowMinutes: 10 }, perAddress: { maxFailures: 6, windowMinutes: 5 } },
    });
    first = await startServer(config, { now: clock.now });
    second = await startServer(config, { now: clock.now });
    // The portal's customers, as the scheduled directory sync would read them.
    await syncCustomers(first.server.db);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await database.drop();
  });

  it('throttles a user name across instances until the window has passed', async () => {
    const [a, b] = urls();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(reasonOf(await postLogin(a, 'lweber', `wrong-${attempt}`))).toBe('invalid-credentials');
    }
    const throttled = await postLogin(b, 'LWeber', demoPassword);
    expect(throttled.status).toBe(429);
    expect(apiErrorSchema.parse(throttled.json)).toMatchObject({ reason: 'too-many-attempts', retryAfterSeconds: 600 });
    expect(throttled.headers['retry-after']).toBe('600');

    clock.advance(minutes(5));
    expect(apiErrorSchema.parse((await postLogin(a, 'lweber', demoPassword)).json).retryAfterSeconds).toBe(300);
    clock.advance(minutes(5) + 1000);
    expect((await postLogin(b, 'lweber', demoPassword)).status).toBe(201);
  });

  it('starts counting afresh after a successful login, and does not count empty or throttled attempts', async () => {
    const [a] = urls();
    clock.advance(minutes(30));
    await postLogin(a, 'sobrien', 'wrong-1');
    await postLogin(a, 'sobrien', 'wrong-2');
    expect((await postLogin(a, 'sobrien', demoPassword)).status).toBe(201);
    await postLogin(a, 'sobrien', 'wrong-3');
    await postLogin(a, 'sobrien', '');
    await postLogin(a, 'sobrien', 'wrong-4');
    expect((await postLogin(a, 'sobrien', demoPassword)).status).toBe(201);
  });

  /** A portal sign-in from `localAddress`: the answer's reason, or `signed-in`. */
  const portalSignIn = async (url: string, username: string, password: string, localAddress: string): Promise<string> => {
    const response = await new PortalClient(url).signIn(username, password, { localAddress });
    return response.status === 204 ? 'signed-in' : portalErrorSchema.parse(response.json).reason;
  };
  const deskSignIn = async (url: string, username: string, password: string, localAddress: string): Promise<string> => {
    const response = await postLogin(url, username, password, { localAddress });
    return response.status === 201 ? 'signed-in' : reasonOf(response);
  };

  it("counts a user name's failures within its realm: the portal cannot lock an agent out of the Desk, nor the Desk a customer out of the portal", async () => {
    const [a, b] = urls();
    clock.advance(minutes(30));
    // An agent's user name tried on the portal (from one address each, so that no address count interferes).
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await portalSignIn(a, 'dnowak', `wrong-${attempt}`, `127.0.0.1${attempt}`)).toBe('invalid-credentials');
    expect(await portalSignIn(b, 'dnowak', 'wrong-3', '127.0.0.13')).toBe('too-many-attempts');
    expect(await deskSignIn(b, 'dnowak', demoPassword, '127.0.0.14')).toBe('signed-in');
    // The agent's success at the Desk does not unlock the portal realm for that name.
    expect(await portalSignIn(a, 'dnowak', 'wrong-4', '127.0.0.15')).toBe('too-many-attempts');

    // A customer's user name tried at the Desk.
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await deskSignIn(a, 'jweiss', `wrong-${attempt}`, `127.0.0.2${attempt}`)).toBe('invalid-credentials');
    expect(await deskSignIn(b, 'jweiss', 'wrong-3', '127.0.0.23')).toBe('too-many-attempts');
    expect(await portalSignIn(b, 'jweiss', demoPassword, '127.0.0.24')).toBe('signed-in');
  });

  it('counts an address across both realms: failures on the portal and at the Desk add up', async () => {
    const [a, b] = urls();
    clock.advance(minutes(30));
    const attacker = '127.0.0.30';
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await portalSignIn(a, `portal-guess-${attempt}`, 'password', attacker)).toBe('invalid-credentials');
      expect(await deskSignIn(b, `desk-guess-${attempt}`, 'password', attacker)).toBe('invalid-credentials');
    }
    // Six failures from one address, three per realm: the address is throttled in both.
    expect(await portalSignIn(b, 'rhoffmann', demoPassword, attacker)).toBe('too-many-attempts');
    expect(await deskSignIn(a, 'hmeier', demoPassword, attacker)).toBe('too-many-attempts');
    // Nobody else is.
    expect(await portalSignIn(b, 'rhoffmann', demoPassword, '127.0.0.31')).toBe('signed-in');
    expect(await deskSignIn(a, 'hmeier', demoPassword, '127.0.0.31')).toBe('signed-in');
  });

  it('lets no more guesses through than the rule allows when they come all at once, on both instances and in both realms', async () => {
    const [a, b] = urls();
    clock.advance(minutes(30));
    // Twelve wrong passwords for one name at once, half on each instance, each from an address of its own.
    const desk = await Promise.all(Array.from({ length: 12 }, (_, index) => deskSignIn(index % 2 === 0 ? a : b, 'pschulz', `burst-${String(index)}`, `127.0.1.${String(index + 1)}`)));
    expect(desk.filter((reason) => reason === 'invalid-credentials')).toHaveLength(3);
    expect(desk.filter((reason) => reason === 'too-many-attempts')).toHaveLength(9);
    const portal = await Promise.all(Array.from({ length: 12 }, (_, index) => portalSignIn(index % 2 === 0 ? a : b, 'rhoffmann', `burst-${String(index)}`, `127.0.2.${String(index + 1)}`)));
    expect(portal.filter((reason) => reason === 'invalid-credentials')).toHaveLength(3);
    expect(portal.filter((reason) => reason === 'too-many-attempts')).toHaveLength(9);
    // Twelve user names at once from one address (its rule allows six).
    const names = await Promise.all(Array.from({ length: 12 }, (_, index) => deskSignIn(index % 2 === 0 ? a : b, `burst-guess-${String(index)}`, 'password', '127.0.3.1')));
    expect(names.filter((reason) => reason === 'invalid-credentials')).toHaveLength(6);
    // Every admitted attempt was settled with what the directory said: none is left pending.
    const pending = await first?.server.db.query("SELECT count(*)::int AS n FROM login_attempts WHERE outcome = 'pending'");
    expect(pending?.rows).toEqual([{ n: 0 }]);
  });

  it('throttles an address that tries many user names, and only that address', async () => {
    const [a, b] = urls();
    clock.advance(minutes(30));
    const elsewhere = { localAddress: '127.0.0.2' };
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect(reasonOf(await postLogin(a, `guess-${attempt}`, 'password', elsewhere))).toBe('invalid-credentials');
    }
    const throttled = await postLogin(b, 'pschulz', demoPassword, elsewhere);
    expect(throttled.status).toBe(429);
    expect(apiErrorSchema.parse(throttled.json).retryAfterSeconds).toBe(300);
    expect((await postLogin(b, 'pschulz', demoPassword)).status).toBe(201);
  });
});
