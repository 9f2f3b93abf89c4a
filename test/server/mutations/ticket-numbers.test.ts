import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../harness/clock.js';
import { createTestDatabase, type TestDatabase } from '../../harness/database.js';
import { slapdServerConfig, startServer, type StartedServer } from '../../harness/kontor-server.js';
import { createTicket, expectApplied, inspect, send, signIn, testQueues } from './support.js';

// 00:30 on 30 March 2025 in Frankfurt, still 29 March in UTC.
const clock = new TestClock(new Date('2025-03-29T23:30:00.000Z'));
let database: TestDatabase;
let instances: StartedServer[] = [];
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = slapdServerConfig(database.url, { queues: testQueues });
  // Two instances on one database, as behind a load balancer.
  instances = await Promise.all([startServer(config, { now: clock.now }), startServer(config, { now: clock.now })]);
  db = inspect(database.url);
});

afterAll(async () => {
  await db.end();
  await Promise.all(instances.map((instance) => instance.close()));
  await database.drop();
});

const creatorCount = 8;
const ticketsEach = 6;

/** Eight creators, alternating between the two instances, each creating tickets one batch at a time. */
async function createConcurrently(): Promise<string[]> {
  const creators = await Promise.all(
    Array.from({ length: creatorCount }, async (_, index) => {
      const instance = instances[index % instances.length];
      if (!instance) throw new Error('no instance');
      return { url: instance.url, session: await signIn(instance.url, index % 2 === 0 ? 'lweber' : 'mmueller') };
    }),
  );
  const created = await Promise.all(
    creators.map(async ({ url, session }) => {
      const ids: string[] = [];
      for (let n = 0; n < ticketsEach; n += 1) {
        const create = createTicket('Wertpapiere::Abwicklung');
        expectApplied((await send(url, session.token, create))[0]);
        ids.push(create.ticketId);
      }
      return ids;
    }),
  );
  return created.flat();
}

async function numbersOf(ids: readonly string[]): Promise<string[]> {
  const result = await db.query<{ number: string }>('SELECT number FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY number', [ids]);
  return result.rows.map((row) => row.number);
}

const expectedNumbers = (day: string): string[] => Array.from({ length: creatorCount * ticketsEach }, (_, i) => `${day}${String(i + 1).padStart(6, '0')}`);

describe('ticket numbers', () => {
  it('are unique and gapless per Berlin day under eight concurrent creators on two instances', async () => {
    const ids = await createConcurrently();
    expect(await numbersOf(ids)).toEqual(expectedNumbers('20250330'));
  });

  it('start again at 000001 on the next Berlin day', async () => {
    // 23:59:59 UTC on 30 March is 01:59:59 on 31 March in Frankfurt (summer time began that night).
    clock.advance(24 * 3_600_000 + 29 * 60_000 + 59_000);
    const ids = await createConcurrently();
    expect(await numbersOf(ids)).toEqual(expectedNumbers('20250331'));
  });
});
