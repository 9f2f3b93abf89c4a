import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, loginResponseSchema } from '../../src-shared/api/sessions.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { minutes, TestClock } from '../harness/clock.js';
import { startServerOnFreshDatabase, type StartedServer } from '../harness/kontor-server.js';
import { postLogin, request } from './support/http.js';

describe('session expiry (idle 30 minutes, absolute 1 hour)', () => {
  const clock = new TestClock(new Date('2030-03-04T08:00:00Z'));
  let running: StartedServer | undefined;
  const url = (): string => {
    if (!running) throw new Error('server did not start');
    return running.url;
  };

  const signIn = async (): Promise<{ token: string; expiresAt: string }> => {
    const response = await postLogin(url(), 'mmueller', demoPassword);
    expect(response.status, response.text).toBe(201);
    return loginResponseSchema.parse(response.json);
  };
  const current = (token: string) => request(`${url()}/api/v1/sessions/current`, { token });
  const reasonOf = async (token: string): Promise<string> => apiErrorSchema.parse((await current(token)).json).reason;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ sessions: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 1 } }, { now: clock.now });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('ends a session left idle for longer than the idle timeout', async () => {
    const { token } = await signIn();
    clock.advance(minutes(10));
    expect((await current(token)).status).toBe(200);
    // 41 minutes after login, 31 after the last use: idle, though well within the absolute hour.
    clock.advance(minutes(31));
    expect(await reasonOf(token)).toBe('session-expired');
  });

  it('moves the idle expiry with use, but writes at most once a minute', async () => {
    const start = clock.advance(minutes(60));
    const { token } = await signIn();
    clock.advance(minutes(20));
    expect((await current(token)).status).toBe(200);
    clock.advance(minutes(25));
    // 45 minutes after login: alive only because the request at 20 minutes moved the expiry.
    expect((await current(token)).status).toBe(200);
    const seenAt = clock.now();
    clock.advance(10_000);
    expect((await current(token)).status).toBe(200);
    const stored = await running?.server.db.query<{ last_seen_at: Date }>('SELECT last_seen_at FROM agent_sessions WHERE created_at = $1', [start]);
    expect(stored?.rows.map((row) => new Date(row.last_seen_at).toISOString())).toEqual([seenAt.toISOString()]);
  });

  it('ends a session at its absolute expiry however busy it is', async () => {
    clock.advance(minutes(120));
    const loginAt = clock.now();
    const { token, expiresAt } = await signIn();
    expect(expiresAt).toBe(new Date(loginAt.getTime() + minutes(60)).toISOString());
    for (const step of [25, 25, 9]) {
      clock.advance(minutes(step));
      expect((await current(token)).status).toBe(200);
    }
    clock.advance(minutes(1) + 1000);
    expect(await reasonOf(token)).toBe('session-expired');
  });

  it('answers a revoked token with unauthenticated, also after it would have expired', async () => {
    clock.advance(minutes(120));
    const { token } = await signIn();
    expect((await request(`${url()}/api/v1/sessions/current`, { method: 'DELETE', token })).status).toBe(204);
    clock.advance(minutes(90));
    expect(await reasonOf(token)).toBe('unauthenticated');
  });
});
