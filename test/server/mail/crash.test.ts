import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../../src-server/db/database.js';
import { createTestDatabase, type TestDatabase } from '../../harness/database.js';
import { testDirectoryConfig } from '../../harness/directory.js';
import { testRoles } from '../../harness/kontor-server.js';
import { isAlive, sleep } from '../../harness/process.js';
import { spawnServerProcess, type ServerProcess } from '../../harness/server-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { expectApplied, send, testQueues } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { temporaryDirectory } from '../support/temporary.js';
import { customer, customerTicket, expectEachOnce, mailSection, messageIdCounts, outboxOf, syncCustomers, until } from './support.js';

// Kontor Server in a process of its own, killed with SIGKILL after the change committed and
// before its mail left; the next process sends it, exactly once.
describe('mail out across a crash of the server', () => {
  let receiver: SmtpReceiver;
  let database: TestDatabase;
  let db: pg.Pool;
  let runDir: string;
  let config: Record<string, unknown>;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    receiver = await startSmtpReceiver({ mode: 'refuse' });
    database = await createTestDatabase();
    const server = openPostgres(database.url, { max: 2 });
    try {
      await syncCustomers(server);
    } finally {
      await server.close();
    }
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    runDir = temporaryDirectory('kontor-mail-crash-');
    config = {
      listen: { host: '127.0.0.1', port: 0 },
      database: { url: database.url },
      directory: { ...testDirectoryConfig(), syncIntervalMinutes: 0 },
      roles: testRoles,
      queues: testQueues,
      mail: mailSection(receiver),
      logging: { level: 'info' },
    };
  });
  afterAll(async () => {
    await Promise.all(processes.map((server) => server.stop()));
    await db.end();
    await database.drop();
    await receiver.stop();
  });

  it('sends the mail of a change committed before a kill -9 exactly once after the restart', async () => {
    const first = await spawnServerProcess(runDir, 'first', config);
    processes.push(first);
    const token = await tokenFor(first.url, 'mmueller');
    const tickets = ['soconnor', 'jsmith'].map((key) => customerTicket(customer(key).id));
    for (const result of await send(first.url, token, ...tickets)) expectApplied(result);
    // The relay turns the first process away: the mails wait, committed with their changes.
    await until('the first process tried', async () => (await outboxOf(db)).some((row) => row.last_error !== null));
    process.kill(first.pid, 'SIGKILL');
    await until('the first process is gone', () => !isAlive(first.pid));
    const queued = await outboxOf(db);
    expect(queued).toHaveLength(2);
    expect(queued.every((row) => row.sent_at === null)).toBe(true);

    receiver.setMode('accept');
    const second = await spawnServerProcess(runDir, 'second', config);
    processes.push(second);
    await receiver.waitForMessages(2, 20_000);
    await until('both are marked sent', async () => (await outboxOf(db)).every((row) => row.sent_at !== null));
    // More passes of the sender (interval 1 s) send nothing again.
    await sleep(1500);
    expectEachOnce(await messageIdCounts(receiver.messages.map((message) => message.raw)), queued.map((row) => row.message_id));
    expect(second.exit()).toBeNull();
  }, 60_000);

  it('sends a mail the relay took again, with the same Message-ID, when the process died before it heard so', async () => {
    // Only this test's processes send: an instance of the last one would take the mail too.
    await Promise.all(processes.splice(0).map((server) => server.stop()));
    receiver.setMode('accept');
    const first = await spawnServerProcess(runDir, 'took-it', config);
    processes.push(first);
    const before = receiver.messages.length;
    // The relay keeps the mail and, before its 250 reaches the sender, the sender is killed.
    receiver.beforeAccepting(async () => {
      receiver.beforeAccepting(null);
      process.kill(first.pid, 'SIGKILL');
      await until('the process is gone', () => !isAlive(first.pid));
    });
    const token = await tokenFor(first.url, 'mmueller');
    const ticket = customerTicket(customer('soconnor').id);
    expectApplied((await send(first.url, token, ticket))[0]);
    await until('the process was killed at the hand-over', () => !isAlive(first.pid), 20_000);
    const [row] = await outboxOf(db, ticket.ticketId);
    expect(row).toMatchObject({ sent_at: null });
    expect(row?.claimed_until).not.toBeNull();
    // Five minutes later the lease has run out (the clock is the only thing faked).
    await db.query('UPDATE mail_outbox SET claimed_until = clock_timestamp() - interval \'1 second\' WHERE id = $1', [row?.id]);
    const second = await spawnServerProcess(runDir, 'after-it', config);
    processes.push(second);
    await until('the mail is marked sent', async () => (await outboxOf(db, ticket.ticketId))[0]?.sent_at !== null, 20_000);
    const counts = await messageIdCounts(receiver.messages.slice(before).map((message) => message.raw));
    // The one duplicate the outbox allows (docs/mail.md, "Exactly once"): the same message twice, which mail programs recognise.
    expect([...counts]).toEqual([[row?.message_id, 2]]);
  }, 60_000);
});
