import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueIdFor } from '../../src-server/config/apply-config.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { articleInput } from '../server/mutations/support.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot, unexpectedConsoleErrors } from './page-checks.js';
import { switchLanguage } from './page-models/language-switch.js';
import { LoginPage } from './page-models/login-page.js';
import { NotificationsPage } from './page-models/notifications-page.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';
import { SeededBank } from './page-models/ticket-zoom-seed.js';
import { TicketZoomPage } from './page-models/ticket-zoom-page.js';

const slowMs = 90_000;
const watchedQueue = 'Wertpapiere::Abwicklung';

describe('desktop notifications in the browser host', () => {
  let kontor: KontorUnderTest;
  let bank: SeededBank;

  beforeAll(async () => {
    kontor = await startKontor();
    if (!kontor.server) throw new Error('the test needs a server');
    // The bank's queues, and its agents synced from the directory.
    bank = await SeededBank.open(kontor.server);
    await NotificationsPage.install(kontor.context, kontor.page, kontor.host.origin);
  }, slowMs);
  afterAll(() => kontor.close());

  /** A ticket another agent (Lukas Weber, settlement) creates on the server. */
  async function createdByColleague(queue: string, title: string): Promise<string> {
    const ticketId = randomUUID();
    await bank.apply('ticket.create', { ticketId, queueId: queueIdFor(queue), title, type: 'incident', customerUserId: null, article: articleInput() }, null, 'lweber');
    return ticketId;
  }

  async function numberOf(ticketId: string): Promise<string> {
    const view = await kontor.desk.handlers['tickets.get']({ ticketId });
    if (!view.ok) throw new Error(`tickets.get: ${view.error.message}`);
    return view.value.ticket.number;
  }

  it('watches a queue chosen by keyboard, tells a colleague\'s new ticket there with number and title, and opens it on a click', async () => {
    const { page } = kontor;
    const login = new LoginPage(page);
    await login.waitUntilShown();
    await login.logIn('mmueller', demoPassword);
    await new SyncIndicatorModel(page).waitFor('online', slowMs);
    const notifications = new NotificationsPage(page);

    await notifications.openByKeyboard();
    // Nothing watched until the agent chooses; the browser's permission in words.
    await notifications.dialog.getByText('Noch keine Queue beobachtet', { exact: false }).waitFor();
    await notifications.dialog.getByText('Der Browser zeigt Kontors Benachrichtigungen.').waitFor();
    for (const kind of ['Neue Tickets in beobachteten Queues', 'Fällige Erinnerungen', 'SLA-Warnungen Ihrer Tickets']) {
      expect(await notifications.kind(kind).isChecked()).toBe(true);
    }
    // The queues she may read, by their nested names.
    expect(await notifications.queue('ServiceLine').isVisible()).toBe(true);
    await notifications.toggleQueueByKeyboard(watchedQueue);
    expect(await notifications.queue(watchedQueue).isChecked()).toBe(true);
    // The focus stays where the agent pressed Space.
    expect(await notifications.queue(watchedQueue).evaluate((element) => element === document.activeElement)).toBe(true);
    await notifications.dialog.getByText('1 von', { exact: false }).waitFor();
    await screenshot(page, 'notifications-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await notifications.dialog.waitFor({ state: 'detached' });
    expect(await notifications.button().evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await notifications.button().getAttribute('aria-label')).toBe('Benachrichtigungen, 1 Queue beobachtet');

    // A ticket in a queue not watched says nothing; the one in the watched queue, after it in the feed, is told once.
    await createdByColleague('Wertpapiere', `Nicht beobachtet ${randomUUID().slice(0, 6)}`);
    const title = `Depotübertrag hängt ${randomUUID().slice(0, 6)}`;
    const ticketId = await createdByColleague(watchedQueue, title);
    const [notice] = await notifications.waitForNotices(1);
    expect(notice).toEqual({ title: `Neues Ticket in ${watchedQueue}`, body: `${await numberOf(ticketId)} · ${title}`, tag: `ticket:${ticketId}` });

    await notifications.click(0);
    const zoom = new TicketZoomPage(page);
    await zoom.waitFor(ticketId);
    expect(await zoom.title.textContent()).toContain(title);
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/ticket/${ticketId}`);
    // Still one notice: neither the sync after it nor opening the ticket tells it again.
    expect(await notifications.notices()).toHaveLength(1);
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowMs);

  it('writes the settings and the notices in English when the agent reads English', async () => {
    const { page } = kontor;
    const notifications = new NotificationsPage(page);
    await switchLanguage(page, 'English');
    try {
      await notifications.openByKeyboard('Notifications');
      await notifications.dialog.getByText('The browser shows Kontor\'s notifications.').waitFor();
      await notifications.dialog.getByText('1 of', { exact: false }).waitFor();
      expect(await notifications.kind('Reminders due').isChecked()).toBe(true);
      await screenshot(page, 'notifications-en');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await notifications.dialog.waitFor({ state: 'detached' });

      const before = (await notifications.notices()).length;
      const title = `Fondsabrechnung ${randomUUID().slice(0, 6)}`;
      const ticketId = await createdByColleague(watchedQueue, title);
      const notices = await notifications.waitForNotices(before + 1);
      expect(notices.at(-1)).toEqual({ title: `New ticket in ${watchedQueue}`, body: `${await numberOf(ticketId)} · ${title}`, tag: `ticket:${ticketId}` });
    } finally {
      await switchLanguage(page, 'Deutsch');
    }
  }, slowMs);

  it('says in words when the browser does not allow notices, offers to ask only while it can, and shows none meanwhile', async () => {
    const { page, context } = kontor;
    const notifications = new NotificationsPage(page);
    await context.clearPermissions();
    try {
      const permission = await page.evaluate(() => Notification.permission);
      expect(permission).not.toBe('granted');
      await notifications.openByKeyboard();
      const ask = notifications.dialog.getByRole('button', { name: 'Benachrichtigungen erlauben' });
      if (permission === 'denied') {
        await notifications.dialog.getByText('Der Browser hat Benachrichtigungen für Kontor blockiert.', { exact: false }).waitFor();
        expect(await ask.count()).toBe(0);
      } else {
        await notifications.dialog.getByText('Der Browser hat noch nicht gefragt', { exact: false }).waitFor();
        expect(await ask.isVisible()).toBe(true);
      }
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await notifications.dialog.waitFor({ state: 'detached' });

      // A new ticket in the watched queue reaches the cache, but no notice is made without the browser's permission.
      const before = (await notifications.notices()).length;
      const ticketId = await createdByColleague(watchedQueue, `Ohne Erlaubnis ${randomUUID().slice(0, 6)}`);
      for (let attempt = 0; attempt < 50 && !(await kontor.desk.handlers['tickets.get']({ ticketId })).ok; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await kontor.desk.handlers['tickets.get']({ ticketId })).ok).toBe(true);
      expect(await notifications.notices()).toHaveLength(before);
    } finally {
      await context.grantPermissions(['notifications'], { origin: kontor.host.origin });
    }
  }, slowMs);
});
