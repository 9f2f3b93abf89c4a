import { inject } from 'vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailIn } from '../../../src-server/mail-in/mail-in.js';
import type { MailInConfig } from '../../../src-server/mail-in/config.js';
import { customerMail, customers, DatabaseTarget, openMailInWorld, queueAddresses, RecordingLog, storedMails, type MailInWorld } from './support.js';

describe('mail-in against a real dovecot and PostgreSQL', () => {
  let world: MailInWorld;
  let target: DatabaseTarget;
  let log: RecordingLog;

  beforeAll(async () => {
    world = await openMailInWorld(['erstblick', 'tls']);
  });
  afterAll(async () => {
    await world.close();
  });
  beforeEach(() => {
    target = new DatabaseTarget(world.queues);
    log = new RecordingLog();
  });

  /** One pass of a fresh mail-in over `config`'s mailboxes, stopped afterwards. */
  async function pollOnce(config: MailInConfig = world.config()) {
    const mailIn = createMailIn({ config, db: world.db, target, log });
    try {
      return await mailIn.pollNow();
    } finally {
      await mailIn.stop();
    }
  }

  async function ticketRow(ticketId: string | null) {
    const result = await world.db.query<{ queue: string; number: string; customer_user_id: string | null; institution_id: string | null; state: string; articles: number }>(
      `SELECT q.name AS queue, t.number, t.customer_user_id, t.institution_id, t.state, (SELECT count(*)::int FROM articles a WHERE a.ticket_id = t.id) AS articles
       FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.id = $1`,
      [ticketId ?? ''],
    );
    return result.rows[0];
  }

  const seen = async (user: string, uid: number) => (await world.dovecot.messages(user)).find((message) => message.uid === uid)?.flags.has('\\Seen');

  it('stores a new mail, hands it over once as a ticket of the sender in the mailbox queue, and marks it seen', async () => {
    const uid = await world.dovecot.deliver('wertpapiere', customerMail({ from: 'Anna Adler <anna.adler@GLOBEX.example>', subject: 'Depotübertrag 4711', to: queueAddresses.Wertpapiere }));
    const reports = await pollOnce();
    expect(reports.get(queueAddresses.Wertpapiere)).toEqual({ stored: 1, decided: { processed: 1, rejected: 0, ignored: 0, failed: 0 }, problem: null });

    const stored = (await storedMails(world.db, queueAddresses.Wertpapiere)).find((mail) => mail.uid === String(uid));
    expect(stored).toMatchObject({ state: 'processed', classification: { kind: 'new-ticket' } });
    expect(await ticketRow(stored?.ticket_id ?? null)).toMatchObject({ queue: 'Wertpapiere', customer_user_id: customers.anna.id, institution_id: 'globex', articles: 1 });
    expect(target.calls.map((call) => ({ kind: call.kind, email: call.mail.customerEmail, subject: call.mail.subject, text: call.mail.text }))).toEqual([
      { kind: 'new-ticket', email: 'anna.adler@globex.example', subject: 'Depotübertrag 4711', text: 'Guten Tag,\nbitte um Rückruf.' },
    ]);
    expect(await seen('wertpapiere', uid)).toBe(true);

    // Nothing new: the next pass stores and hands over nothing.
    expect((await pollOnce()).get(queueAddresses.Wertpapiere)).toMatchObject({ stored: 0, decided: { processed: 0 } });
    expect(target.calls).toHaveLength(1);
  });

  it('files a reply under the ticket its tag names (closed or not) when the customer or a colleague writes; a stranger\'s opens a ticket', async () => {
    const number = await world.ticketOf(customers.anna);
    await world.db.query("UPDATE tickets SET state = 'closed-successful' WHERE number = $1", [number]);
    await world.dovecot.deliver('servicedesk', customerMail({ from: customers.bruno.email, subject: `AW: WG: [Ticket#${number}] Rückruf erbeten` }));
    await world.dovecot.deliver('servicedesk', customerMail({ from: customers.clara.email, subject: `Re: [Ticket#${number}] Rückruf erbeten` }));
    await pollOnce();

    expect(target.calls.map((call) => [call.kind, call.mail.customerEmail, 'ticketNumber' in call.mail ? call.mail.ticketNumber : null])).toEqual([
      ['follow-up', customers.bruno.email, number],
      ['new-ticket', customers.clara.email, null],
    ]);
    const [followUp, stranger] = (await storedMails(world.db, queueAddresses.Servicedesk)).slice(-2);
    expect(await ticketRow(followUp?.ticket_id ?? null)).toMatchObject({ number, state: 'open', articles: 1 });
    expect(stranger?.classification).toEqual({ kind: 'new-ticket', queue: 'Servicedesk', why: 'sender-not-of-ticket' });
    expect(await ticketRow(stranger?.ticket_id ?? null)).toMatchObject({ queue: 'Servicedesk', customer_user_id: customers.clara.id, institution_id: 'initech' });
  });

  it('rejects unknown senders by default and takes them into the configured queue otherwise', async () => {
    const rejectedUid = await world.dovecot.deliver('servicedesk', customerMail({ from: 'jemand@elsewhere.example', subject: 'Angebot' }));
    await pollOnce();
    const rejected = (await storedMails(world.db, queueAddresses.Servicedesk)).find((mail) => mail.uid === String(rejectedUid));
    expect(rejected).toMatchObject({ state: 'rejected', classification: { kind: 'unknown-sender-rejected' }, ticket_id: null });
    expect(target.calls).toEqual([]);
    expect(await seen('servicedesk', rejectedUid)).toBe(true);

    const takenUid = await world.dovecot.deliver('servicedesk', customerMail({ from: 'jemand@elsewhere.example', subject: 'Frage zum Konto' }));
    await pollOnce(world.config({ unknownSenders: { queue: 'Unbekannte Absender' } }));
    const taken = (await storedMails(world.db, queueAddresses.Servicedesk)).find((mail) => mail.uid === String(takenUid));
    expect(await ticketRow(taken?.ticket_id ?? null)).toMatchObject({ queue: 'Unbekannte Absender', customer_user_id: null, institution_id: null });
    expect(target.calls[0]?.mail.customer).toBeNull();
  });

  it('hands over an HTML mail\'s HTML exactly as received, its text and its attachments', async () => {
    const html = '<p onclick="steal()">Sehr geehrte Damen und Herren,<br>anbei <b>der Auszug</b>.</p><img src="cid:logo@globex"><script>alert(1)</script>';
    const raw = [
      `From: ${customers.anna.email}`, 'To: servicedesk@bank.example', 'Subject: Auszug', 'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="r"', '', '--r', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '',
      html.replace(/=/gu, '=3D'), '--r', 'Content-Type: image/png; name="logo.png"', 'Content-ID: <logo@globex>', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('not really a png').toString('base64'), '--r--', '',
    ].join('\r\n');
    await world.dovecot.deliver('servicedesk', raw);
    await pollOnce();
    const [call] = target.calls;
    expect(call?.mail.html).toBe(html);
    expect(call?.mail.text).toBe('Sehr geehrte Damen und Herren,\nanbei der Auszug.');
    expect(call?.mail.attachments.map(({ filename, contentId, inline, size }) => ({ filename, contentId, inline, size }))).toEqual([{ filename: 'logo.png', contentId: 'logo@globex', inline: true, size: 16 }]);
    const stored = await world.db.query<{ filename: string; content: Buffer }>('SELECT filename, content FROM attachments a JOIN inbound_mails m ON m.article_id = a.article_id ORDER BY m.id DESC LIMIT 1');
    expect(stored.rows[0]?.content.toString()).toBe('not really a png');
  });

  it('takes only unseen mails on the first look at a folder, then every new UID, and a mail marked unread again', async () => {
    const address = 'erstblick@bank.example';
    const config = world.config({ mailboxes: [world.mailbox('erstblick', 'Servicedesk')] });
    const before = await world.dovecot.deliver('erstblick', customerMail({ from: customers.anna.email, subject: 'schon gelesen' }), { flags: ['\\Seen'] });
    const unseen = await world.dovecot.deliver('erstblick', customerMail({ from: customers.anna.email, subject: 'ungelesen' }));
    await pollOnce(config);
    expect((await storedMails(world.db, address)).map((mail) => Number(mail.uid))).toEqual([unseen]);

    // Someone read it in their mail program before Kontor came by: taken all the same.
    const readEarly = await world.dovecot.deliver('erstblick', customerMail({ from: customers.anna.email, subject: 'neu, aber gelesen' }), { flags: ['\\Seen'] });
    await pollOnce(config);
    expect((await storedMails(world.db, address)).map((mail) => Number(mail.uid))).toEqual([unseen, readEarly]);

    const another = await world.dovecot.deliver('erstblick', customerMail({ from: customers.anna.email, subject: 'noch eine' }));
    await markUnseen(world, 'erstblick', before);
    await pollOnce(config);
    expect((await storedMails(world.db, address)).map((mail) => Number(mail.uid))).toEqual([unseen, readEarly, before, another]);
  });

  it('speaks IMAP over TLS verified against the configured CA, and refuses a server its CA did not sign', async () => {
    const pki = inject('pki');
    const address = 'tls@bank.example';
    const uid = await world.dovecot.deliver('tls', customerMail({ from: customers.anna.email, subject: 'über TLS' }));
    const foreign = await pollOnce(world.config({ mailboxes: [world.mailbox('tls', 'Servicedesk', { port: world.dovecot.imapsPort, secure: true, caFile: pki.foreignCaFile })] }));
    expect(foreign.get(address)?.problem).toMatch(/TLS/u);
    expect(log.warnings()).toEqual([expect.stringMatching(/^mail-in: mailbox tls@bank\.example cannot be read: 127\.0\.0\.1:\d+: TLS: /u)]);
    expect(await storedMails(world.db, address)).toEqual([]);

    const implicit = await pollOnce(world.config({ mailboxes: [world.mailbox('tls', 'Servicedesk', { port: world.dovecot.imapsPort, secure: true, caFile: pki.caFile })] }));
    expect(implicit.get(address)).toMatchObject({ stored: 1, problem: null });
    expect(await seen('tls', uid)).toBe(true);

    await world.dovecot.deliver('tls', customerMail({ from: customers.anna.email, subject: 'über STARTTLS' }));
    const startTls = await pollOnce(world.config({ mailboxes: [world.mailbox('tls', 'Servicedesk', { requireTls: true, caFile: pki.caFile })] }));
    expect(startTls.get(address)).toMatchObject({ stored: 1, problem: null });
  });
});

/** What an operator does in a mail program: marks a mail unread. */
async function markUnseen(world: MailInWorld, user: string, uid: number): Promise<void> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({ host: world.dovecot.host, port: world.dovecot.imapPort, secure: false, doSTARTTLS: false, auth: { user, pass: world.dovecot.passwords[user] ?? '' }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  try {
    await client.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true });
  } finally {
    lock.release();
    await client.logout();
  }
}
