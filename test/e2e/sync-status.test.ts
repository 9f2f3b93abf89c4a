import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../src-shared/ipc/cache.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { seedSettledBank } from './seeded-bank.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot } from './page-checks.js';
import { LoginPage } from './page-models/login-page.js';
import { englishShell, ShellPage } from './page-models/shell-page.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';

/** Enough tickets (with their articles and history) that the bootstrap takes several pages. */
const seededTickets = 1500;
/** The Desk retries with back-off after the server went away; coming back takes a few seconds. */
const reconnectTimeoutMs = 30_000;
/** A test that waits for a bootstrap or a reconnect, on a build machine busy with other files. */
const slowTestMs = 90_000;

const englishLogin = { heading: 'Sign in', username: 'User name', password: 'Password', submit: 'Sign in' };
const clock = /\d{2}:\d{2}/u;

async function seedTickets(kontor: KontorUnderTest): Promise<void> {
  const server = kontor.server;
  if (!server) throw new Error('the test needs a server');
  await seedSettledBank(server, { seed: 'e2e-sync-status', tickets: seededTickets, days: 120 });
}

/** The status the Desk's main process holds now, as the renderer would read it. */
async function currentStatus(kontor: KontorUnderTest): Promise<SyncStatusView> {
  const result = await kontor.desk.handlers['sync.status'](undefined);
  if (!result.ok) throw new Error('sync.status failed');
  return result.value;
}

describe('the sync status in the header', () => {
  let kontor: KontorUnderTest;
  let sync: SyncIndicatorModel;
  beforeAll(async () => {
    kontor = await startKontor({ serverViaProxy: true });
    await seedTickets(kontor);
    sync = new SyncIndicatorModel(kontor.page);
  }, 180_000);
  afterAll(() => kontor.close());

  it('shows the first sync, then "Synchronisiert" with the time of the last sync', async () => {
    const { page } = kontor;
    await new LoginPage(page).waitUntilShown();
    await sync.record();
    await new LoginPage(page).logIn('mmueller', demoPassword);
    await new ShellPage(page).waitUntilShown();
    // The real bootstrap of the seeded bank takes some seconds: the bar counts up to the server's total.
    await page.locator('[role="progressbar"][aria-valuenow]').waitFor({ timeout: reconnectTimeoutMs });
    await screenshot(page, 'sync-bootstrap-de');
    expect(await sync.progressBar.getAttribute('aria-valuetext')).toMatch(/^\d{1,3}(\.\d{3})* von \d{1,3}(\.\d{3})* Einträgen, (noch etwa \d+ Min\.|noch weniger als 1 Min\.|Restzeit wird ermittelt …)$/u);
    await sync.waitFor('online', reconnectTimeoutMs);
    // The search index is built after the pull, in batches; the header says how far until it is done.
    await sync.searchIndex.waitFor({ state: 'detached', timeout: reconnectTimeoutMs });

    const seen = await sync.recorded();
    // The bootstrap took several pages: the snapshot was shown as such, with a bar that counted up to the server's total.
    expect(seen.states).toContain('syncing');
    expect(seen.states.at(-1)).toBe('online');
    const counted = seen.progress.filter((p) => p.max !== null && p.now !== null);
    expect(counted.length).toBeGreaterThan(0);
    for (const { max, now } of counted) expect(now).toBeLessThanOrEqual(max ?? 0);
    // The article text was indexed after the pull, its progress shown in the header until done.
    expect(seen.searchIndex.length).toBeGreaterThan(0);
    for (const text of seen.searchIndex) expect(text).toMatch(/^Suchindex \d{1,2} %$/u);
    // Screen readers heard the states, never the pages: every announcement is a different state.
    expect(seen.announcements.length).toBeLessThanOrEqual(seen.states.length);
    expect(seen.announcements.at(-1)).toBe('Synchronisiert');

    expect(await sync.label()).toBe('Synchronisiert');
    expect(await sync.detail()).toMatch(/^Zuletzt synchronisiert um \d{2}:\d{2}:\d{2}\.$/u);
    expect(await sync.progressBar.count()).toBe(0);
    await screenshot(page, 'sync-online-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The time of the last sync in a tooltip, which keyboard focus opens as well as the mouse.
    await sync.chip.focus();
    await page.getByText(/^Zuletzt synchronisiert um/u).and(page.locator('.mantine-Tooltip-tooltip')).waitFor();
    await screenshot(page, 'sync-online-tooltip-de');
    await sync.chip.blur();
  }, slowTestMs);

  it('shows the bar of a first sync with German numbers and the time left, announced once', async () => {
    const { page, desk } = kontor;
    const shell = new ShellPage(page);
    await sync.record();
    // The engine is quiet (online, index complete); these statuses are what it says during a bootstrap of a large bank.
    const loading = (items: number, total: number | null, etaSeconds: number | null): SyncStatusView => ({ state: 'syncing', phase: 'snapshot', items, total, etaSeconds });
    desk.bus.emit('sync.changed', loading(0, 100_000, null));
    desk.bus.emit('sync.changed', loading(4_000, 100_000, 190));
    desk.bus.emit('sync.changed', loading(12_345, 100_000, 130));
    const bar = sync.progressBar;
    await page.locator('[role="progressbar"][aria-valuenow="12345"]').waitFor();
    expect(await bar.getAttribute('aria-valuemin')).toBe('0');
    expect(await bar.getAttribute('aria-valuemax')).toBe('100000');
    expect(await bar.getAttribute('aria-valuetext')).toBe('12.345 von 100.000 Einträgen, noch etwa 2 Min.');
    // Named by the section's heading.
    const labelId = await bar.getAttribute('aria-labelledby');
    expect(await page.locator(`[id="${labelId ?? ''}"]`).innerText()).toBe('Ihre Daten werden geladen');
    const section = page.getByRole('region', { name: 'Ihre Daten werden geladen' });
    expect(await section.innerText()).toContain('12.345 von 100.000 Einträgen');
    expect(await section.innerText()).toContain('noch etwa 2 Min.');
    expect(await sync.label()).toBe('Erstsynchronisierung');
    expect(await sync.group.locator('.sync-progress').innerText()).toBe('12 %');
    await screenshot(page, 'sync-initial-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await shell.switchLanguage('English');
    const english = new SyncIndicatorModel(page, 'Synchronisation');
    expect(await bar.getAttribute('aria-valuetext')).toBe('12,345 of 100,000 items, about 2 min left');
    expect(await english.label()).toBe('Initial sync');
    await screenshot(page, 'sync-initial-en');

    // Without a total from the server: an indeterminate bar that counts what arrived.
    desk.bus.emit('sync.changed', loading(2_500, null, null));
    await page.locator('[role="progressbar"][data-indeterminate]').waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBeNull();
    expect(await bar.getAttribute('aria-valuetext')).toBe('2,500 items loaded');
    await shell.switchLanguage('Deutsch');
    expect(await bar.getAttribute('aria-valuetext')).toBe('2.500 Einträge geladen');
    await screenshot(page, 'sync-initial-indeterminate-de');

    // Online with the search index still being built: its progress beside the state, outside the live region.
    const online = await currentStatus(kontor);
    if (online.state !== 'online') throw new Error(`expected online, got ${online.state}`);
    desk.bus.emit('sync.changed', { ...online, index: { indexed: 4_213, total: 10_000 } });
    await sync.waitFor('online');
    await bar.waitFor({ state: 'detached' });
    expect(await sync.searchIndex.innerText()).toBe('Suchindex 42 %');
    await screenshot(page, 'sync-search-index-de');
    desk.bus.emit('sync.changed', online);
    await sync.searchIndex.waitFor({ state: 'detached' });
    const { announcements } = await sync.recorded();
    // Four progress updates and a language switch, one state change each way: nothing else was announced.
    expect(announcements).toEqual(['Synchronisiert', 'Erstsynchronisierung', 'Initial sync', 'Erstsynchronisierung', 'Synchronisiert']);
  });

  it('says since when it is offline when the server goes away, and comes back by itself', async () => {
    const { page } = kontor;
    const link = kontor.serverLink;
    if (!link) throw new Error('the test needs the server behind a proxy');
    await sync.record();
    await link.cut();
    await sync.waitFor('offline', reconnectTimeoutMs);
    const label = await sync.label();
    expect(label).toMatch(/^Offline seit \d{2}:\d{2}$/u);
    const status = await currentStatus(kontor);
    if (status.state !== 'offline') throw new Error(`expected offline, got ${status.state}`);
    expect(label).toBe(`Offline seit ${new Date(status.since).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}`);
    // The server's error in the description and the tooltip, with what happens next.
    expect(await sync.detail()).toContain('Kontor Server ist nicht erreichbar (');
    expect(await sync.detail()).toContain('versucht es automatisch weiter');
    await screenshot(page, 'sync-offline-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await new ShellPage(page).switchLanguage('English');
    const english = new SyncIndicatorModel(page, 'Synchronisation');
    expect(await english.label()).toMatch(/^Offline since \d{2}:\d{2}$/u);
    await english.chip.hover();
    await page.locator('.mantine-Tooltip-tooltip').filter({ hasText: 'Kontor Server cannot be reached' }).waitFor();
    await screenshot(page, 'sync-offline-en');
    await page.mouse.move(0, 0);
    await new ShellPage(page, englishShell).switchLanguage('Deutsch');

    // Back on the same port: the Desk finds it again without the agent doing anything.
    await link.restore();
    await sync.waitFor('online', reconnectTimeoutMs);
    expect(await sync.label()).toBe('Synchronisiert');
    const { announcements } = await sync.recorded();
    expect(announcements[0]).toBe('Synchronisiert');
    expect(announcements).toContain(label);
    expect(announcements.at(-1)).toBe('Synchronisiert');
    expect(announcements.filter((text) => text.startsWith('Offline')).every((text) => clock.test(text))).toBe(true);
    expect(kontor.consoleErrors).toEqual([]);
  }, slowTestMs);

  it('asks to sign in again when the server ended the session, and goes on syncing after it', async () => {
    const { page } = kontor;
    const server = kontor.server;
    const link = kontor.serverLink;
    if (!server || !link) throw new Error('the test needs the server behind a proxy');
    await server.db.query('UPDATE agent_sessions SET revoked_at = now() WHERE revoked_at IS NULL');
    // The Desk notices at its next contact: a dropped connection makes that now rather than at the next poll.
    link.dropConnections();
    await sync.waitFor('signed-out', reconnectTimeoutMs);
    expect(await sync.label()).toBe('Abgemeldet');
    expect(await sync.detail()).toContain('Ihre noch nicht gesendeten Änderungen bleiben gespeichert');
    const relogin = sync.group.getByRole('button', { name: 'Bitte erneut anmelden' });
    await screenshot(page, 'sync-signed-out-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await relogin.click();
    const login = new LoginPage(page);
    await login.waitUntilShown();
    const notice = page.getByRole('status').filter({ hasText: 'Bitte melden Sie sich erneut an' });
    expect(await notice.innerText()).toContain('Ihre noch nicht gesendeten Änderungen sind gespeichert');
    expect(await login.username.inputValue()).toBe('mmueller');
    // Only the password is missing: that is where the cursor is.
    expect(await login.password.evaluate((element) => element === document.activeElement)).toBe(true);
    await screenshot(page, 'relogin-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await login.password.fill(demoPassword);
    await login.password.press('Enter');
    await new ShellPage(page).waitUntilShown();
    await sync.waitFor('online', reconnectTimeoutMs);
    expect(await sync.label()).toBe('Synchronisiert');
  }, slowTestMs);

  it('opens the cache offline with the password when the server cannot be reached, and says what that means', async () => {
    const { page } = kontor;
    const link = kontor.serverLink;
    if (!link) throw new Error('the test needs the server behind a proxy');
    const shell = new ShellPage(page);
    await shell.logout.click();
    const login = new LoginPage(page);
    await login.waitUntilShown();
    // Signed out on purpose: no notice, an empty form.
    expect(await page.getByText('Bitte melden Sie sich erneut an').count()).toBe(0);
    await link.cut();

    // A wrong password is refused offline too, and the user name stays.
    await login.logIn('mmueller', 'falsch');
    expect(await login.errorMessage()).toContain('Benutzername oder Passwort');
    await screenshot(page, 'login-offline-wrong-password-de');
    await login.logIn('mmueller', demoPassword);
    await shell.waitUntilShown();
    await sync.waitFor('unlocked', reconnectTimeoutMs);
    expect(await sync.label()).toBe('Offline geöffnet');
    const banner = page.getByRole('region', { name: 'Offline geöffnet:' });
    const text = await banner.innerText();
    // As of the last page the cache took from the server, before the link was cut.
    expect(text).toMatch(/Sie sehen den Stand Ihrer letzten Synchronisierung \(\d{2}:\d{2}\)/u);
    expect(text).toContain('Änderungen werden gespeichert und gesendet, sobald Sie sich wieder anmelden');
    expect(text).toMatch(clock);
    await screenshot(page, 'sync-unlocked-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shell.switchLanguage('English');
    expect(await page.getByRole('region', { name: 'Opened offline:' }).innerText()).toContain('Changes are kept and sent as soon as you sign in again');
    await screenshot(page, 'sync-unlocked-en');
    await new ShellPage(page, englishShell).switchLanguage('Deutsch');

    // The server is back: the cache has no session with it, so the agent is asked to sign in; the banner leaves that to the header.
    await link.restore();
    await sync.waitFor('signed-out', reconnectTimeoutMs);
    expect(await banner.getByRole('button').count()).toBe(0);
    await screenshot(page, 'sync-unlocked-server-back-de');
    await sync.group.getByRole('button', { name: 'Bitte erneut anmelden' }).click();
    await login.waitUntilShown();
    expect(await page.getByRole('status').filter({ hasText: 'offline gespeicherten Änderungen' }).count()).toBe(1);
    await login.password.fill(demoPassword);
    await login.password.press('Enter');
    await shell.waitUntilShown();
    await sync.waitFor('online', reconnectTimeoutMs);
    expect(await banner.count()).toBe(0);
    expect(kontor.consoleErrors).toEqual([]);
  }, slowTestMs);
});

describe('the offline limit', () => {
  it('refuses an offline sign-in past the limit and says why, in both languages', async () => {
    const kontor = await startKontor({ serverViaProxy: true, deskCache: { offlineUnlockDays: 0 } });
    try {
      const { page } = kontor;
      const link = kontor.serverLink;
      if (!link) throw new Error('the test needs the server behind a proxy');
      const login = new LoginPage(page);
      await login.logIn('mmueller', demoPassword);
      const shell = new ShellPage(page);
      await shell.waitUntilShown();
      await shell.logout.click();
      await login.waitUntilShown();
      await link.cut();
      await login.logIn('mmueller', demoPassword);
      expect(await login.errorReason()).toBe('offline-expired');
      expect(await login.errorMessage()).toContain('liegt zu lange zurück, um offline weiterzuarbeiten');
      await screenshot(page, 'login-offline-expired-de');
      await login.switchLanguage('English');
      expect(await new LoginPage(page, englishLogin).errorMessage()).toContain('too long ago to keep working offline');
      await screenshot(page, 'login-offline-expired-en');
      expect(kontor.consoleErrors).toEqual([]);
    } finally {
      await kontor.close();
    }
  });
});
