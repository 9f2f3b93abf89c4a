import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileName } from '../../src-main/cache/cache-file.js';
import { queueIdFor } from '../../src-server/config/apply-config.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot, unexpectedConsoleErrors } from './page-checks.js';
import { switchLanguage } from './page-models/language-switch.js';
import { LoginPage } from './page-models/login-page.js';
import { ShellPage } from './page-models/shell-page.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';
import { serverRows, TicketActionsPage } from './page-models/ticket-actions-page.js';
import { TicketZoomPage } from './page-models/ticket-zoom-page.js';
import { SeededBank, type TicketSeed } from './page-models/ticket-zoom-seed.js';

/** A login and a first sync on a build machine busy with other files; a server cut and its return. */
const slowMs = 60_000;
const confirmMs = 20_000;

const call = (title: string, queue = 'ServiceLine', customerUsername: string | null = 'jloewe'): TicketSeed => ({
  queue,
  title,
  customerUsername,
  articles: [{ channel: 'phone', visibility: 'internal', sender: 'agent', subject: 'Anruf', body: `${title}: Anruf aufgenommen.` }],
});

describe('the ticket editor', () => {
  let kontor: KontorUnderTest;
  let bank: SeededBank;
  let zoom: TicketZoomPage;
  let actions: TicketActionsPage;
  const ids = { email: '', note: '', pend: '', move: '', owner: '', mergeFrom: '', mergeInto: '', linkFrom: '', draft: '', internal: '', lockedByOther: '', settlement: '' };

  const server = () => {
    if (!kontor.server) throw new Error('the test needs a server');
    return kontor.server;
  };

  async function signIn(username: string): Promise<void> {
    const login = new LoginPage(kontor.page);
    await login.waitUntilShown();
    await login.logIn(username, demoPassword);
    const sync = new SyncIndicatorModel(kontor.page);
    await sync.waitFor('online', 30_000);
  }

  /** The zoom shows no edit of the agent's any more: the server applied it and the feed brought it back. */
  const confirmed = () => zoom.editStates.waitFor({ state: 'detached', timeout: confirmMs });

  beforeAll(async () => {
    kontor = await startKontor({ serverViaProxy: true, viewport: { width: 1440, height: 1000 } });
    bank = await SeededBank.open(server());
    ids.note = await bank.ticket(call('Depotauszug fehlt'));
    ids.email = await bank.ticket(call('Depotübertrag per E-Mail bestätigen'));
    ids.pend = await bank.ticket(call('Rückruf nach Rücksprache'));
    ids.move = await bank.ticket(call('Drucker im Handel defekt'));
    ids.owner = await bank.ticket(call('Zugang zum Kundenportal'));
    ids.mergeInto = await bank.ticket(call('Zinsgutschrift März falsch'));
    ids.mergeFrom = await bank.ticket(call('Zinsgutschrift März nochmals'));
    ids.linkFrom = await bank.ticket(call('Zinsgutschrift April prüfen'));
    ids.draft = await bank.ticket(call('Kontoauszug doppelt'));
    ids.internal = await bank.ticket(call('Interne Umstellung Drucker', 'ServiceLine', null));
    ids.lockedByOther = await bank.ticket(call('Kapitalmaßnahme Löwe Bank', 'Wertpapiere::Abwicklung'));
    ids.settlement = await bank.ticket(call('Kupon nicht gutgeschrieben', 'Wertpapiere::Abwicklung'));
    await bank.apply('ticket.lock', { ticketId: ids.lockedByOther }, await bank.version(ids.lockedByOther));

    await signIn('mmueller');
    zoom = new TicketZoomPage(kontor.page);
    actions = new TicketActionsPage(kontor.page);
  }, 180_000);
  afterAll(() => kontor.close());

  it('writes an internal note with an attachment by keyboard only: in the outbox at once, then confirmed by the server', async () => {
    const { page } = kontor;
    await zoom.open(ids.note);
    await actions.press('i');
    const form = actions.form('note');
    await form.waitFor();
    expect(await form.getByRole('heading').innerText()).toBe('Interne Notiz');
    // The cursor is in the text; the subject is one Shift+Tab before it.
    await page.keyboard.type('Depotauszug beim Kunden angefordert.\nRückmeldung bis Freitag.');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('Auszug angefordert');
    // Subject → text → minutes → "Dateien anhängen …"
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Dateien anhängen …');
    await actions.chooseFilesWithEnter([{ name: 'Auszug März.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 Auszug März') }]);
    const chosen = form.locator('.chosen-attachment');
    await chosen.waitFor();
    expect(await chosen.locator('.attachment-name').innerText()).toBe('Auszug März.pdf');
    expect(await chosen.locator('.attachment-size').innerText()).toBe('21 Bytes');
    expect(await form.getByText('18 von 250 Zeichen').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'ticket-actions-note-de');

    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    expect(await actions.announcement.innerText()).toBe('Interne Notiz: im Postausgang, wird an Kontor Server gesendet.');
    // The focus goes back to the action that opened the form.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('note');
    const note = zoom.articleBySubject('Auszug angefordert');
    await note.waitFor({ timeout: confirmMs });
    await confirmed();
    expect(await note.locator('.article-visibility').innerText()).toBe('Intern: für Kunden nicht sichtbar');
    expect(await note.locator('.article-body-text').innerText()).toBe('Depotauszug beim Kunden angefordert.\nRückmeldung bis Freitag.');
    expect(await note.locator('.attachment-name').allInnerTexts()).toEqual(['Auszug März.pdf']);

    const rows = await serverRows<{ subject: string; visibility: string; time_units: number; filename: string; size: number }>(
      server(),
      'SELECT a.subject, a.visibility, a.time_units, f.filename, f.size FROM articles a JOIN attachments f ON f.article_id = a.id WHERE a.ticket_id = $1',
      [ids.note],
    );
    expect(rows).toEqual([{ subject: 'Auszug angefordert', visibility: 'internal', time_units: 12, filename: 'Auszug März.pdf', size: 21 }]);
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowMs);

  it('checks limits while typing, keeps what was typed, refuses a file that is too large, and closes with Escape without leaving the ticket', async () => {
    const { page } = kontor;
    await zoom.open(ids.note);
    await actions.press('r');
    const form = actions.form('note');
    await form.waitFor();
    expect(await form.getByRole('heading').innerText()).toBe('Antwort an den Kunden (für Kunden sichtbar)');
    const subject = form.getByLabel('Betreff');
    const long = 'Ü'.repeat(260);
    await subject.fill(long);
    expect(await form.getByText('10 Zeichen zu lang: höchstens 250 Zeichen. Ihr Text bleibt stehen; bitte kürzen.').count()).toBe(1);
    expect(await subject.inputValue()).toBe(long);
    expect(await form.getByRole('button', { name: 'Antwort speichern' }).getAttribute('aria-disabled')).toBe('true');
    // Sending anyway says what is missing, and sends nothing.
    // (aria-disabled: reachable by keyboard, so that the agent can learn why.)
    await form.getByRole('button', { name: 'Antwort speichern' }).focus();
    await page.keyboard.press('Enter');
    await form.getByText('Bitte schreiben Sie einen Text.').waitFor();

    await form.getByRole('button', { name: 'Dateien anhängen …' }).focus();
    await actions.chooseFilesWithEnter([{ name: 'Scan.tif', mimeType: 'image/tiff', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) }]);
    await form.getByRole('alert').filter({ hasText: 'Nicht angehängt' }).waitFor();
    expect(await form.getByRole('alert').innerText()).toContain('„Scan.tif“ ist 10.485.761 Bytes groß; erlaubt sind höchstens 10.485.760 Bytes (10 MB) je Datei.');
    expect(await form.locator('.chosen-attachment').count()).toBe(0);
    await screenshot(page, 'ticket-actions-limits-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await subject.press('Escape');
    await form.waitFor({ state: 'detached' });
    // Escape closed the form only: still on the ticket.
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/ticket/${ids.note}`);
    // The typed subject is kept as a draft; throw it away with its confirmation.
    await actions.press('r');
    await form.waitFor();
    expect(await form.getByLabel('Betreff').inputValue()).toBe(long);
    await form.getByRole('button', { name: 'Entwurf verwerfen' }).click();
    await form.getByRole('button', { name: 'Ja, verwerfen' }).click();
    await form.waitFor({ state: 'detached' });
    await actions.press('r');
    await form.waitFor();
    expect(await form.getByLabel('Betreff').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
  }, slowMs);

  it('answers by e-mail to the customer and a colleague: the addresses checked as typed, the mail in the server outbox with the number in the subject', async () => {
    const { page } = kontor;
    await zoom.open(ids.email);
    await actions.press('r');
    const form = actions.form('note');
    await form.waitFor();
    await form.getByRole('radio', { name: 'per E-Mail', exact: true }).check();
    // The customer's address is filled in; a bad copy address is named and blocks sending.
    expect(await form.getByLabel('An', { exact: true }).inputValue()).toBe('juergen.loewe@loewe-bank.example');
    await form.getByLabel('Kopie an (Cc)', { exact: true }).fill('anna.kollegin@loewe-bank.example, kollege@');
    await form.getByText('Keine gültige E-Mail-Adresse: kollege@').waitFor();
    await form.getByRole('textbox', { name: 'Text' }).fill('Guten Tag Herr Löwe,\n\nder Übertrag ist gebucht.');
    expect(await form.getByRole('button', { name: 'Antwort speichern' }).getAttribute('aria-disabled')).toBe('true');
    await form.getByLabel('Kopie an (Cc)', { exact: true }).fill('anna.kollegin@loewe-bank.example');
    await form.getByLabel('Betreff', { exact: true }).fill('Ihr Depotübertrag');
    await screenshot(page, 'ticket-actions-reply-email-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Antwort speichern' }).click();
    await form.waitFor({ state: 'detached' });
    await confirmed();
    const mails = await serverRows<{ kind: string; recipients: unknown; subject: string; text: string }>(
      server(),
      'SELECT kind, recipients, subject, text FROM mail_outbox m JOIN tickets t ON t.id = m.ticket_id WHERE t.id = $1 ORDER BY seq',
      [ids.email],
    );
    const number = (await serverRows<{ number: string }>(server(), 'SELECT number FROM tickets WHERE id = $1', [ids.email]))[0]?.number ?? '';
    const reply = mails.at(-1);
    expect(JSON.stringify(reply?.recipients)).toContain('juergen.loewe@loewe-bank.example');
    expect(JSON.stringify(reply?.recipients)).toContain('anna.kollegin@loewe-bank.example');
    expect(reply?.subject).toContain(`[Ticket#${number}]`);
    expect(reply?.text).toContain('der Übertrag ist gebucht.');
  }, slowMs);

  it('sets pending with a reminder time, and closes', async () => {
    const { page } = kontor;
    await zoom.open(ids.pend);
    await actions.press('p');
    const form = actions.form('pending');
    await form.waitFor();
    const when = form.getByLabel('Erinnerung am');
    await when.fill('2020-01-01T09:00');
    expect(await form.getByText('Die Erinnerung muss in der Zukunft liegen.').count()).toBe(1);
    const year = new Date().getFullYear() + 1;
    await when.fill(`${String(year)}-03-02T10:30`);
    await screenshot(page, 'ticket-actions-pending-de');
    await when.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    await zoom.fact('state').filter({ hasText: 'warten auf Erinnerung' }).waitFor();
    await confirmed();
    expect(await zoom.fact('state').innerText()).toMatch(new RegExp(`^warten auf Erinnerung · Erinnerung .*02\\.03\\.${String(year)}.*10:30`, 'u'));
    const [row] = await serverRows<{ state: string; pending_until: Date }>(server(), 'SELECT state, pending_until FROM tickets WHERE id = $1', [ids.pend]);
    expect(row?.state).toBe('pending-reminder');
    expect(row?.pending_until.toISOString()).toBe(new Date(`${String(year)}-03-02T10:30`).toISOString());

    await actions.press('c');
    const close = actions.form('close');
    await close.waitFor();
    await close.getByLabel('erfolglos geschlossen').check();
    await close.getByRole('button', { name: 'Schließen' }).click();
    await zoom.fact('state').filter({ hasText: 'erfolglos geschlossen' }).waitFor();
    await confirmed();
    expect((await serverRows<{ state: string }>(server(), 'SELECT state FROM tickets WHERE id = $1', [ids.pend]))[0]?.state).toBe('closed-unsuccessful');
  }, slowMs);

  it('moves to another queue, changes owner, responsible and priority, locks and unlocks, accounts time', async () => {
    const { page } = kontor;
    await zoom.open(ids.move);
    await actions.press('m');
    const move = actions.form('move');
    await move.waitFor();
    const targets = await move.getByLabel('Ziel-Queue').locator('option').allInnerTexts();
    expect(targets).not.toContain('ServiceLine');
    expect(targets).toContain('IT-Betrieb');
    await move.getByLabel('Ziel-Queue').selectOption({ label: 'IT-Betrieb' });
    await move.getByLabel('Ziel-Queue').press('Control+Enter');
    await zoom.fact('queue').filter({ hasText: 'IT-Betrieb' }).waitFor({ timeout: confirmMs });
    await confirmed();
    expect((await serverRows<{ queue_id: string }>(server(), 'SELECT queue_id FROM tickets WHERE id = $1', [ids.move]))[0]?.queue_id).toBe(queueIdFor('IT-Betrieb'));

    await zoom.open(ids.owner);
    await actions.press('l');
    await zoom.fact('lock').filter({ hasText: 'gesperrt' }).waitFor();
    expect(await actions.action('Entsperren').count()).toBe(1);
    await confirmed();
    expect((await serverRows<{ locked: boolean }>(server(), 'SELECT locked FROM tickets WHERE id = $1', [ids.owner]))[0]?.locked).toBe(true);

    await actions.press('o');
    const owner = actions.form('owner');
    await owner.waitFor();
    // The candidates come from the cache (`agents.ownerCandidates`): wait until they are there.
    await owner.getByLabel('Verantwortlich').locator('option:not([disabled])', { hasText: 'Maria Müller (mmueller)' }).waitFor({ state: 'attached' });
    const candidates = await owner.getByLabel('Verantwortlich').locator('option:not([disabled])').allInnerTexts();
    // Only agents who may own ServiceLine tickets: not Lukas Weber of settlement (he may only read and move there).
    expect(candidates).toContain('Maria Müller (mmueller)');
    expect(candidates).not.toContain('Lukas Weber (lweber)');
    const other = candidates.find((name) => !name.startsWith('Maria Müller'));
    if (other === undefined) throw new Error(`no second owner candidate among ${candidates.join(', ')}`);
    await owner.getByLabel('Verantwortlich').selectOption({ label: other });
    await screenshot(page, 'ticket-actions-owner-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await owner.getByRole('button', { name: 'Übernehmen' }).click();
    await zoom.fact('responsible').filter({ hasText: other.replace(/ \(.*$/u, '') }).waitFor({ timeout: confirmMs });
    await confirmed();

    await actions.action('Priorität').click();
    const priority = actions.form('priority');
    await priority.getByLabel('Priorität').selectOption('5');
    await priority.getByRole('button', { name: 'Priorität setzen' }).click();
    await zoom.fact('priority').filter({ hasText: '5 (sehr niedrig)' }).waitFor();
    await confirmed();

    await actions.press('t');
    const time = actions.form('time');
    await time.waitFor();
    await page.keyboard.type('25');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Rückruf und Freischaltung');
    await page.keyboard.press('Control+Enter');
    await time.waitFor({ state: 'detached' });
    await confirmed();
    await zoom.tab(/^Zeiterfassung/u).click();
    await zoom.zoom.getByText('25 Min.: Rückruf und Freischaltung').waitFor();

    await actions.press('l');
    await zoom.fact('lock').filter({ hasText: 'frei' }).waitFor();
    await confirmed();
    const [row] = await serverRows<{ locked: boolean; priority: number; responsible_id: string; minutes: number }>(
      server(),
      'SELECT t.locked, t.priority, t.responsible_id, e.minutes FROM tickets t JOIN time_entries e ON e.ticket_id = t.id WHERE t.id = $1',
      [ids.owner],
    );
    expect(row).toMatchObject({ locked: false, priority: 5, minutes: 25 });
    expect(row?.responsible_id).not.toBeNull();
  }, slowMs);

  it('links two tickets and merges one into another, the target found by its title', async () => {
    await zoom.open(ids.linkFrom);
    await actions.action('Verknüpfen').click();
    const link = actions.form('link');
    await link.waitFor();
    await link.getByLabel('Art der Verknüpfung').selectOption({ label: 'Duplikat von' });
    await link.getByLabel('Ticket suchen').fill('Zinsgutschrift März falsch');
    await link.getByRole('radio', { name: /Zinsgutschrift März falsch$/u }).check();
    // The ticket itself is never offered.
    expect(await link.getByRole('radio', { name: /Zinsgutschrift April prüfen$/u }).count()).toBe(0);
    await link.getByRole('button', { name: 'Verknüpfen' }).click();
    await link.waitFor({ state: 'detached' });
    await confirmed();
    expect(await serverRows(server(), 'SELECT kind FROM ticket_links WHERE source_ticket_id = $1 AND target_ticket_id = $2', [ids.linkFrom, ids.mergeInto])).toEqual([{ kind: 'duplicate' }]);

    await zoom.open(ids.mergeFrom);
    await actions.action('Zusammenführen').click();
    const merge = actions.form('merge');
    await merge.getByLabel('Ticket suchen').fill('März falsch');
    await merge.getByRole('radio', { name: /Zinsgutschrift März falsch$/u }).check();
    await screenshot(kontor.page, 'ticket-actions-merge-de');
    expect(await accessibilityViolations(kontor.page)).toEqual([]);
    await merge.getByRole('button', { name: 'Zusammenführen' }).click();
    await zoom.fact('state').filter({ hasText: 'zusammengeführt' }).waitFor({ timeout: confirmMs });
    await confirmed();
    // A merged ticket no longer changes: nothing is offered, and the bar says why.
    expect(await actions.offered('Interne Notiz')).toBe(false);
    expect(await actions.reasonFor('Interne Notiz')).toContain('Das Ticket ist zusammengeführt und ändert sich nicht mehr.');
    expect(await serverRows(server(), 'SELECT state FROM tickets WHERE id = $1', [ids.mergeFrom])).toEqual([{ state: 'merged' }]);
  }, slowMs);

  it('keeps a draft across a reload and a cut server; the note goes pending offline and is confirmed when the server is back', async () => {
    const { page, serverLink } = kontor;
    if (!serverLink) throw new Error('the test needs the server behind a proxy');
    await zoom.open(ids.draft);
    await actions.press('i');
    const form = actions.form('note');
    await form.waitFor();
    await page.keyboard.type('Zweiter Auszug storniert.');
    await form.getByRole('status').filter({ hasText: 'Entwurf gespeichert' }).waitFor();
    await page.reload();
    await zoom.waitFor(ids.draft);
    // After a reload the queue rights (queues.choices) may arrive after the ticket: a key pressed before them is announced as not possible.
    await expect.poll(() => actions.offered('Interne Notiz'), { timeout: 8000 }).toBe(true);
    await actions.press('i');
    await form.waitFor();
    expect(await form.getByLabel('Text').inputValue()).toBe('Zweiter Auszug storniert.');
    expect(await form.locator('.draft-restored').innerText()).toBe(
      'Ihr Entwurf wurde wiederhergestellt. Anhänge gehören nicht zum Entwurf: bitte bei Bedarf erneut anhängen.',
    );

    await serverLink.cut();
    await new SyncIndicatorModel(page).waitFor('offline', 30_000);
    await form.getByLabel('Text').press('End');
    await page.keyboard.type(' Kunde informiert.');
    await form.getByLabel('Betreff').fill('Storno');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    const pending = zoom.editStates.locator('[data-edit-status="pending"]');
    await pending.waitFor();
    expect(await pending.innerText()).toMatch(/^Artikel hinzufügen: ausstehend seit .+, wird gesendet, sobald Kontor Server erreichbar ist$/u);
    await screenshot(page, 'ticket-actions-offline-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    // Sent: the draft is gone.
    await actions.press('i');
    await form.waitFor();
    expect(await form.getByLabel('Text').inputValue()).toBe('');
    await page.keyboard.press('Escape');

    await serverLink.restore();
    await zoom.articleBySubject('Storno').waitFor({ timeout: 30_000 });
    await zoom.editStates.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await serverRows(server(), "SELECT body FROM articles WHERE ticket_id = $1 AND subject = 'Storno'", [ids.draft])).toEqual([
      { body: 'Zweiter Auszug storniert. Kunde informiert.' },
    ]);
  }, 90_000);

  it('offers no reply on an internal ticket and says why; speaks English', async () => {
    const { page } = kontor;
    await zoom.open(ids.internal);
    expect(await actions.offered('Antworten')).toBe(false);
    expect(await actions.reasonFor('Antworten')).toBe('Nicht möglich: Antworten. Das Ticket hat keinen Kunden (internes Ticket).');
    await actions.press('r');
    expect(await actions.announcement.innerText()).toBe('Antworten ist nicht möglich: Das Ticket hat keinen Kunden (internes Ticket).');
    expect(await actions.form('note').count()).toBe(0);
    await switchLanguage(page, 'English');
    try {
      const english = new TicketActionsPage(page, 'Actions');
      expect(await english.reasonFor('Reply')).toBe('Not possible: Reply. The ticket has no customer (internal ticket).');
      await english.press('i');
      await english.form('note').waitFor();
      expect(await english.form('note').getByRole('heading').innerText()).toBe('Internal note');
      await screenshot(page, 'ticket-actions-note-en');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    } finally {
      await switchLanguage(page, 'Deutsch');
    }
  }, slowMs);

  it('says so when the cache stays busy longer than an edit waits, keeps the note, and saves it once the cache is free', async () => {
    const { page } = kontor;
    await zoom.open(ids.note);
    await actions.press('i');
    const form = actions.form('note');
    await form.waitFor();
    await form.getByLabel('Betreff').fill('Rückruf vereinbart');
    await form.getByRole('textbox', { name: /^Text/u }).fill('Rückruf beim Kunden um 15 Uhr.');
    // The sync thread's connection holds the cache's write lock longer than an edit waits for it (10 s).
    const session = await kontor.desk.handlers['session.current'](undefined);
    if (!session.ok || session.value.state !== 'signed-in') throw new Error('not signed in');
    const sync = new Database(path.join(kontor.userDataDir, 'caches', cacheFileName(session.value.signedIn.agent.id)), { fileMustExist: true });
    try {
      sync.exec('BEGIN IMMEDIATE');
      await form.getByRole('button', { name: 'Notiz speichern' }).click();
      const alert = form.getByRole('alert');
      await alert.waitFor({ timeout: 20_000 });
      expect(await alert.innerText()).toContain('Kontor Desk speichert gerade synchronisierte Daten, daher wurde nichts gespeichert. Ihre Eingabe bleibt erhalten – bitte versuchen Sie es gleich noch einmal.');
      await screenshot(page, 'ticket-actions-cache-busy-de');
      expect(await form.getByRole('textbox', { name: /^Text/u }).inputValue()).toBe('Rückruf beim Kunden um 15 Uhr.');
    } finally {
      sync.close();
    }
    await form.getByRole('button', { name: 'Notiz speichern' }).click();
    await form.waitFor({ state: 'detached' });
    await zoom.articleBySubject('Rückruf vereinbart').waitFor({ timeout: confirmMs });
    await confirmed();
    expect(await serverRows(server(), "SELECT body FROM articles WHERE subject = 'Rückruf vereinbart'", [])).toEqual([{ body: 'Rückruf beim Kunden um 15 Uhr.' }]);
  }, slowMs);

  it('shows an agent with fewer rights the actions disabled with the reason; the server refuses a forged edit', async () => {
    const { page, desk } = kontor;
    await new ShellPage(page).logout.click();
    await signIn('lweber');
    // Lukas Weber (settlement) may read and move ServiceLine tickets, nothing more.
    await zoom.open(ids.note);
    expect(await actions.offered('Interne Notiz')).toBe(false);
    expect(await actions.reasonFor('Interne Notiz')).toBe(
      'Nicht möglich: Interne Notiz, Zeit buchen. Dafür fehlt Ihnen in der Queue „ServiceLine“ (Gruppe „serviceline“) das Recht „Notiz (note)“.',
    );
    expect(await actions.reasonFor('Schließen')).toContain('das Recht „Vollzugriff (rw)“');
    expect(await actions.offered('Verschieben')).toBe(true);
    await actions.press('m');
    const move = actions.form('move');
    await move.waitFor();
    const targets = await move.getByLabel('Ziel-Queue').locator('option').allInnerTexts();
    // Only queues whose group grants him move_into (or rw); IT-Betrieb and the helpdesk do not.
    expect(targets.sort()).toEqual(['Steuern', 'Wertpapiere', 'Wertpapiere::Abwicklung', 'Wertpapiere::Verwahrung']);
    await screenshot(page, 'ticket-actions-fewer-rights-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await move.waitFor({ state: 'detached' });

    // Locked by Maria Müller in his own group: what respects the lock says so.
    await zoom.open(ids.lockedByOther);
    expect(await actions.offered('Interne Notiz')).toBe(true);
    expect(await actions.reasonFor('Warten')).toBe('Nicht möglich: Warten, Schließen, Verschieben, Zusammenführen. Gesperrt von Maria Müller.');

    // A merge target where he may not write is refused in the form, before anything is sent.
    await zoom.open(ids.settlement);
    await actions.action('Zusammenführen').click();
    const merge = actions.form('merge');
    await merge.getByLabel('Ticket suchen').fill('Zinsgutschrift März falsch');
    await merge.getByRole('radio', { name: /Zinsgutschrift März falsch$/u }).check();
    await merge.getByRole('alert').waitFor();
    expect(await merge.getByRole('alert').innerText()).toMatch(
      /^In Ticket \d{14} können Sie nicht zusammenführen: dafür fehlt Ihnen in der Queue „ServiceLine“ das Recht „Vollzugriff \(rw\)“\.$/u,
    );
    expect(await merge.getByRole('button', { name: 'Zusammenführen' }).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');
    await merge.waitFor({ state: 'detached' });

    // A forged edit goes into the outbox, and the server refuses it: shown as rejected on the ticket.
    await zoom.open(ids.note);
    const ticket = await desk.handlers['tickets.get']({ ticketId: ids.note });
    if (!ticket.ok) throw new Error('tickets.get failed');
    const forged = await desk.handlers['tickets.mutate']({
      name: 'ticket.addArticle',
      args: { ticketId: ids.note, article: { articleId: crypto.randomUUID(), channel: 'note', visibility: 'internal', subject: 'Gefälscht', body: 'Darf nicht sein.' } },
      baseVersion: ticket.value.ticket.version,
    });
    expect(forged.ok).toBe(true);
    const refused = zoom.editStates.locator('.edit-refused[data-edit-status="rejected"]');
    await refused.waitFor({ timeout: confirmMs });
    expect(await refused.innerText()).toContain('Artikel hinzufügen: vom Server abgelehnt');
    expect(await refused.innerText()).toContain('Dafür fehlt Ihnen die Berechtigung in dieser Queue.');
    expect(await serverRows(server(), "SELECT id FROM articles WHERE subject = 'Gefälscht'", [])).toEqual([]);
    await screenshot(page, 'ticket-actions-rejected-de');
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowMs);
});
