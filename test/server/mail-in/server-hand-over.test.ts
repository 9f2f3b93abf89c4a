import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { derivedId } from '../../../src-server/mail-in/mutation-target.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startDovecot, type TestDovecot } from '../../harness/dovecot.js';
import { startPortalServer, testCustomer } from '../portal/support.js';
import { temporaryDirectory } from '../support/temporary.js';

// Mail into a queue's mailbox through the real server: real dovecot, real PostgreSQL, the real
// directory's customers, the hand-over as the customer's own mutations (not a stand-in).
describe('mail-in through the server', () => {
  let dovecot: TestDovecot;
  let running: ServerOnTestDatabase;
  const juergen = testCustomer('jloewe');
  const address = 'servicedesk@bank.example';

  const mail = (subject: string, body: string, from = juergen.email, extra = ''): string =>
    [
      `From: ${from}`,
      `To: ${address}`,
      `Subject: ${subject}`,
      `Message-ID: <${String(Math.random()).slice(2)}@loewe-bank.example>`,
      'Date: Wed, 02 Dec 2026 09:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      extra,
      '',
      body,
    ]
      .filter((line, index) => !(index === 8 && line === ''))
      .join('\r\n');

  const kontorFrom = 'kontor-service@bank.example';

  beforeAll(async () => {
    dovecot = await startDovecot(temporaryDirectory('kontor-dovecot-'), inject('pki'), ['servicedesk']);
    running = await startPortalServer({
      // Kontor's own sender address (mails are logged, not sent, without smtp).
      mail: { from: `Kontor Service <${kontorFrom}>` },
      mailIn: {
        mailboxes: [{ address, queue: 'ServiceLine', imap: { host: dovecot.host, port: dovecot.imapPort, secure: false, requireTls: true, caFile: inject('pki').caFile, user: 'servicedesk', password: dovecot.passwords['servicedesk'] ?? '' } }],
        pollSeconds: 3600,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await running.close();
    await dovecot.stop();
  });

  const rows = async <R>(sql: string, params: (string | number)[]): Promise<R[]> => (await running.server.db.query(sql, params)).rows as R[];

  it("opens a ticket as the customer's own, follows up by the number in the subject (reopening a closed one), and takes each mail once", async () => {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    await dovecot.deliver('servicedesk', mail('Depotübertrag fehlt', 'Guten Tag,\nder Übertrag vom 1. Dezember fehlt.'));
    await running.server.mailIn.pollNow();
    const [ticket] = await rows<{ id: string; number: string; customer_user_id: string; state: string; title: string }>(
      "SELECT id, number, customer_user_id, state, title FROM tickets WHERE title = 'Depotübertrag fehlt'",
      [],
    );
    if (!ticket) throw new Error('no ticket from the mail');
    expect(ticket.customer_user_id).toBe(juergen.id);
    const articles = await rows<{ channel: string; sender: string; visibility: string; body: string }>('SELECT channel, sender, visibility, body FROM articles WHERE ticket_id = $1', [ticket.id]);
    expect(articles).toEqual([{ channel: 'email', sender: 'customer', visibility: 'customer-visible', body: 'Guten Tag,\nder Übertrag vom 1. Dezember fehlt.' }]);
    // The customer's confirmation leaves through the outbox, with the number the reply will carry.
    const outbox = await rows<{ kind: string; subject: string }>('SELECT kind, subject FROM mail_outbox WHERE ticket_id = $1', [ticket.id]);
    expect(outbox).toEqual([{ kind: 'created', subject: expect.stringContaining(`[Ticket#${ticket.number}]`) as string }]);

    await running.server.db.query("UPDATE tickets SET state = 'closed-successful' WHERE id = $1", [ticket.id]);
    await dovecot.deliver('servicedesk', mail(`AW: [Ticket#${ticket.number}] Depotübertrag fehlt`, 'Er fehlt immer noch.'));
    await running.server.mailIn.pollNow();
    expect((await rows<{ n: string }>('SELECT count(*) AS n FROM articles WHERE ticket_id = $1', [ticket.id]))[0]?.n).toBe('2');
    expect((await rows<{ state: string }>('SELECT state FROM tickets WHERE id = $1', [ticket.id]))[0]?.state).toBe('open');
    expect(await rows('SELECT state FROM inbound_mails ORDER BY id', [])).toEqual([{ state: 'processed' }, { state: 'processed' }]);

    // The same mail handed over again (as after a crash that lost the mail's own transaction once
    // the mutation had committed): its ids come from the mail's, so it is the same article, not a second.
    await running.server.db.query("UPDATE inbound_mails SET state = 'new', processed_at = NULL, ticket_id = NULL, article_id = NULL WHERE id = (SELECT max(id) FROM inbound_mails)", []);
    await running.server.mailIn.pollNow();
    expect((await rows<{ n: string }>('SELECT count(*) AS n FROM articles WHERE ticket_id = $1', [ticket.id]))[0]?.n).toBe('2');
    const [again] = await rows<{ id: string; state: string; article_id: string }>('SELECT id, state, article_id FROM inbound_mails WHERE id = (SELECT max(id) FROM inbound_mails)', []);
    expect(again?.state).toBe('processed');
    expect(again?.article_id).toBe(derivedId(String(again?.id), 'article'));
  }, 60_000);

  it('takes nothing from a stranger (unknown senders are rejected), not even with a known ticket\'s tag, and keeps the mail', async () => {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    await dovecot.deliver('servicedesk', mail('Gewinnspiel', 'Sie haben gewonnen', 'spam@elsewhere.example'));
    await running.server.mailIn.pollNow();
    expect(await rows("SELECT id FROM tickets WHERE title = 'Gewinnspiel'", [])).toEqual([]);
    expect((await rows<{ state: string }>("SELECT state FROM inbound_mails WHERE from_address = 'spam@elsewhere.example'", []))[0]?.state).toBe('rejected');

    const [known] = await rows<{ id: string; number: string }>("SELECT id, number FROM tickets WHERE title = 'Depotübertrag fehlt'", []);
    if (!known) throw new Error('no ticket of the first test');
    const articlesBefore = await rows('SELECT id FROM articles WHERE ticket_id = $1', [known.id]);
    await dovecot.deliver('servicedesk', mail(`AW: [Ticket#${known.number}] Depotübertrag fehlt`, 'Ich schreibe mit.', 'mitleser@elsewhere.example'));
    await running.server.mailIn.pollNow();
    expect(await rows("SELECT state, classification FROM inbound_mails WHERE from_address = 'mitleser@elsewhere.example'", [])).toEqual([{ state: 'rejected', classification: { kind: 'unknown-sender-rejected' } }]);
    expect(await rows('SELECT id FROM articles WHERE ticket_id = $1', [known.id])).toEqual(articlesBefore);
  }, 60_000);

  it("ignores a mail from a mailbox's own address, tag or not: no ticket, no follow-up, no mail", async () => {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    const [known] = await rows<{ id: string; number: string }>("SELECT id, number FROM tickets WHERE title = 'Depotübertrag fehlt'", []);
    if (!known) throw new Error('no ticket of the first test');
    const outboxBefore = await rows('SELECT id FROM mail_outbox', []);
    await dovecot.deliver('servicedesk', mail(`[Ticket#${known.number}] Depotübertrag fehlt`, 'Weitergeleitet.', `Servicedesk <${address.toUpperCase()}>`));
    await running.server.mailIn.pollNow();
    expect(await rows('SELECT state, classification, ticket_id FROM inbound_mails WHERE from_address = $1', [address])).toEqual([
      { state: 'ignored', classification: { kind: 'own-mail-ignored', sender: address }, ticket_id: null },
    ]);
    expect(await rows("SELECT id FROM articles WHERE body = 'Weitergeleitet.'", [])).toEqual([]);
    expect(await rows('SELECT id FROM mail_outbox', [])).toEqual(outboxBefore);
  }, 60_000);

  it("ignores a mail from Kontor's own sender address (mail.from) come back: no ticket, no follow-up", async () => {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    await dovecot.deliver('servicedesk', mail('[Ticket#20261202000001] Ihre Anfrage', 'Zurück an uns.', `Kontor Service <${kontorFrom}>`));
    await running.server.mailIn.pollNow();
    expect(await rows('SELECT state, classification, ticket_id FROM inbound_mails WHERE from_address = $1', [kontorFrom])).toEqual([
      { state: 'ignored', classification: { kind: 'own-mail-ignored', sender: kontorFrom }, ticket_id: null },
    ]);
    expect(await rows("SELECT id FROM articles WHERE body = 'Zurück an uns.'", [])).toEqual([]);
  }, 60_000);

  it('decides a refused mail afresh once an operator sets it new again after fixing the cause, and never applies it twice', async () => {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    // The mailbox's queue retired: the customer's new ticket is refused, the mail kept as failed.
    await running.server.db.query("UPDATE queues SET valid = false WHERE name = 'ServiceLine'");
    await dovecot.deliver('servicedesk', mail('Zinsgutschrift fehlt', 'Die Zinsen für November fehlen.'));
    await running.server.mailIn.pollNow();
    const [failed] = await rows<{ id: string; state: string; error: string; failed_hand_overs: number }>(
      "SELECT id::text, state, error, failed_hand_overs FROM inbound_mails WHERE subject = 'Zinsgutschrift fehlt'", [],
    );
    expect(failed).toMatchObject({ state: 'failed', failed_hand_overs: 1 });
    expect(failed?.error).toMatch(/ticket.create was not applied \(permission-denied/u);

    // Back in use, the mail set new again: a new mutation, not the stored refusal.
    await running.server.db.query("UPDATE queues SET valid = true WHERE name = 'ServiceLine'");
    await running.server.db.query("UPDATE inbound_mails SET state = 'new', processed_at = NULL, error = NULL WHERE id = $1", [failed?.id ?? '']);
    await running.server.mailIn.pollNow();
    const [processed] = await rows<{ state: string; ticket_id: string }>("SELECT state, ticket_id FROM inbound_mails WHERE id = $1", [failed?.id ?? '']);
    expect(processed).toMatchObject({ state: 'processed', ticket_id: derivedId(failed?.id ?? '', 'ticket') });

    // Handed over again (a crash lost the mail's own transaction): the same mutation, applied once.
    await running.server.db.query("UPDATE inbound_mails SET state = 'new', processed_at = NULL, ticket_id = NULL, article_id = NULL WHERE id = $1", [failed?.id ?? '']);
    await running.server.mailIn.pollNow();
    expect(await rows("SELECT state FROM inbound_mails WHERE id = $1", [failed?.id ?? ''])).toEqual([{ state: 'processed' }]);
    expect(await rows("SELECT id FROM tickets WHERE title = 'Zinsgutschrift fehlt'", [])).toHaveLength(1);
    expect(await rows("SELECT id FROM articles WHERE body = 'Die Zinsen für November fehlen.'", [])).toHaveLength(1);
  }, 60_000);
});
