import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slapdServerConfig, startServer, type ServerOnTestDatabase, type StartedServer } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { expectApplied, inspect, send, testQueues } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { customer, customerTicket, expectEachOnce, LogLines, mailSection, messageIdCounts, outboxOf, startMailServer, until } from './support.js';

/** Mails each instance's log says it sent. */
function sentBy(log: LogLines): number {
  return log.withMessage(/^mails sent from the outbox/u).reduce((sum, line) => sum + Number(line['sent']), 0);
}

// Two instances on one database, both woken by every commit, both sending to a slow relay at
// once: claims keep them off each other's rows, and each mail arrives exactly once.
describe('mail out from two server instances on one database', () => {
  let receiver: SmtpReceiver;
  let first: ServerOnTestDatabase;
  let second: StartedServer;
  let db: pg.Pool;
  const firstLog = new LogLines();
  const secondLog = new LogLines();

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    const mail = mailSection(receiver);
    first = await startMailServer(mail, firstLog);
    second = await startServer(slapdServerConfig(first.database.url, { queues: testQueues, mail, logging: { level: 'info' } }), { logStream: secondLog.stream });
    db = inspect(first.database.url);
  });
  afterAll(async () => {
    await db.end();
    await second.close();
    await first.close();
    await receiver.stop();
  });

  it('sends each of many mails exactly once, and both instances take part', async () => {
    // A relay that takes a while per message: while one instance sends, the other claims.
    receiver.setDataDelay(15);
    const keys = ['soconnor', 'jsmith', 'ppatel'];
    const tickets = Array.from({ length: 48 }, (_unused, index) => customerTicket(customer(keys[index % keys.length] ?? 'jsmith').id));
    const [firstToken, secondToken] = await Promise.all([tokenFor(first.url, 'mmueller'), tokenFor(second.url, 'mmueller')]);
    const halves = [tickets.slice(0, 24), tickets.slice(24)];
    const results = await Promise.all([send(first.url, firstToken, ...(halves[0] ?? [])), send(second.url, secondToken, ...(halves[1] ?? []))]);
    for (const result of results.flat()) expectApplied(result);

    await receiver.waitForMessages(tickets.length, 30_000);
    await until('every mail is marked sent', async () => (await outboxOf(db)).every((row) => row.sent_at !== null));
    await Promise.all([first.server.mailSender.runNow(), second.server.mailSender.runNow()]);
    const rows = await outboxOf(db);
    expect(rows).toHaveLength(tickets.length);
    expectEachOnce(await messageIdCounts(receiver.messages.map((message) => message.raw)), rows.map((row) => row.message_id));
    const [byFirst, bySecond] = [sentBy(firstLog), sentBy(secondLog)];
    expect(byFirst + bySecond).toBe(tickets.length);
    expect(byFirst).toBeGreaterThan(0);
    expect(bySecond).toBeGreaterThan(0);
  }, 60_000);
});
