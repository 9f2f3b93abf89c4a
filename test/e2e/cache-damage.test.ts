import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileName, openCache } from '../../src-main/cache/cache-file.js';
import { DraftStore } from '../../src-main/cache/draft-store.js';
import { Outbox } from '../../src-main/cache/outbox.js';
import { queueIdFor } from '../../src-server/config/apply-config.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot } from './page-checks.js';
import { damagePages, damageRoots, migrationsTables } from '../main/cache/support/damage.js';
import { until } from '../main/support/until.js';
import { LoginPage } from './page-models/login-page.js';
import { englishShell, ShellPage } from './page-models/shell-page.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';
import { serverRows } from './page-models/ticket-actions-page.js';
import { SeededBank } from './page-models/ticket-zoom-seed.js';

/** A sign-in followed by a bootstrap, on a build machine busy with other files. */
const slowTestMs = 90_000;

describe('a damaged copy of the tickets on the workstation', () => {
  let kontor: KontorUnderTest;
  let cacheFile: string;
  beforeAll(async () => {
    kontor = await startKontor();
    // The bank's queues and people, so that the agent has a queue to open a ticket in.
    if (!kontor.server) throw new Error('the test needs a server');
    await SeededBank.open(kontor.server);
  }, 180_000);
  afterAll(() => kontor.close());

  async function signIn(): Promise<void> {
    const login = new LoginPage(kontor.page);
    await login.logIn('mmueller', demoPassword);
    await new ShellPage(kontor.page).waitUntilShown();
  }

  async function signOut(): Promise<void> {
    await new ShellPage(kontor.page).logout.click();
    await new LoginPage(kontor.page).waitUntilShown();
  }

  it('is made afresh at sign-in, says what of the agent\'s own was carried over, and the edit still reaches the server', async () => {
    const { page } = kontor;
    const sync = new SyncIndicatorModel(page);
    await signIn();
    await sync.waitFor('online', 30_000);
    const session = await kontor.desk.handlers['session.current'](undefined);
    if (!session.ok || session.value.state !== 'signed-in') throw new Error('not signed in');
    cacheFile = path.join(kontor.userDataDir, 'caches', cacheFileName(session.value.signedIn.agent.id));
    await signOut();

    // An edit the Desk had not sent yet and a half-typed note, then the disk fails under the file.
    const db = openCache(path.dirname(cacheFile), session.value.signedIn.agent.id);
    const ticketId = randomUUID();
    const made = new Outbox(db).enqueue(
      'ticket.create',
      { ticketId, queueId: queueIdFor('ServiceLine'), title: 'Rückruf Depotbank (offline erfasst)', type: 'incident', customerUserId: null, article: { articleId: randomUUID(), channel: 'phone', visibility: 'internal', subject: 'Anruf', body: 'Bitte zurückrufen.' } },
      null,
    );
    new DraftStore(db).save(`note:${randomUUID()}`, { body: 'Halber Satz' });
    db.close();
    expect(made.ok).toBe(true);
    damageRoots(cacheFile, migrationsTables);

    await signIn();
    const banner = page.getByRole('region', { name: 'Kopie Ihrer Tickets neu angelegt:' });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('1 noch nicht bestätigte Änderung und 1 Entwurf wurden übernommen');
    await sync.waitFor('online', 30_000);
    await screenshot(page, 'cache-rebuilt-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    const shell = new ShellPage(page);
    await shell.switchLanguage('English');
    expect(await page.getByRole('region', { name: 'Copy of your tickets made afresh:' }).innerText()).toContain('1 change not yet confirmed and 1 draft were carried over');
    await screenshot(page, 'cache-rebuilt-en');
    await new ShellPage(page, englishShell).switchLanguage('Deutsch');
    // The edit went out from the fresh cache: the ticket is on the server, with its number.
    const server = kontor.server;
    if (!server) throw new Error('the test needs a server');
    await until(async () => (await serverRows(server, 'SELECT "number" FROM tickets WHERE "id" = $1', [ticketId])).length === 1, 'the edit on the server');
    await banner.getByRole('button', { name: 'Verstanden' }).click();
    expect(await banner.count()).toBe(0);
    await signOut();
  }, slowTestMs);

  it('warns, and keeps the file for IT, when not everything could be read', async () => {
    const { page } = kontor;
    damagePages(cacheFile, [1]);
    await signIn();
    const warning = page.getByTestId('cache-rebuilt');
    await warning.waitFor();
    expect(await warning.getAttribute('role')).toBe('alert');
    const text = await warning.innerText();
    expect(text).toContain('Änderungen, die noch nicht gesendet waren, können fehlen');
    // Nothing could be read: no count of what was carried over.
    expect(text).not.toContain('übernommen');
    expect(text).toContain(`Die beschädigte Datei wurde für den IT-Service aufbewahrt: ${cacheFile.replace(/\.sqlite$/u, '.damaged-')}`);
    await new SyncIndicatorModel(page).waitFor('online', 30_000);
    await screenshot(page, 'cache-rebuilt-incomplete-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await signOut();
  }, slowTestMs);

  it('refuses the copy of another Kontor Desk version at sign-in and says why', async () => {
    const db = new Database(cacheFile);
    db.prepare('INSERT INTO schema_migrations ("name", "applied_at") VALUES (?, ?)').run('9999-from-the-future', new Date().toISOString());
    db.close();
    const login = new LoginPage(kontor.page);
    await login.logIn('mmueller', demoPassword);
    expect(await login.errorReason()).toBe('cache-other-version');
    expect(await login.errorMessage()).toContain('von einer anderen Version von Kontor Desk angelegt');
    await screenshot(kontor.page, 'login-cache-other-version-de');
    expect(kontor.consoleErrors).toEqual([]);
  }, slowTestMs);
});
