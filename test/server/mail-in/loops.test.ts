import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailIn } from '../../../src-server/mail-in/mail-in.js';
import { customerMail, customers, DatabaseTarget, openMailInWorld, queueAddresses, RecordingLog, storedMails, type MailInWorld } from './support.js';

describe('mail loops', () => {
  let world: MailInWorld;

  beforeAll(async () => {
    world = await openMailInWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('stops a loop of unmarked mails from one sender at the per-sender limit, warns once, and takes the sender again after the window', async () => {
    let now = new Date('2026-12-02T10:00:00Z');
    const target = new DatabaseTarget(world.queues);
    const log = new RecordingLog();
    const mailIn = createMailIn({ config: world.config({ perSenderLimit: { maxMails: 5, windowMinutes: 60 } }), db: world.db, target, log, now: () => now });
    // Twelve mails from a customer's misconfigured auto-responder that marks nothing, and one from a colleague.
    // (The first mails of this database: their ids pass from one digit to two, which a text order would get wrong.)
    await world.dovecot.deliverMany('wertpapiere', [
      ...Array.from({ length: 12 }, (_, index) => customerMail({ from: customers.clara.email, subject: `Re: Ihre Nachricht (${index})`, to: queueAddresses.Wertpapiere })),
      customerMail({ from: customers.bruno.email, subject: 'ein Mensch', to: queueAddresses.Wertpapiere }),
    ]);
    await mailIn.pollNow();

    expect(target.calls.map((call) => call.mail.subject)).toEqual([0, 1, 2, 3, 4].map((index) => `Re: Ihre Nachricht (${index})`).concat('ein Mensch'));
    const stored = await storedMails(world.db, queueAddresses.Wertpapiere);
    expect(stored.map((mail) => mail.classification?.kind)).toEqual([...Array<string>(5).fill('new-ticket'), ...Array<string>(7).fill('loop-suspected'), 'new-ticket']);
    expect(stored.filter((mail) => mail.classification?.kind === 'loop-suspected').every((mail) => mail.state === 'ignored')).toBe(true);
    expect(log.warnings()).toEqual([
      `mail-in: more than 5 mails from ${customers.clara.email} within 60 minutes; a mail loop is suspected, further mails are stored and not handed over`,
    ]);

    // Within the window the sender stays stopped; once it has passed, their next mail is taken.
    now = new Date('2026-12-02T10:30:00Z');
    await world.dovecot.deliver('wertpapiere', customerMail({ from: customers.clara.email, subject: 'noch im Fenster' }));
    await mailIn.pollNow();
    now = new Date('2026-12-02T11:30:01Z');
    await world.dovecot.deliver('wertpapiere', customerMail({ from: customers.clara.email, subject: 'nach dem Fenster' }));
    await mailIn.pollNow();
    await mailIn.stop();
    expect(target.calls.map((call) => call.mail.subject).slice(6)).toEqual(['nach dem Fenster']);
  });

  it('ignores 20 auto-replies to a ticket\'s mails: none is handed over, none could be answered', async () => {
    const number = await world.ticketOf(customers.anna);
    const markers: Record<string, string>[] = [
      { 'Auto-Submitted': 'auto-replied' }, { 'X-Autoreply': 'yes' }, { Precedence: 'auto_reply' }, { 'X-Autorespond': 'vacation' },
      { 'X-Auto-Response-Suppress': 'All' }, { 'Return-Path': '<>' },
    ];
    await world.dovecot.deliverMany('servicedesk', Array.from({ length: 20 }, (_, index) => customerMail({
      from: customers.anna.email, subject: `Abwesenheitsnotiz: AW: [Ticket#${number}] Rückruf erbeten (${index})`, headers: markers[index % markers.length],
    })));
    const target = new DatabaseTarget(world.queues);
    const mailIn = createMailIn({ config: world.config(), db: world.db, target, log: new RecordingLog() });
    const report = await mailIn.pollNow();
    await mailIn.stop();

    expect(report.get(queueAddresses.Servicedesk)).toMatchObject({ stored: 20, decided: { processed: 0, ignored: 20 } });
    expect(target.calls).toEqual([]);
    const stored = await storedMails(world.db, queueAddresses.Servicedesk);
    expect(stored.map((mail) => [mail.state, mail.classification?.kind, mail.ticket_id])).toEqual(Array.from({ length: 20 }, () => ['ignored', 'auto-reply-ignored', null]));
    const articles = await world.db.query<{ count: string }>('SELECT count(*) FROM articles a JOIN tickets t ON t.id = a.ticket_id WHERE t.number = $1', [number]);
    expect(articles.rows[0]?.count).toBe('0');
  });

  it("ignores Kontor's own mail come back (its sender, any mailbox's address): nothing handed over, a warning for the operator", async () => {
    const number = await world.ticketOf(customers.anna);
    const target = new DatabaseTarget(world.queues);
    const log = new RecordingLog();
    // With unknown senders taken in: Kontor's own addresses are no customer's, and would otherwise become tickets.
    const config = world.config({ unknownSenders: { queue: 'Unbekannte Absender' } });
    const mailIn = createMailIn({ config, db: world.db, target, log, senders: ['Kontor Service <Service@Bank.example>'] });
    await world.dovecot.deliverMany('servicedesk', [
      // An agent's e-mail reply (no machine's mark) that an agent addressed to a queue's mailbox.
      customerMail({ from: 'Kontor Service <service@bank.example>', subject: `[Ticket#${number}] Ihr Depotauszug`, body: 'Der Auszug ist unterwegs.' }),
      // A forwarding rule of one queue's mailbox into another's.
      customerMail({ from: queueAddresses.Wertpapiere, subject: 'WG: Depotübertrag' }),
      // (Not Anna: her 20 auto-replies above put her at the per-sender limit.)
      customerMail({ from: customers.bruno.email, subject: 'von Bruno' }),
    ]);
    await mailIn.pollNow();
    await mailIn.stop();

    expect(target.calls.map((call) => call.mail.subject)).toEqual(['von Bruno']);
    const stored = (await storedMails(world.db, queueAddresses.Servicedesk)).slice(-3);
    expect(stored.map((mail) => [mail.state, mail.classification, mail.ticket_id])).toEqual([
      ['ignored', { kind: 'own-mail-ignored', sender: 'service@bank.example' }, null],
      ['ignored', { kind: 'own-mail-ignored', sender: queueAddresses.Wertpapiere }, null],
      ['processed', { kind: 'new-ticket', queue: 'Servicedesk', why: 'no-ticket-tag' }, expect.any(String)],
    ]);
    expect(log.warnings()).toEqual([
      `mail-in: a mail in ${queueAddresses.Servicedesk} comes from Kontor's own address service@bank.example; stored as ignored, neither taken in nor answered`,
      `mail-in: a mail in ${queueAddresses.Servicedesk} comes from Kontor's own address ${queueAddresses.Wertpapiere}; stored as ignored, neither taken in nor answered`,
    ]);
  });
});
