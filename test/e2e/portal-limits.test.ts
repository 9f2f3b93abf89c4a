import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { launchChromium, type LaunchedChromium } from '../harness/chromium.js';
import type { ServerOnTestDatabase } from '../harness/kontor-server.js';
import { portalOverrides, startPortalServer } from '../server/portal/support.js';
import { TestClock } from '../harness/clock.js';
import { accessibilityViolations, screenshot } from './page-checks.js';
import { PortalPage } from './page-models/portal-page.js';

/** The page as `out/screenshots/portal-<name>.png`. */
const shoot = (page: Page, name: string): Promise<void> => screenshot(page, `portal-${name}`);

// The portal's request limit in Chromium: a customer over the limit is told to wait, in German
// and English, and the new-ticket form keeps what they typed; sent again later it goes through.
// The bank shows only the solution's due date here.
describe('customer portal limits in Chromium', () => {
  // Ten seconds into a minute, moved by hand: the limit's minute never ends by chance mid-test.
  const clock = new TestClock(new Date(Math.floor(Date.now() / 60_000) * 60_000 + 10_000));
  let running: ServerOnTestDatabase;
  let chromium: LaunchedChromium;
  let page: Page;

  beforeAll(async () => {
    running = await startPortalServer({
      ...portalOverrides,
      customers: { queues: ['ServiceLine'], mayClose: true, showDueDates: { firstResponse: false }, rateLimits: { writesPerMinute: 1, searchesPerMinute: 1 } },
    }, { now: clock.now });
    chromium = await launchChromium('kontor-e2e-portal-limits', { viewport: { width: 1280, height: 860 } });
    ({ page } = chromium);
    page.setDefaultTimeout(8_000);
  });
  afterAll(async () => {
    await chromium.close();
    await running.close();
  });

  it('shows only the due dates the bank chooses to show', async () => {
    const portal = new PortalPage(page);
    await page.goto(`${running.url}/portal/`);
    await portal.signIn('jloewe', demoPassword);
    await portal.waitSignedInAs('Jürgen Löwe · Bankhaus Löwe & Söhne KG');
    await portal.createTicket({ title: 'Depotauszug fehlt', body: 'Der Auszug für März fehlt.' });
    const text = await page.locator('main').innerText();
    expect(text).toContain('Lösung zugesagt bis');
    expect(text).not.toContain('Erste Antwort zugesagt bis');
    await shoot(page, 'ticket-solution-due-only-de');
  });

  it('tells a customer over the limit to wait, counts the wait down, and keeps what they typed', async () => {
    const portal = new PortalPage(page);
    // The page's timers on Playwright's clock, so that the countdown can be watched.
    await page.clock.install();
    await page.getByRole('link', { name: 'Neue Anfrage' }).click();
    await page.getByRole('heading', { name: 'Neue Anfrage' }).waitFor();
    await page.getByLabel('Betreff').fill('Zweite Anfrage');
    await page.getByLabel('Beschreibung').fill('Bitte auch die Gutschrift prüfen.');
    await page.getByRole('button', { name: 'Anfrage senden' }).click();
    await portal.alert.waitFor();
    expect(await portal.alert.getAttribute('data-reason')).toBe('too-many-requests');
    expect(await portal.alert.innerText()).toMatch(/Zu viele Aktionen in kurzer Zeit\. .* Bitte warten Sie noch \d+ Sekunden\./u);
    const wait = portal.alert.locator('.portal-error-wait');
    const secondsLeft = async (): Promise<number> => Number(await wait.getAttribute('data-seconds-left'));
    const first = await secondsLeft();
    expect(first).toBeGreaterThan(5);
    await page.clock.runFor(3_000);
    await expect.poll(secondsLeft).toBe(first - 3);
    expect(await wait.innerText()).toBe(`Bitte warten Sie noch ${first - 3} Sekunden.`);
    expect(await page.getByLabel('Betreff').inputValue()).toBe('Zweite Anfrage');
    expect(await page.getByLabel('Beschreibung').inputValue()).toBe('Bitte auch die Gutschrift prüfen.');
    await shoot(page, 'too-many-requests-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'New request' }).waitFor();
    expect(await portal.alert.innerText()).toMatch(/Too many actions in a short time\. .* Please wait \d+ more seconds\./u);
    await shoot(page, 'too-many-requests-en');
    await page.clock.runFor(first * 1000);
    await expect.poll(() => wait.innerText()).toBe('You can try again now.');
    expect(await secondsLeft()).toBe(0);

    // After the wait the same form sends what it kept.
    clock.advance(60_000);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'Zweite Anfrage', level: 1 }).waitFor();
  });
});
