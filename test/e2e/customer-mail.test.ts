import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { startDovecot, type TestDovecot } from '../harness/dovecot.js';
import { startSmtpReceiver, type SmtpReceiver } from '../harness/smtp-receiver.js';
import { testQueues } from '../server/mutations/support.js';
import { testCustomer } from '../server/portal/support.js';
import { temporaryDirectory } from '../server/support/temporary.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { screenshot } from './page-checks.js';
import { LoginPage } from './page-models/login-page.js';
import { PortalPage } from './page-models/portal-page.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';
import { serverRows, TicketActionsPage } from './page-models/ticket-actions-page.js';
import { TicketZoomPage } from './page-models/ticket-zoom-page.js';

// Issue 11's whole round, every part real: the customer opens a ticket in the portal (Chromium),
// an agent answers in the Desk (Chromium, browser host), the answer leaves Kontor Server by SMTP
// and arrives at a real receiver with the ticket's number, the customer replies by mail into a
// real dovecot, mail-in makes it a follow-up, and the Desk shows it.
describe('a customer, an agent and the mail between them', () => {
  let kontor: KontorUnderTest;
  let receiver: SmtpReceiver;
  let dovecot: TestDovecot;
  const juergen = testCustomer('jloewe');
  const serviceAddress = 'servicedesk@bank.example';

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    dovecot = await startDovecot(temporaryDirectory('kontor-e2e-dovecot-'), inject('pki'), ['servicedesk']);
    kontor = await startKontor({
      viewport: { width: 1440, height: 1000 },
      syncCustomers: true,
      serverOverrides: {
        queues: testQueues,
        customers: { queues: ['ServiceLine'], mayClose: false },
        mail: { from: `Kontor Service <${serviceAddress}>`, smtp: { host: receiver.host, port: receiver.port, secure: false, requireTls: false }, sendIntervalSeconds: 1 },
        mailIn: {
          mailboxes: [{ address: serviceAddress, queue: 'ServiceLine', imap: { host: dovecot.host, port: dovecot.imapPort, secure: false, requireTls: true, caFile: inject('pki').caFile, user: 'servicedesk', password: dovecot.passwords['servicedesk'] ?? '' } }],
          pollSeconds: 3600,
        },
      },
    });
  }, 180_000);
  afterAll(async () => {
    await kontor.close();
    await dovecot.stop();
    await receiver.stop();
  });

  it('goes from the portal to the Desk, out by mail, back in by mail, and onto the ticket in the Desk', async () => {
    const server = kontor.server;
    if (!server?.mailIn) throw new Error('the test needs a server with mail-in');

    // The customer opens the ticket in the portal, in a tab of their own.
    const portalTab = await kontor.context.newPage();
    portalTab.setDefaultTimeout(10_000);
    const portal = new PortalPage(portalTab);
    await portalTab.goto(`${server.url}/portal/`);
    await portal.signIn('jloewe', demoPassword);
    await portal.waitSignedInAs('Jürgen Löwe · Bankhaus Löwe & Söhne KG');
    await portal.createTicket({ title: 'Dividende Löwe AG fehlt', body: 'Die Dividende vom 30. November ist nicht gebucht.' });
    const [ticket] = await serverRows<{ id: string; number: string }>(server, "SELECT id, number FROM tickets WHERE title = 'Dividende Löwe AG fehlt'", []);
    if (!ticket) throw new Error('the portal made no ticket');
    await portalTab.close();

    // The agent answers in the Desk.
    const { page } = kontor;
    const login = new LoginPage(page);
    await login.waitUntilShown();
    await login.logIn('mmueller', demoPassword);
    await new SyncIndicatorModel(page).waitFor('online', 30_000);
    const zoom = new TicketZoomPage(page);
    await zoom.open(ticket.id);
    const actions = new TicketActionsPage(page);
    await actions.press('r');
    const form = actions.form('note');
    await form.waitFor();
    // By e-mail, to the customer user the form fills in, with a colleague of theirs in copy.
    await form.getByRole('radio', { name: 'per E-Mail', exact: true }).check();
    await form.getByRole('textbox', { name: /^Kopie/u }).fill('revision@loewe-soehne.example');
    await form.getByRole('textbox', { name: 'Text' }).fill('Guten Tag Herr Löwe,\nwir buchen die Dividende morgen nach.');
    await form.getByRole('button', { name: 'Antwort speichern' }).click();
    await form.waitFor({ state: 'detached' });
    await zoom.editStates.waitFor({ state: 'detached', timeout: 20_000 });

    // Out by SMTP: the portal's confirmation, then the answer, each with the number the reply will carry.
    await server.mailSender.runNow();
    const received = await receiver.waitForMessages(2, 20_000);
    const mails = await Promise.all(received.map((message) => simpleParser(message.raw)));
    const answer = mails.find((mail) => (mail.text ?? '').includes('wir buchen die Dividende morgen nach.'));
    expect(answer?.subject).toContain(`[Ticket#${ticket.number}]`);
    expect(answer?.to && 'text' in answer.to ? answer.to.text : '').toContain(juergen.email);
    expect(mails.map((mail) => mail.subject).every((subject) => subject?.includes(`[Ticket#${ticket.number}]`))).toBe(true);

    // The customer replies by mail; mail-in makes it a follow-up of the same ticket.
    await dovecot.deliver(
      'servicedesk',
      [
        `From: Jürgen Löwe <${juergen.email}>`,
        `To: ${serviceAddress}`,
        `Subject: AW: ${answer?.subject ?? ''}`,
        `In-Reply-To: ${answer?.messageId ?? ''}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Danke, dann warte ich bis morgen.',
      ].join('\r\n'),
    );
    await server.mailIn.pollNow();

    // The Desk shows it on the ticket, from the customer, as the feed brought it.
    const followUp = zoom.articles.filter({ hasText: 'Danke, dann warte ich bis morgen.' });
    await followUp.waitFor({ timeout: 20_000 });
    await screenshot(page, 'customer-mail-follow-up-de');
    // The history names the customer who acted through the portal and by mail.
    await zoom.tab(/^Verlauf/u).click();
    const historyRows = await zoom.historyRows();
    expect(historyRows.some((row) => row.some((cell) => cell.includes('Jürgen Löwe')))).toBe(true);
    // and whom the agent's answer went to.
    expect(historyRows.some((row) => row.some((cell) => cell.includes(`E-Mail an ${juergen.email}, Kopie an revision@loewe-soehne.example`)))).toBe(true);
    await screenshot(page, 'customer-mail-history-de');
    const [stored] = await serverRows<{ channel: string; sender: string }>(server, "SELECT channel, sender FROM articles WHERE ticket_id = $1 AND body LIKE 'Danke%'", [ticket.id]);
    expect(stored).toEqual({ channel: 'email', sender: 'customer' });
  }, 120_000);
});
