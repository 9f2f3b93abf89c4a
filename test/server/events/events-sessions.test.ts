import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventsSettings } from '../../../src-server/http/routes/events.js';
import { minutes, TestClock } from '../../harness/clock.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { request, tokenFor } from '../support/http.js';
import { appendQueueChange } from './support/append-change.js';
import { connectEvents, type EventsClient } from './support/events-client.js';

// Only time is faked: the server's clock (session expiry) and setInterval, which drives the
// socket housekeeping tick (heartbeat and session check, every 30 s in production).
describe('events sockets: sessions, heartbeat and limits', () => {
  const clock = new TestClock(new Date('2030-03-04T08:00:00Z'));
  let running: ServerOnTestDatabase | undefined;
  const server = (): ServerOnTestDatabase => {
    if (!running) throw new Error('server did not start');
    return running;
  };
  const signIn = (username: string): Promise<string> => tokenFor(server().url, username);
  const open: EventsClient[] = [];
  const connect = async (token: string, options: { autoPong?: boolean } = {}): Promise<EventsClient> => {
    const client = await connectEvents(server().url, token, options);
    open.push(client);
    return client;
  };
  const tick = (): void => {
    vi.advanceTimersByTime(eventsSettings.tickMs);
  };

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    running = await startServerOnFreshDatabase({ sessions: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12 } }, { now: clock.now });
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await running?.close();
    vi.useRealTimers();
  });

  it('closes the socket of a logged-out session at the next check, and leaves the others open', async () => {
    const [leaving, staying] = await Promise.all([signIn('pschulz'), signIn('pschulz')]);
    const [left, stayed] = await Promise.all([connect(leaving), connect(staying)]);
    expect((await request(`${server().url}/api/v1/sessions/current`, { method: 'DELETE', token: leaving })).status).toBe(204);

    tick();
    expect(await left.closed).toEqual({ code: 4401, reason: 'unauthenticated' });
    // The check decided about both sockets at once; the other still hears of changes.
    const seq = await appendQueueChange(server().server.db);
    expect(await stayed.next((event) => event.seq >= seq)).toEqual({ type: 'changed', seq });
    stayed.close();
    await stayed.closed;
  });

  it('closes the socket of a session that passed its idle expiry: an open socket is not use', async () => {
    const client = await connect(await signIn('dnowak'));
    clock.advance(minutes(31));
    tick();
    expect(await client.closed).toEqual({ code: 4402, reason: 'session-expired' });
  });

  it('drops a socket that does not answer the heartbeat ping, and keeps one that does', async () => {
    const token = await signIn('hmeier');
    const [answering, silent] = await Promise.all([connect(token), connect(token, { autoPong: false })]);
    tick();
    await Promise.all([answering.pinged(1), silent.pinged(1)]);
    await answering.roundTrip();
    tick();
    expect((await silent.closed).code).toBe(1006);
    // Pinged again, so still open.
    await answering.pinged(2);
    answering.close();
    await answering.closed;
  });

  it(`keeps at most ${eventsSettings.maxSocketsPerAgent} sockets per agent: a further one replaces the oldest`, async () => {
    const token = await signIn('sobrien');
    const clients: EventsClient[] = [];
    for (let i = 0; i <= eventsSettings.maxSocketsPerAgent; i += 1) clients.push(await connect(token));
    const [oldest, ...rest] = clients;
    expect(await oldest?.closed).toEqual({ code: 4008, reason: 'too-many-connections' });
    const seq = await appendQueueChange(server().server.db);
    for (const client of rest) expect(await client.next((event) => event.seq >= seq)).toEqual({ type: 'changed', seq });
  });
});
