import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponseSchema } from '../../../src-shared/api/sessions.js';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { changedChannel } from '../../../src-server/sync/change-log.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { postLogin } from '../support/http.js';
import { latestSeq } from './support/append-change.js';
import { connectEvents } from './support/events-client.js';

describe('events sockets under a burst of stamped changes', () => {
  let running: ServerOnTestDatabase | undefined;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
  });

  afterAll(async () => {
    await running?.close();
  });

  it('coalesces a burst into a few pushes that end with the latest seq', async () => {
    if (!running) throw new Error('server did not start');
    const { db } = running.server;
    const login = await postLogin(running.url, 'mmueller', demoPassword);
    const client = await connectEvents(running.url, loginResponseSchema.parse(login.json).token);
    const base = await latestSeq(db);
    await client.next((event) => event.seq === base);

    // Fifty stampings announced at one commit, as the sequencer would announce them one by one:
    // they reach the instance within the same few milliseconds.
    const burst = 50;
    await db.transaction(async (tx) => {
      for (let seq = base + 1; seq <= base + burst; seq += 1) await tx.query(`SELECT pg_notify('${changedChannel}', $1)`, [String(seq)]);
    });
    await client.next((event) => event.seq === base + burst);
    const pushed = client.events.slice(1).map((event) => event.seq);
    expect(pushed.length).toBeLessThanOrEqual(3);
    expect(pushed.at(-1)).toBe(base + burst);
    expect(pushed).toEqual([...pushed].sort((a, b) => a - b));
    client.close();
    await client.closed;
  });
});
