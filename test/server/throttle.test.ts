import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { minutes, TestClock } from '../harness/clock.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { slapdServerConfig, startServer, type StartedServer } from '../harness/kontor-server.js';
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
