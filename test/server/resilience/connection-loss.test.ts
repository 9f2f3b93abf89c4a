import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../../src-shared/api/sessions.js';
import { mutationResponseSchema } from '../../../src-shared/sync/protocol.js';
import { queueConfigLockKey } from '../../../src-server/domain/queues.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createTicket, postMutations, testQueues } from '../mutations/support.js';
import { tokenFor, type HttpResponse } from '../support/http.js';
import { eventually } from './support/faults.js';

// A mutation's transaction starts with the shared queue-list lock. Holding that lock
// exclusively makes the request wait inside PostgreSQL, where its backend can be terminated at
// a moment the test chooses.
describe('a request whose database connection dies', () => {
  let running: ServerOnTestDatabase | undefined;
  let admin: pg.Client | undefined;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ queues: testQueues });
    admin = new pg.Client({ connectionString: running.database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await running?.close();
  });

  const started = (): { url: string; admin: pg.Client } => {
    if (!running || !admin) throw new Error('server did not start');
    return { url: running.url, admin };
  };

  /**
   * Terminates `times` backends of the server, each once its mutation waits for the queue-list
   * lock. Not on the lock holder's connection: inside a transaction pg_stat_activity is read once
   * and kept. Only a mutation's backend (the SLA timer takes the same lock), and each waited for
   * until it has gone: without the timeout pg_terminate_backend returns once signalled, the next
   * poll can see the dying backend still waiting and count it twice, and the mutation's second
   * attempt went through (a CI failure).
   */
  async function terminateWaiters(databaseUrl: string, times: number): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await terminate(client, times);
    } finally {
      await client.end();
    }
  }

  async function terminate(client: pg.Client, times: number): Promise<void> {
    for (let terminated = 0; terminated < times; ) {
      await eventually('a mutation waits for the lock', async () => {
        const result = await client.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid, 10000) AS terminated FROM pg_stat_activity
           WHERE application_name = 'kontor-server' AND wait_event_type = 'Lock' AND datname = current_database()
             AND query LIKE '%SAVEPOINT mutation%'`,
        );
        terminated += result.rows.filter((row) => row.terminated).length;
        return result.rows.length > 0;
      });
    }
  }

  /**
   * Sends `send()` while holding the lock, terminates `times` backends that wait for it, then
   * lets go and resolves with the answer (the server's retry waits for the lock too).
   */
  async function sendTerminating(client: pg.Client, times: number, send: () => Promise<HttpResponse>): Promise<HttpResponse> {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [queueConfigLockKey]);
    // Held in an object: an async function returning the promise itself would wait for it
    // before COMMIT, and the answer waits for the lock.
    const sent = { answer: send() };
    try {
      await terminateWaiters(running?.database.url ?? '', times);
    } finally {
      await client.query('COMMIT');
    }
    return sent.answer;
  }

  it('is started again by the server on a new connection when it died at BEGIN, where nothing of it had run', async () => {
    const { url, admin: client } = started();
    const token = await tokenFor(url, 'mmueller');
    const create = createTicket('ServiceLine');
    const response = await sendTerminating(client, 1, () => postMutations(url, token, [create]));
    expect(response.status, response.text).toBe(200);
    expect(mutationResponseSchema.parse(response.json).results[0]?.status).toBe('applied');
  });

  it('answers 503 database-unavailable with Retry-After when it dies again, and the same batch sent again applies once', async () => {
    const { url, admin: client } = started();
    const token = await tokenFor(url, 'mmueller');
    const create = createTicket('ServiceLine');
    const clientId = randomUUID();
    const refused = await sendTerminating(client, 2, () => postMutations(url, token, [create], clientId));
    expect(refused.status, refused.text).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(apiErrorSchema.parse(refused.json)).toEqual({ reason: 'database-unavailable', message: 'The database cannot be reached. Send the request again later.', retryAfterSeconds: 1 });

    for (let attempt = 0; attempt < 2; attempt += 1) {
      const again = await postMutations(url, token, [create], clientId);
      expect(again.status, again.text).toBe(200);
      expect(mutationResponseSchema.parse(again.json).results[0]?.status).toBe('applied');
    }
    const stored = await client.query('SELECT id FROM tickets WHERE id = $1', [create.ticketId]);
    expect(stored.rowCount).toBe(1);
  });
});
