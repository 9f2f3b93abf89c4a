import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { createMailIn } from '../../../src-server/mail-in/mail-in.js';
import { storeFetchedMail } from '../../../src-server/mail-in/store.js';
import { summariseHeaders } from '../../../src-server/mail-in/read-mail.js';
import { customerMail, customers, DatabaseTarget, openMailInWorld, queueAddresses, RecordingLog, storedMails, type MailInWorld } from './support.js';

describe('mail-in with several instances, restarts and crashes', () => {
  let world: MailInWorld;
  let otherInstanceDb: Database;

  beforeAll(async () => {
    world = await openMailInWorld();
    // A second server instance: its own connection pool on the same database.
    otherInstanceDb = openPostgres(world.sync.database.url, { max: 3 });
  });
  afterAll(async () => {
    await otherInstanceDb.close();
    await world.close();
  });

  const allSeen = async (user: string) => (await world.dovecot.messages(user)).every((message) => message.flags.has('\\Seen'));

  it('stores and hands over each of 16 mails exactly once while two instances poll the same mailboxes at the same time, and again after a restart', async () => {
    const senders = [customers.anna.email, customers.bruno.email, customers.clara.email];
    const mail = (index: number) => customerMail({ from: senders[index % 3] ?? '', subject: `Anliegen ${index}` });
    await world.dovecot.deliverMany('servicedesk', [0, 2, 4, 6, 8, 10, 12, 14].map(mail));
    await world.dovecot.deliverMany('wertpapiere', [1, 3, 5, 7, 9, 11, 13, 15].map(mail));
    const targets = [new DatabaseTarget(world.queues), new DatabaseTarget(world.queues)];
    const instances = [world.db, otherInstanceDb].map((db, index) => createMailIn({ config: world.config(), db, target: targets[index] as DatabaseTarget, log: new RecordingLog() }));
    // Three rounds in which both instances poll at once.
    let storedByBoth = 0;
    for (let round = 0; round < 3; round += 1) {
      for (const reports of await Promise.all(instances.map((instance) => instance.pollNow()))) {
        for (const report of reports.values()) storedByBoth += report.stored;
      }
    }
    expect(storedByBoth).toBe(16);
    await Promise.all(instances.map((instance) => instance.stop()));

    const handedOver = targets.flatMap((target) => target.calls.map((call) => call.mail));
    expect(handedOver).toHaveLength(16);
    expect(new Set(handedOver.map((mail) => mail.inboundMailId)).size).toBe(16);
    expect(new Set(handedOver.map((mail) => mail.subject))).toEqual(new Set(Array.from({ length: 16 }, (_, index) => `Anliegen ${index}`)));
    for (const address of Object.values(queueAddresses)) {
      const stored = await storedMails(world.db, address);
      expect(stored).toHaveLength(8);
      expect(stored.every((mail) => mail.state === 'processed')).toBe(true);
    }
    const tickets = await world.db.query<{ count: string }>("SELECT count(*) FROM tickets WHERE title LIKE 'Anliegen %'");
    expect(tickets.rows[0]?.count).toBe('16');
    expect(await allSeen('servicedesk')).toBe(true);
    expect(await allSeen('wertpapiere')).toBe(true);

    // A restarted instance finds nothing to do.
    const restartedTarget = new DatabaseTarget(world.queues);
    const restarted = createMailIn({ config: world.config(), db: world.db, target: restartedTarget, log: new RecordingLog() });
    const reports = await restarted.pollNow();
    await restarted.stop();
    expect([...reports.values()].map((report) => report.stored)).toEqual([0, 0]);
    expect(restartedTarget.calls).toEqual([]);
  });

  it('loses nothing and doubles nothing when an instance died after storing a mail, before marking it seen and handing it over', async () => {
    const raw = Buffer.from(customerMail({ from: customers.anna.email, subject: 'vor dem Absturz gespeichert' }));
    const uid = await world.dovecot.deliver('servicedesk', raw);
    const folder = await uidValidityOf(world, 'servicedesk');
    // What the dead instance got done: the mail stored and committed, nothing else.
    await storeFetchedMail(world.db, {
      mailbox: queueAddresses.Servicedesk, uidValidity: folder, uid, receivedAt: new Date(), storedAt: new Date(), raw, size: raw.length, truncated: false,
      ...(await summariseHeaders(raw)),
    });
    expect((await world.dovecot.messages('servicedesk')).find((message) => message.uid === uid)?.flags.has('\\Seen')).toBe(false);

    const target = new DatabaseTarget(world.queues);
    const mailIn = createMailIn({ config: world.config(), db: world.db, target, log: new RecordingLog() });
    const report = await mailIn.pollNow();
    await mailIn.stop();
    expect(report.get(queueAddresses.Servicedesk)).toMatchObject({ stored: 0, decided: { processed: 1 } });
    expect(target.calls.map((call) => call.mail.subject)).toEqual(['vor dem Absturz gespeichert']);
    expect(await allSeen('servicedesk')).toBe(true);
    expect((await storedMails(world.db, queueAddresses.Servicedesk)).filter((mail) => mail.uid === String(uid))).toHaveLength(1);
  });

  it('polls on its own timer until stopped, and stop() ends a pass cleanly', async () => {
    const target = new DatabaseTarget(world.queues);
    const mailIn = createMailIn({ config: world.config({ pollSeconds: 1 }), db: world.db, target, log: new RecordingLog() });
    mailIn.start();
    await world.dovecot.deliver('wertpapiere', customerMail({ from: customers.bruno.email, subject: 'per Zeitgeber' }));
    await vi.waitFor(() => expect(target.calls.map((call) => call.mail.subject)).toEqual(['per Zeitgeber']), { timeout: 10_000, interval: 50 });
    await mailIn.stop();
    await mailIn.stop();
    // Stopped: a mail arriving now is not fetched by the stopped instance.
    await world.dovecot.deliver('wertpapiere', customerMail({ from: customers.bruno.email, subject: 'nach dem Stopp' }));
    expect((await mailIn.pollNow()).get(queueAddresses.Wertpapiere)).toMatchObject({ stored: 0 });
    expect(target.calls).toHaveLength(1);
  });
});

async function uidValidityOf(world: MailInWorld, user: string): Promise<string> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({ host: world.dovecot.host, port: world.dovecot.imapPort, secure: false, doSTARTTLS: false, auth: { user, pass: world.dovecot.passwords[user] ?? '' }, logger: false });
  await client.connect();
  try {
    const status = await client.status('INBOX', { uidValidity: true });
    if (status === false || status.uidValidity === undefined) throw new Error('no UIDVALIDITY');
    return String(status.uidValidity);
  } finally {
    await client.logout();
  }
}
