import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../../src-shared/api/sessions.js';
import { TestClock } from '../../harness/clock.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createTicket, expectApplied, inspect, postMutations, send, signIn, testQueues } from './support.js';

// Noon on 1 June 2025 in Frankfurt.
const clock = new TestClock(new Date('2025-06-01T10:00:00.000Z'));

describe('a day that has used up its ticket numbers', () => {
  let running: ServerOnTestDatabase | undefined;
  let db: pg.Pool | undefined;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ queues: testQueues }, { now: clock.now });
    db = inspect(running.database.url);
  });
  afterAll(async () => {
    await db?.end();
    await running?.close();
  });

  it('numbers the last ticket of the day, then refuses the next creation and keeps nothing of it', async () => {
    if (!running || !db) throw new Error('server did not start');
    await db.query(`INSERT INTO ticket_number_counters (day, last_value) VALUES ('2025-06-01', 999998)`);
    const { token } = await signIn(running.url, 'lweber');

    const last = createTicket('Wertpapiere::Abwicklung');
    expectApplied((await send(running.url, token, last))[0]);
    expect((await db.query('SELECT number FROM tickets WHERE id = $1', [last.ticketId])).rows).toEqual([{ number: '20250601999999' }]);

    const refused = createTicket('Wertpapiere::Abwicklung');
    const response = await postMutations(running.url, token, [refused]);
    expect(response.status).toBe(500);
    expect(apiErrorSchema.parse(response.json).reason).toBe('internal-error');
    expect((await db.query('SELECT 1 FROM tickets WHERE id = $1', [refused.ticketId])).rowCount).toBe(0);
    expect((await db.query(`SELECT last_value FROM ticket_number_counters WHERE day = '2025-06-01'`)).rows).toEqual([{ last_value: 999999 }]);
  });
});
