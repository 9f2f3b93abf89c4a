import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { expectApplied, inspect, send } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { customer, customerTicket, expectEachOnce, LogLines, mailSection, messageIdCounts, outboxOf, startMailServer, until } from './support.js';

// The relay away, then back; a relay that refuses one mailbox. The server stays up, says what
// is wrong once, backs off, and every mail arrives exactly once when it can.
describe('mail out while the SMTP relay is down or refuses', () => {
  let receiver: SmtpReceiver;
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let token: string;
  const log = new LogLines();

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    running = await startMailServer(mailSection(receiver, { maxAttempts: 2 }), log);
    db = inspect(running.database.url);
    token = await tokenFor(running.url, 'mmueller');
  });
  afterAll(async () => {
    await db.end();
    await running.close();
    await receiver.stop();
  });

  it('keeps the mails while the relay turns connections away, warns once, backs off, and sends each exactly once when it is back', async () => {
    receiver.setMode('refuse');
    const creates = ['soconnor', 'jsmith', 'ppatel'].map((key) => customerTicket(customer(key).id));
    for (const result of await send(running.url, token, ...creates)) expectApplied(result);

    // Woken by the commits, the sender tries once and then waits out its back-off (1 s ± 25 %),
    // not a try per mail or per commit.
    await receiver.waitForTurnedAway(1);
    const firstTry = Date.now();
    await until('the relay\'s answer is kept with the mail', async () => (await outboxOf(db)).some((row) => row.last_error?.includes('421') === true));
    // A relay that cuts the connection without a word is an outage too, and still not the mails' fault.
    receiver.setMode('drop');
    await receiver.waitForTurnedAway(2);
    expect(Date.now() - firstTry).toBeGreaterThanOrEqual(700);
    await until('the cut connection is kept with the mail', async () => (await outboxOf(db)).some((row) => row.last_error?.startsWith('ECONNECTION') === true));
    const waiting = await outboxOf(db);
    expect(waiting).toHaveLength(3);
    for (const row of waiting) expect(row).toMatchObject({ sent_at: null, attempts: 0, gave_up_at: null });
    expect(log.withMessage(/^cannot hand mail to the SMTP relay/u)).toHaveLength(1);

    receiver.setMode('accept');
    await receiver.waitForMessages(3, 20_000);
    await until('all three are marked sent', async () => (await outboxOf(db)).every((row) => row.sent_at !== null));
    await running.server.mailSender.runNow();
    expectEachOnce(await messageIdCounts(receiver.messages.map((message) => message.raw)), waiting.map((row) => row.message_id));
    expect(log.withMessage(/^the SMTP relay accepts mail again/u)).toHaveLength(1);
    expect(running.server.app.server.listening).toBe(true);
  }, 40_000);

  it('tries a mail the relay refuses for now again later, gives it up after maxAttempts, and gives up at once on a permanent refusal', async () => {
    const soon = customer('soconnor');
    const never = customer('jsmith');
    const fine = customer('ppatel');
    receiver.refuseRecipient(soon.email, 450);
    receiver.refuseRecipient(never.email, 550);
    const before = receiver.messages.length;
    const [toSoon, toNever, toFine] = [soon, never, fine].map((entry) => customerTicket(entry.id));
    if (!toSoon || !toNever || !toFine) throw new Error('three tickets expected');
    for (const result of await send(running.url, token, toSoon, toNever, toFine)) expectApplied(result);

    await receiver.waitForMessages(before + 1);
    await until('the permanent refusal is given up', async () => (await outboxOf(db, toNever.ticketId))[0]?.gave_up_at !== null);
    expect((await outboxOf(db, toNever.ticketId))[0]).toMatchObject({ attempts: 1, sent_at: null });
    expect((await outboxOf(db, toNever.ticketId))[0]?.last_error).toMatch(/550/u);

    await until('the first refusal is counted', async () => (await outboxOf(db, toSoon.ticketId))[0]?.attempts === 1);
    const first = (await outboxOf(db, toSoon.ticketId))[0];
    expect(first).toMatchObject({ gave_up_at: null, sent_at: null });
    expect(first?.last_error).toMatch(/450/u);
    await until('the second refusal gives it up (maxAttempts 2)', async () => (await outboxOf(db, toSoon.ticketId))[0]?.gave_up_at !== null, 10_000);
    expect((await outboxOf(db, toSoon.ticketId))[0]?.attempts).toBe(2);

    const givenUp = log.withMessage(/^gave up a mail/u);
    expect(givenUp.map((line) => line['ticketId']).sort()).toEqual([toSoon.ticketId, toNever.ticketId].sort());
    expect(givenUp.every((line) => line['level'] === 50)).toBe(true);
    // Given up is kept and not tried again; the relay was up all along.
    await running.server.mailSender.runNow();
    expect(receiver.messages).toHaveLength(before + 1);
    expect(await outboxOf(db)).toHaveLength(6);
    expect(log.withMessage(/^cannot hand mail to the SMTP relay/u)).toHaveLength(1);
  }, 30_000);
});
