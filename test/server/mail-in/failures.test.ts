import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMailIn } from '../../../src-server/mail-in/mail-in.js';
import { customerMail, customers, DatabaseTarget, openMailInWorld, queueAddresses, RecordingLog, storedMails, type MailInWorld } from './support.js';

describe('mail-in when mails or servers fail', () => {
  let world: MailInWorld;

  beforeAll(async () => {
    world = await openMailInWorld(['kaputt', 'gross']);
  });
  afterAll(async () => {
    await world.close();
  });

  const ticketCount = async () => Number((await world.db.query<{ count: string }>('SELECT count(*) FROM tickets')).rows[0]?.count);

  it('keeps a mail that cannot be read as failed, reports it, marks it seen and goes on with the next', async () => {
    const address = 'kaputt@bank.example';
    // Bytes without line breaks and NULs: dovecot stores lines as CRLF and NUL as 0x80, so those would not come back as sent.
    const garbage = Buffer.from(randomBytes(3000).map((byte) => (byte === 0 || byte === 10 || byte === 13 ? 32 : byte)));
    await world.dovecot.deliverMany('kaputt', [garbage, 'Dies ist keine E-Mail.\r\nNur Zeilen.\r\n', customerMail({ from: customers.anna.email, subject: 'danach' })]);
    const target = new DatabaseTarget(world.queues);
    const log = new RecordingLog();
    const mailIn = createMailIn({ config: world.config({ mailboxes: [world.mailbox('kaputt', 'Servicedesk')] }), db: world.db, target, log });
    const report = await mailIn.pollNow();
    await mailIn.stop();

    expect(report.get(address)).toMatchObject({ stored: 3, decided: { processed: 1, failed: 2 } });
    const stored = await storedMails(world.db, address);
    expect(stored.map((mail) => [mail.state, mail.classification?.kind, mail.error])).toEqual([
      ['failed', 'unparseable', expect.stringMatching(/no header block/u)],
      ['failed', 'unparseable', expect.stringMatching(/no header block/u)],
      ['processed', 'new-ticket', null],
    ]);
    const raw = await world.db.query<{ raw: Buffer }>('SELECT raw FROM inbound_mails WHERE id = $1::bigint', [stored[0]?.id ?? '0']);
    expect(raw.rows[0]?.raw.equals(garbage)).toBe(true);
    expect(log.warnings()).toEqual([
      'mail-in: a mail in kaputt@bank.example cannot be read; kept as failed',
      'mail-in: a mail in kaputt@bank.example cannot be read; kept as failed',
    ]);
    expect((await world.dovecot.messages('kaputt')).every((message) => message.flags.has('\\Seen'))).toBe(true);
    expect(target.calls.map((call) => call.mail.subject)).toEqual(['danach']);
  });

  it('keeps a mail larger than maxMessageBytes truncated, as failed, and reports it', async () => {
    const address = 'gross@bank.example';
    const big = customerMail({ from: customers.anna.email, subject: 'großer Anhang', body: 'x'.repeat(100_000) });
    await world.dovecot.deliver('gross', big);
    const log = new RecordingLog();
    const mailIn = createMailIn({ config: world.config({ mailboxes: [world.mailbox('gross', 'Servicedesk')], maxMessageBytes: 65_536 }), db: world.db, target: new DatabaseTarget(world.queues), log });
    await mailIn.pollNow();
    await mailIn.stop();
    const [stored] = await storedMails(world.db, address);
    expect(stored).toMatchObject({ state: 'failed', truncated: true, error: expect.stringMatching(/more than maxMessageBytes \(65536\)/u) as unknown });
    const raw = await world.db.query<{ length: number; size: string; from_address: string }>('SELECT octet_length(raw) AS length, size::text, from_address FROM inbound_mails WHERE id = $1::bigint', [stored?.id ?? '0']);
    expect(raw.rows[0]).toEqual({ length: 65_536, size: String(Buffer.byteLength(big)), from_address: customers.anna.email.toLowerCase() });
    expect(log.warnings()).toHaveLength(1);
  });

  it('rolls a failed hand-over back and keeps the mail as failed with the reason', async () => {
    await world.dovecot.deliverMany('servicedesk', [
      customerMail({ from: customers.anna.email, subject: 'scheitert' }),
      customerMail({ from: customers.anna.email, subject: 'klappt' }),
    ]);
    const before = await ticketCount();
    const target = new DatabaseTarget(world.queues);
    target.failNext = 'queue is full';
    const log = new RecordingLog();
    const mailIn = createMailIn({ config: world.config(), db: world.db, target, log });
    await mailIn.pollNow();
    await mailIn.stop();
    const [failed, next] = (await storedMails(world.db, queueAddresses.Servicedesk)).slice(-2);
    expect(failed).toMatchObject({ state: 'failed', ticket_id: null, error: 'hand-over failed: queue is full', classification: { kind: 'new-ticket' } });
    expect(next).toMatchObject({ state: 'processed' });
    // The failed hand-over's ticket was rolled back with it: only the second mail's ticket is there.
    expect(await ticketCount()).toBe(before + 1);
    expect(log.warnings()).toEqual(['mail-in: handing a mail in servicedesk@bank.example over failed; kept as failed']);
    // A throw that is not the ticket side's refusal is no attempt: the next one keeps the mutation id.
    const counted = await world.db.query('SELECT failed_hand_overs FROM inbound_mails WHERE id = $1', [failed?.id ?? '']);
    expect(counted.rows).toEqual([{ failed_hand_overs: 0 }]);
  });

  it('reports a wrong password once without the password, and keeps polling', async () => {
    const log = new RecordingLog();
    const config = world.config({ mailboxes: [world.mailbox('servicedesk', 'Servicedesk', { password: 'falsches-Passwort-4711' })] });
    const mailIn = createMailIn({ config, db: world.db, target: new DatabaseTarget(world.queues), log });
    const first = await mailIn.pollNow();
    await mailIn.pollNow();
    await mailIn.stop();
    expect(first.get(queueAddresses.Servicedesk)?.problem).toMatch(/login as "servicedesk" refused/u);
    expect(log.warnings()).toHaveLength(1);
    expect(log.text()).not.toContain('falsches-Passwort-4711');
    expect(log.text()).not.toContain(world.dovecot.passwords['servicedesk']);
  });

  it('warns once while dovecot is down, does not crash, and fetches by itself once it is back', async () => {
    const target = new DatabaseTarget(world.queues);
    const log = new RecordingLog();
    const mailIn = createMailIn({ config: world.config({ pollSeconds: 1 }), db: world.db, target, log });
    const uid = await world.dovecot.deliver('wertpapiere', customerMail({ from: customers.clara.email, subject: 'während des Ausfalls' }));
    await world.dovecot.restart(async () => {
      const down = await mailIn.pollNow();
      expect(down.get(queueAddresses.Wertpapiere)?.problem).toMatch(/connection refused/u);
      mailIn.start();
      // Several passes fail meanwhile (the timer's and these); each mailbox is reported once.
      await mailIn.pollNow();
      await mailIn.pollNow();
      expect(log.warnings()).toHaveLength(2);
      expect(target.calls).toEqual([]);
    });
    await vi.waitFor(() => {
      expect(target.calls.map((call) => call.mail.subject)).toEqual(['während des Ausfalls']);
      // Each mailbox's poller recovers on its own timer.
      expect(log.lines.filter((line) => line.message.includes('can be read again'))).toHaveLength(2);
    }, { timeout: 10_000, interval: 50 });
    await mailIn.stop();
    // The two mailboxes' pollers run side by side: in either order.
    expect(log.warnings().sort()).toEqual([
      expect.stringMatching(/^mail-in: mailbox servicedesk@bank\.example cannot be read: 127\.0\.0\.1:\d+: connection refused; trying again every 1 s$/u),
      expect.stringMatching(/^mail-in: mailbox wertpapiere@bank\.example cannot be read: 127\.0\.0\.1:\d+: connection refused; trying again every 1 s$/u),
    ]);
    expect((await storedMails(world.db, queueAddresses.Wertpapiere)).filter((mail) => mail.uid === String(uid))).toMatchObject([{ state: 'processed' }]);
  });
});
