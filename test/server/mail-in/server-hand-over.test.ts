import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startDovecot, type TestDovecot } from '../../harness/dovecot.js';
import { derivedId } from '../../../src-server/mail-in/mutation-target.js';
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

  beforeAll(async () => {
    dovecot = await startDovecot(temporaryDirectory('kontor-dovecot-'), inject('pki'), ['servicedesk']);
    running = await startPortalServer({
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

  it('takes nothing from a stranger (unknown senders are rejected) and keeps the mail', async () => {
    if (!running.server.mailIn) throw new Error('mail-in is not configured');
    await dovecot.deliver('servicedesk', mail('Gewinnspiel', 'Sie haben gewonnen', 'spam@elsewhere.example'));
    await running.server.mailIn.pollNow();
    expect(await rows("SELECT id FROM tickets WHERE title = 'Gewinnspiel'", [])).toEqual([]);
    expect((await rows<{ state: string }>("SELECT state FROM inbound_mails WHERE from_address = 'spam@elsewhere.example'", []))[0]?.state).toBe('rejected');
  }, 60_000);
});
