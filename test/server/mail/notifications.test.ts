import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketNumberInSubject } from '../../../src-server/mail/subject.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { addArticle, expectApplied, inspect, queueId, send, setState, ticketRow } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { createTicket } from '../mutations/support.js';
import { customer, customerTicket, mailSection, outboxOf, receivedMail, serviceAddress, startMailServer, until } from './support.js';

// What customers receive for each change, read back from a real SMTP receiver and parsed as a
// mail program would: subject with the ticket tag, German or English, plain text and safe HTML.
const securitiesAddress = 'wertpapiere@bank.example';

describe('mail to customers for the changes of their tickets', () => {
  let receiver: SmtpReceiver;
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let token: string;

  const siobhan = customer('soconnor');
  const john = customer('jsmith');

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    running = await startMailServer(
      mailSection(receiver, {
        portalUrl: 'https://portal.bank.example/',
        signatures: { ServiceLine: 'Ihr ServiceLine-Team\nBeispielbank AG', default: 'Beispielbank AG' },
        senders: { Wertpapiere: `Wertpapiere <${securitiesAddress}>` },
      }),
    );
    db = inspect(running.database.url);
    token = await tokenFor(running.url, 'mmueller');
    // John reads English; Siobhán has no language in the directory (German).
    await db.query("UPDATE customer_users SET language = 'en-GB' WHERE id = $1", [john.id]);
  });
  afterAll(async () => {
    await db.end();
    await running.close();
    await receiver.stop();
  });

  const received = (messageId: string): ReturnType<typeof receivedMail> => receivedMail(receiver, messageId);

  async function createFor(customerUserId: string): Promise<{ ticketId: string; number: string; version: number }> {
    const create = customerTicket(customerUserId);
    const applied = expectApplied((await send(running.url, token, create))[0]);
    const row = await ticketRow(db, create.ticketId);
    return { ticketId: create.ticketId, number: String(row['number']), version: applied.version };
  }

  it('tells a German customer that the ticket was created, with the number in the subject, plain text and escaped HTML', async () => {
    const { ticketId, number } = await createFor(siobhan.id);
    const [queued] = await outboxOf(db, ticketId);
    expect(queued).toMatchObject({ kind: 'created', language: 'de' });
    const mail = await received(queued?.message_id ?? '');
    expect(mail.subject).toBe(`[Ticket#${number}] Ihre Anfrage ist eingegangen: Depotauszug fehlt`);
    expect(ticketNumberInSubject(mail.subject ?? '')).toBe(number);
    expect(mail.from?.value).toEqual([{ name: 'Kontor Service', address: serviceAddress }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ name: siobhan.displayName, address: siobhan.email }]);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text).toContain(`Guten Tag ${siobhan.displayName},`);
    expect(mail.text).toContain('Der Depotauszug für März ist nicht angekommen.');
    expect(mail.text).toContain(`lassen Sie [Ticket#${number}] im Betreff stehen`);
    expect(mail.text).toContain('https://portal.bank.example/');
    // The apostrophe of O'Connor is escaped in the HTML part; the portal is a plain link.
    expect(mail.html).toContain('Guten Tag Siobhán O&#39;Connor,');
    expect(mail.html).toContain('<a href="https://portal.bank.example/">');
    expect(mail.html).not.toMatch(/<script|<img|src=/iu);
    await until('the row is marked sent', async () => (await outboxOf(db, ticketId))[0]?.sent_at !== null);
  });

  it('sends from the sender of the ticket\'s queue, or of its nearest parent, and from mail.from without one', async () => {
    for (const queue of ['Wertpapiere', 'Wertpapiere::Abwicklung']) {
      const create = customerTicket(siobhan.id, { queueId: queueId(queue) });
      expectApplied((await send(running.url, token, create))[0]);
      const [queued] = await outboxOf(db, create.ticketId);
      const mail = await received(queued?.message_id ?? '');
      expect(mail.from?.value, queue).toEqual([{ name: 'Wertpapiere', address: securitiesAddress }]);
    }
    // Mails queued before senders existed, or in a queue without one, carry none and go out from mail.from.
    const { ticketId } = await createFor(siobhan.id);
    expect((await db.query('SELECT sender FROM mail_outbox WHERE ticket_id = $1', [ticketId])).rows).toEqual([{ sender: null }]);
  });

  it('writes to an English customer in English', async () => {
    const { ticketId, number } = await createFor(john.id);
    const [queued] = await outboxOf(db, ticketId);
    expect(queued?.language).toBe('en');
    const mail = await received(queued?.message_id ?? '');
    expect(mail.subject).toBe(`[Ticket#${number}] We have received your request: Depotauszug fehlt`);
    expect(mail.text).toContain(`Dear ${john.displayName},`);
    expect(mail.text).toContain(`keep [Ticket#${number}] in the subject`);
  });

  it("sends an agent's customer-visible answer as the mail body, escaped in HTML, threaded under the ticket's first mail", async () => {
    const { ticketId, number } = await createFor(siobhan.id);
    const hostile = 'Guten Tag,\n<script>alert(1)</script>\n<img src=x onerror="alert(2)">\nGrüße';
    expectApplied((await send(running.url, token, addArticle(ticketId, { channel: 'portal', visibility: 'customer-visible', sender: 'agent', subject: 'Antwort', body: hostile })))[0]);
    const [created, answered] = await outboxOf(db, ticketId);
    expect(answered?.kind).toBe('answered');
    const mail = await received(answered?.message_id ?? '');
    expect(mail.subject).toBe(`[Ticket#${number}] Neue Antwort zu Ihrer Anfrage: Depotauszug fehlt`);
    expect(mail.text).toContain(hostile);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>');
    expect(mail.html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(mail.html).not.toMatch(/<script|<img/iu);
    expect(mail.inReplyTo).toBe(created?.message_id);
    expect(mail.references).toEqual(created?.message_id);
  });

  it('sends an e-mail reply with its own subject, the queue signature and the last customer message quoted', async () => {
    const { ticketId, number } = await createFor(siobhan.id);
    expectApplied((await send(running.url, token, addArticle(ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'customer', subject: 'Nachfrage', body: 'Gibt es schon Neuigkeiten?\nDanke' })))[0]);
    expect((await outboxOf(db, ticketId)).map((row) => row.kind)).toEqual(['created']);
    expectApplied((await send(running.url, token, addArticle(ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'agent', subject: 'Ihr Depotauszug', body: 'Der Auszug ist unterwegs.' })))[0]);
    const reply = (await outboxOf(db, ticketId)).at(-1);
    expect(reply?.kind).toBe('agent-reply');
    const mail = await received(reply?.message_id ?? '');
    expect(mail.subject).toBe(`[Ticket#${number}] Ihr Depotauszug`);
    expect(mail.headers.has('auto-submitted')).toBe(false);
    expect(mail.text).toMatch(/^Der Auszug ist unterwegs\.\n\n-- \nIhr ServiceLine-Team\nBeispielbank AG\n\nAm .+ schrieb Siobhán O'Connor:\n> Gibt es schon Neuigkeiten\?\n> Danke\n/u);
    expect(mail.html).toContain('<blockquote');
  });

  it('tells the customer when the ticket is pending and when it is closed', async () => {
    const { ticketId, number, version } = await createFor(john.id);
    const pendingUntil = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const pended = expectApplied((await send(running.url, token, setState(ticketId, version, 'pending-reminder', pendingUntil)))[0]);
    expectApplied((await send(running.url, token, setState(ticketId, pended.version, 'closed-successful')))[0]);
    const rows = await outboxOf(db, ticketId);
    expect(rows.map((row) => row.kind)).toEqual(['created', 'pending', 'closed']);
    const pending = await received(rows[1]?.message_id ?? '');
    expect(pending.subject).toBe(`[Ticket#${number}] Your request is on hold: Depotauszug fehlt`);
    expect(pending.text).toMatch(/on hold until \d{1,2} \w+ \d{4} at \d{2}:\d{2} \(Berlin time\)/u);
    const closed = await received(rows[2]?.message_id ?? '');
    expect(closed.subject).toBe(`[Ticket#${number}] Your request has been closed: Depotauszug fehlt`);
  });

  it('sends nothing for internal notes, for what the customer said, for internal tickets and to a customer without an e-mail address', async () => {
    const { ticketId, version } = await createFor(siobhan.id);
    expectApplied((await send(running.url, token, addArticle(ticketId, { channel: 'note', visibility: 'internal', sender: 'agent', body: 'Rückruf vereinbart' })))[0]);
    expectApplied((await send(running.url, token, addArticle(ticketId, { channel: 'phone', visibility: 'customer-visible', sender: 'customer', body: 'Kunde ruft erneut an' })))[0]);
    // An open ticket tells nothing either.
    expectApplied((await send(running.url, token, setState(ticketId, version, 'open')))[0]);
    expect((await outboxOf(db, ticketId)).map((row) => row.kind)).toEqual(['created']);

    const internal = createTicket('ServiceLine', { customerUserId: null });
    expectApplied((await send(running.url, token, internal))[0]);
    expect(await outboxOf(db, internal.ticketId)).toEqual([]);

    const ppatel = customer('ppatel');
    await db.query('UPDATE customer_users SET email = NULL WHERE id = $1', [ppatel.id]);
    const { ticketId: withoutAddress } = await createFor(ppatel.id);
    expectApplied((await send(running.url, token, addArticle(withoutAddress, { channel: 'email', visibility: 'customer-visible', sender: 'agent', body: 'Antwort' })))[0]);
    expect(await outboxOf(db, withoutAddress)).toEqual([]);
  });
});
