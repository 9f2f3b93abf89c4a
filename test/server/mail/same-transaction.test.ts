import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationResponseSchema } from '../../../src-shared/sync/protocol.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { addArticle, expectApplied, inspect, postMutations, send, setState, ticketSnapshot } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { customer, customerTicket, LogLines, outboxOf, startMailServer } from './support.js';

// The outbox row is written in the transaction of the change: a change that does not commit
// leaves no mail behind, and a mutation applied once queues its mail once. No SMTP here: the
// embedded default logs what it would send.
describe('mail queued in the transaction of the change', () => {
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let token: string;
  const log = new LogLines();
  const siobhan = customer('soconnor');

  beforeAll(async () => {
    running = await startMailServer(undefined, log);
    db = inspect(running.database.url);
    token = await tokenFor(running.url, 'mmueller');
  });
  afterAll(async () => {
    await db.end();
    await running.close();
  });

  it('queues nothing for a mutation that is rejected or in conflict, and once for a replayed one', async () => {
    const create = customerTicket(siobhan.id);
    const clientId = randomUUID();
    for (let sent = 0; sent < 2; sent += 1) {
      const response = await postMutations(running.url, token, [create], clientId);
      expect(mutationResponseSchema.parse(response.json).results[0]?.status).toBe('applied');
    }
    expect((await outboxOf(db, create.ticketId)).map((row) => row.kind)).toEqual(['created']);

    // Another agent opened it meanwhile: a close from the version before is a conflict, nothing of it stays.
    expectApplied((await send(running.url, token, setState(create.ticketId, 1, 'open')))[0]);
    const [conflict] = await send(running.url, token, setState(create.ticketId, 1, 'closed-successful'));
    expect(conflict?.status).toBe('conflict');
    // A pending time in the past is refused after the handler looked at the ticket.
    const [refused] = await send(running.url, token, setState(create.ticketId, 2, 'pending-reminder', new Date(Date.now() - 60_000).toISOString()));
    expect(refused?.status).toBe('rejected');
    expect((await outboxOf(db, create.ticketId)).map((row) => row.kind)).toEqual(['created']);
  });

  it('leaves neither the change nor its mail when the transaction dies after the mail was queued, and queues it once when sent again', async () => {
    const create = customerTicket(siobhan.id);
    expectApplied((await send(running.url, token, create))[0]);
    const answer = addArticle(create.ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'agent', subject: 'Antwort', body: 'Der Auszug ist unterwegs.' });
    const before = await ticketSnapshot(db, create.ticketId);
    const clientId = randomUUID();

    // The mutation's INSERT into the outbox waits for this lock, after everything else of it ran;
    // its backend is terminated there, as PostgreSQL's administrator would.
    const locker = new pg.Client({ connectionString: running.database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE mail_outbox IN EXCLUSIVE MODE');
      const answered = postMutations(running.url, token, [answer], clientId);
      let terminated = 0;
      for (let tries = 0; terminated === 0 && tries < 400; tries += 1) {
        const result = await db.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO mail_outbox%'`,
        );
        terminated = result.rows.filter((row) => row.terminated).length;
        if (terminated === 0) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(terminated).toBe(1);
      await locker.query('COMMIT');
      expect((await answered).status).toBe(503);
    } finally {
      await locker.end();
    }
    expect(await ticketSnapshot(db, create.ticketId)).toEqual(before);
    expect((await outboxOf(db, create.ticketId)).map((row) => row.kind)).toEqual(['created']);

    for (let sent = 0; sent < 2; sent += 1) {
      const response = await postMutations(running.url, token, [answer], clientId);
      expect(mutationResponseSchema.parse(response.json).results[0]?.status).toBe('applied');
    }
    expect((await outboxOf(db, create.ticketId)).map((row) => row.kind)).toEqual(['created', 'agent-reply']);
  });

  it('marks mails sent without a relay and writes recipient and subject, nothing else, to the log', async () => {
    const create = customerTicket(siobhan.id);
    expectApplied((await send(running.url, token, create))[0]);
    await running.server.mailSender.runNow();
    const [row] = await outboxOf(db, create.ticketId);
    expect(row?.sent_at).not.toBeNull();
    const logged = log.withMessage(/^mail logged, not sent/u).filter((line) => line['subject'] === row?.subject);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 30, to: [siobhan.email], cc: [] });
    expect(JSON.stringify(logged[0])).not.toContain('Depotauszug für März');
  });
});
