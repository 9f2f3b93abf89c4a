import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { collectPageErrors, launchChromium, type LaunchedChromium } from '../harness/chromium.js';
import type { ServerOnTestDatabase } from '../harness/kontor-server.js';
import { signIn } from '../server/support/http.js';
import { internalSecret, seedTicket, startPortalServer, testCustomer, type SeededTicket } from '../server/portal/support.js';
import { accessibilityViolations, screenshot } from './page-checks.js';
import { PortalPage } from './page-models/portal-page.js';

/** The page as `out/screenshots/portal-<name>.png`. */
const shoot = (page: Page, name: string): Promise<void> => screenshot(page, `portal-${name}`);

// The customer portal in Chromium against a real server: a customer with an umlaut in their name
// signs in, sees their institution's tickets and not another's, opens one, and opens a new one.
describe('customer portal in Chromium', () => {
  let running: ServerOnTestDatabase;
  let chromium: LaunchedChromium;
  let page: Page;
  let own: SeededTicket;
  let foreign: SeededTicket;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    running = await startPortalServer();
    const agent = await signIn(running.url, 'mmueller');
    own = await seedTicket(running.url, agent.token, testCustomer('jloewe').id, 'Depotauszug März fehlt');
    await seedTicket(running.url, agent.token, testCustomer('kgross').id, 'Zugang für Frau Groß gesperrt');
    foreign = await seedTicket(running.url, agent.token, testCustomer('jsmith').id, 'Globex statement missing');
    chromium = await launchChromium('kontor-e2e-portal', { viewport: { width: 1280, height: 860 } });
    ({ page } = chromium);
    page.setDefaultTimeout(8_000);
    collectPageErrors(page, consoleErrors);
  });
  afterAll(async () => {
    await chromium.close();
    await running.close();
  });

  it('keeps what was typed after a wrong password, then signs Jürgen Löwe in', async () => {
    const portal = new PortalPage(page);
    await page.goto(`${running.url}/portal/`);
    await portal.signIn('jloewe', 'falsch');
    await portal.alert.waitFor();
    expect(await portal.alert.getAttribute('data-reason')).toBe('invalid-credentials');
    expect(await page.getByLabel('Benutzername', { exact: true }).inputValue()).toBe('jloewe');
    await shoot(page, 'sign-in-error-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Passwort', { exact: true }).fill(demoPassword);
    await page.getByLabel('Passwort', { exact: true }).press('Enter');
    await portal.waitSignedInAs('Jürgen Löwe · Bankhaus Löwe & Söhne KG');
  });

  it("lists the institution's tickets and none of another institution's", async () => {
    const portal = new PortalPage(page);
    await portal.showFilter('Alle');
    expect((await portal.listedTitles()).sort()).toEqual(['Depotauszug März fehlt', 'Zugang für Frau Groß gesperrt']);
    await portal.showFilter('Meine');
    expect(await portal.listedTitles()).toEqual(['Depotauszug März fehlt']);
    await shoot(page, 'list-mine-de');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("answers a guessed id of another institution's ticket like an unknown one", async () => {
    const portal = new PortalPage(page);
    await page.goto(`${running.url}/portal/tickets/${foreign.ticketId}`);
    await portal.alert.waitFor();
    expect(await portal.alert.getAttribute('data-reason')).toBe('not-found');
    expect(await page.locator('body').innerText()).not.toContain('Globex');
    await shoot(page, 'guessed-id-de');
  });

  it('opens a ticket: the customer-visible messages and the attachment, no internal note, no agent name', async () => {
    const portal = new PortalPage(page);
    await page.goto(`${running.url}/portal/?filter=mine`);
    await portal.openTicket('Depotauszug März fehlt');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Der Depotauszug für März ist nicht angekommen.');
    expect(text).toContain('anbei der Auszug.');
    expect(text).toContain('Service');
    expect(text).not.toContain(internalSecret);
    expect(text).not.toContain('Müller');
    const download = page.getByRole('link', { name: 'auszug-märz.pdf' });
    expect(await download.getAttribute('href')).toBe(`/portal/api/attachments/${own.attachmentId}`);
    await shoot(page, 'ticket-de');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('opens a new ticket, which shows in the list as theirs', async () => {
    const portal = new PortalPage(page);
    await portal.createTicket({ title: 'Überweisung vom 3. März hängt', body: 'Bitte prüfen Sie die Überweisung an die Löwe Bank.', type: 'Störung' });
    expect(await page.locator('main').innerText()).toContain('Bitte prüfen Sie die Überweisung an die Löwe Bank.');
    await shoot(page, 'created-de');
    await page.getByRole('link', { name: 'Anfragen', exact: true }).click();
    await portal.showFilter('Meine');
    expect(await portal.listedTitles()).toContain('Überweisung vom 3. März hängt');
  });

  it("shows a customer of the other institution only their institution's tickets, in English", async () => {
    const portal = new PortalPage(page);
    await portal.signOut();
    await portal.signIn('jsmith', demoPassword);
    await portal.waitSignedInAs('John Smith · Globex (Europe) *Ltd*');
    await portal.showFilter('Alle');
    expect(await portal.listedTitles()).toEqual(['Globex statement missing']);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: "Your institution's requests" }).waitFor();
    await shoot(page, 'list-other-institution-en');
    // Chromium reports every refused request (the wrong password, the guessed id) as a failed
    // resource; anything else (a CSP violation, an exception) counts.
    expect(consoleErrors.filter((error) => !error.startsWith('Failed to load resource: the server responded with a status of'))).toEqual([]);
  });
});
