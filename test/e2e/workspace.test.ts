import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueIdFor } from '../../src-server/config/apply-config.js';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import { articleInput, expectApplied, mutation, send } from '../server/mutations/support.js';
import { signIn } from '../server/support/http.js';
import { seedSettledBank } from './seeded-bank.js';
import { startKontor, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot, unexpectedConsoleErrors } from './page-checks.js';
import { LoginPage } from './page-models/login-page.js';
import { englishShell, germanShell, ShellPage } from './page-models/shell-page.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';
import { englishList } from './page-models/ticket-list.js';
import { TicketZoomPage } from './page-models/ticket-zoom-page.js';
import { WorkspacePage } from './page-models/workspace-page.js';

/** The demo bank (the seed the test directory was written from, so customers have names), enough tickets for every clock state. */
const seededTickets = 900;
const bootstrapTimeoutMs = 60_000;
const slowTestMs = 120_000;
/** An agent's screen: the list's columns side by side. */
const viewport = { width: 1680, height: 1000 };

const internalQueue = 'Interner Helpdesk';

function isSortedAscending(values: readonly (number | null)[]): boolean {
  // Rows without a running clock come last.
  const firstNull = values.indexOf(null);
  const dated = (firstNull === -1 ? values : values.slice(0, firstNull)) as number[];
  const rest = firstNull === -1 ? [] : values.slice(firstNull);
  return dated.every((value, index) => index === 0 || (dated[index - 1] ?? 0) <= value) && rest.every((value) => value === null);
}

async function signInAs(kontor: KontorUnderTest, username: string): Promise<{ shell: ShellPage; workspace: WorkspacePage }> {
  const login = new LoginPage(kontor.page);
  await login.waitUntilShown();
  await login.logIn(username, demoPassword);
  const shell = new ShellPage(kontor.page);
  await shell.waitUntilShown();
  await new SyncIndicatorModel(kontor.page).waitFor('online', bootstrapTimeoutMs);
  const workspace = new WorkspacePage(kontor.page);
  await workspace.list.waitUntilLoaded();
  return { shell, workspace };
}

describe('the agent’s workspace', () => {
  let kontor: KontorUnderTest;
  let serverUrl: string;
  beforeAll(async () => {
    kontor = await startKontor({ serverViaProxy: true, viewport });
    const server = kontor.server;
    if (!server) throw new Error('the test needs a server');
    serverUrl = server.url;
    await seedSettledBank(server, { seed: 'kontor-demo', tickets: seededTickets, days: 60 });
  }, 180_000);
  afterAll(() => kontor.close());

  it('shows the queue tree with counts, a queue sorted by nearest due, sorts and filters that combine and survive a reload', async () => {
    const { page, desk } = kontor;
    const { workspace } = await signInAs(kontor, 'mmueller');
    expect(workspace.route()).toBe('/view/mine');

    // The tree shows what the cache counts, per queue, in figures and in words.
    const overview = await desk.handlers['queues.overview']({});
    if (!overview.ok) throw new Error('queues.overview failed');
    const queues = await workspace.queues();
    expect(queues.map((queue) => queue.name).sort()).toEqual(overview.value.queues.map((queue) => queue.name).sort());
    expect(queues.map((queue) => queue.name)).toContain(internalQueue);
    for (const counted of overview.value.queues) {
      const shown = queues.find((queue) => queue.queueId === counted.queueId);
      expect(shown).toMatchObject({ total: counted.total, new: counted.new, escalated: counted.escalated, mine: counted.mine });
      expect(shown?.spoken).toContain(`${String(counted.total)} offen, ${String(counted.new)} neu, ${String(counted.escalated)} eskaliert`);
    }
    const serviceLine = queues.find((queue) => queue.name === 'ServiceLine');
    if (!serviceLine) throw new Error('no ServiceLine queue');
    expect(serviceLine.total).toBeGreaterThan(0);

    await workspace.queueLink('ServiceLine').click();
    await workspace.waitForRoute(`/queue/${serviceLine.queueId}`);
    expect(await workspace.list.grid.getAttribute('aria-label')).toBe('Tickets: Queue ServiceLine');
    const total = await workspace.list.total();
    expect(total).toBeGreaterThan(0);
    // Sorted by the nearest due instant by default.
    expect(await workspace.list.sortedColumn()).toBeNull();
    const dues = await workspace.list.nearestDue();
    expect(dues.length).toBeGreaterThan(10);
    expect(isSortedAscending(dues)).toBe(true);
    // The clocks: running ones due later, overdue ones due before now and shown with a minus sign;
    // warning and overdue also said in words, not by colour alone.
    const now = Date.now();
    const badges = await workspace.list.clockBadges();
    const kinds = new Set(badges.map((badge) => badge.kind));
    for (const kind of ['running', 'breached', 'met']) expect(kinds).toContain(kind);
    for (const badge of badges) {
      if (badge.kind === 'running') expect(badge.due ?? 0).toBeGreaterThan(now - 60_000);
      if (badge.kind === 'breached') {
        expect(badge.due ?? Infinity).toBeLessThanOrEqual(now + 60_000);
        expect(badge.shown.startsWith('\u2212')).toBe(true);
        expect(badge.spoken).toMatch(/^überfällig /u);
      }
      if (badge.kind === 'warning') expect(badge.spoken).toMatch(/^Warnung, noch /u);
    }
    await screenshot(page, 'workspace-queue-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    // A column header sorts; a second click turns the order round.
    await workspace.list.sortBy('Prio.');
    expect(await workspace.list.sortedColumn()).toEqual({ column: 'Prio.', sort: 'ascending' });
    expect(workspace.route()).toBe(`/queue/${serviceLine.queueId}?sort=priority`);
    const ascending = (await workspace.list.rows()).map((row) => Number(row.cells.priority?.slice(0, 1)));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await workspace.list.sortBy('Prio.');
    expect(await workspace.list.sortedColumn()).toEqual({ column: 'Prio.', sort: 'descending' });
    const descending = (await workspace.list.rows()).map((row) => Number(row.cells.priority?.slice(0, 1)));
    expect(descending).toEqual([...descending].sort((a, b) => b - a));

    // Filters combine: state and priority.
    await workspace.list.chooseFilter('Status', 'offen');
    const open = await workspace.list.total();
    expect(open).toBeLessThan(total);
    for (const row of await workspace.list.rows()) expect(row.cells.state).toBe('offen');
    const chosen = (await workspace.list.rows())[0]?.cells.priority ?? '';
    const priority = Number(chosen.slice(0, 1));
    await workspace.list.chooseFilter('Priorität', chosen);
    const both = await workspace.list.rows();
    expect(await workspace.list.total()).toBeLessThanOrEqual(open);
    for (const row of both) {
      expect(row.cells.state).toBe('offen');
      expect(Number(row.cells.priority?.slice(0, 1))).toBe(priority);
    }
    const filtered = workspace.route();
    expect(filtered).toMatch(/sort=priority&dir=desc&state=open&prio=\d/u);
    await screenshot(page, 'workspace-filtered-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    // A reload keeps the screen: address, sort and filters.
    await page.reload();
    await workspace.list.waitUntilLoaded();
    expect(workspace.route()).toBe(filtered);
    expect(await workspace.list.sortedColumn()).toEqual({ column: 'Prio.', sort: 'descending' });
    expect((await workspace.list.rows()).map((row) => row.ticketId)).toEqual(both.map((row) => row.ticketId));
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowTestMs);

  it('works by keyboard: j/k, Enter opens, Escape and Backspace come back to the same row, back and forward, the ? map', async () => {
    const { page } = kontor;
    const workspace = new WorkspacePage(page);
    await workspace.viewLink('escalated').click();
    await workspace.waitForRoute('/view/escalated');
    const rows = await workspace.list.rows();
    expect(rows.length).toBeGreaterThan(3);

    await workspace.list.focusByKeyboard();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect((await workspace.list.selectedRow())?.ticketId).toBe(rows[1]?.ticketId);
    // The selection is drawn as the focus: an outline, not a colour alone.
    const outline = await page.locator('tr[aria-selected="true"]').evaluate((row) => getComputedStyle(row).outlineStyle);
    expect(outline).toBe('solid');
    await screenshot(page, 'workspace-keyboard-de');

    const opened = rows[1]?.ticketId ?? '';
    await page.keyboard.press('Enter');
    await workspace.waitForTicket(opened);
    expect(workspace.route()).toBe(`/ticket/${opened}`);
    await screenshot(page, 'workspace-ticket-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await workspace.waitForRoute('/view/escalated');
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'grid');
    expect((await workspace.list.selectedRow())?.ticketId).toBe(opened);

    // Enter again, then Backspace; browser back and forward too.
    await page.keyboard.press('Enter');
    await workspace.waitForTicket(opened);
    await page.keyboard.press('Backspace');
    await workspace.waitForRoute('/view/escalated');
    await page.goForward();
    await workspace.waitForTicket(opened);
    // A reload of the ticket keeps it.
    await page.reload();
    await workspace.waitForTicket(opened);
    await page.goBack();
    await workspace.waitForRoute('/view/escalated');
    await workspace.list.waitUntilLoaded();

    // The ticket went into the recent list.
    await workspace.nav.page().locator(`[data-recent-ticket="${opened}"]`).waitFor();

    // "g" then "q" puts the focus on the queue tree.
    await workspace.focusQueuesByKeyboard();
    expect((await workspace.focused()).tag).toBe('A');
    expect((await workspace.focused()).outline).toMatch(/^solid/u);
    await page.keyboard.press('ArrowDown');
    expect((await workspace.focused()).text).toContain('Fällige Erinnerungen');

    await page.keyboard.press('?');
    await workspace.keyboardMap.waitFor();
    expect(await workspace.keyboardMap.innerText()).toContain('Ticket öffnen');
    await screenshot(page, 'workspace-keyboard-map-de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await workspace.keyboardMap.waitFor({ state: 'detached' });
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowTestMs);

  it('shows a ticket created on the server without a reload, keeps selection and scroll, marks a pending edit', async () => {
    const { page, desk } = kontor;
    const workspace = new WorkspacePage(page);
    const serviceLine = queueIdFor('ServiceLine');
    // Newest first, so that the new ticket heads the list.
    await page.evaluate((path) => {
      window.location.hash = path;
    }, `/queue/${serviceLine}?sort=number&dir=desc`);
    await workspace.list.waitUntilLoaded();
    const before = await workspace.list.rows();
    const totalBefore = await workspace.list.total();
    await workspace.list.focusByKeyboard();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const selected = (await workspace.list.selectedRow())?.ticketId;
    expect(selected).toBe(before[1]?.ticketId);

    // Another device of the same agent creates a ticket: push, pull, cache.changed, the list reads again.
    const other = await signIn(serverUrl, 'mmueller');
    const title = `Rückruf erbeten ${randomUUID().slice(0, 8)}`;
    const ticketId = randomUUID();
    const [created] = await send(serverUrl, other.token, mutation('ticket.create', { ticketId, queueId: serviceLine, title, type: 'incident', customerUserId: null, article: articleInput() }));
    expectApplied(created);
    await workspace.list.grid.locator(`tr[data-ticket-id="${ticketId}"]`).waitFor({ timeout: 15_000 });
    expect(await workspace.list.total()).toBe(totalBefore + 1);
    const after = await workspace.list.rows();
    expect(after[0]?.cells.title).toContain(title);
    // The selection stayed on its ticket, now one row further down.
    expect((await workspace.list.selectedRow())?.ticketId).toBe(selected);
    await screenshot(page, 'workspace-live-de');

    // Scrolled down, a change elsewhere moves nothing.
    // As far down as the list goes: how many rows the seeded bank leaves open in ServiceLine depends on the day it was seeded for.
    const room = await page.locator('.list-scroll').evaluate((element) => element.scrollHeight - element.clientHeight);
    expect(room).toBeGreaterThan(60);
    await workspace.list.scrollBy(Math.min(300, room));
    const scrolled = await workspace.list.scrollTop();
    expect(scrolled).toBeGreaterThan(60);
    const [second] = await send(serverUrl, other.token, mutation('ticket.create', { ticketId: randomUUID(), queueId: serviceLine, title: `${title} (2)`, type: 'incident', customerUserId: null, article: articleInput() }));
    expectApplied(second);
    await page.waitForFunction((count) => document.querySelector('.list-count')?.getAttribute('data-total') === String(count), totalBefore + 2);
    expect(await workspace.list.scrollTop()).toBe(scrolled);

    // An edit of mine while the server is away: the row says "ausstehend" until the server confirmed it.
    const link = kontor.serverLink;
    if (!link) throw new Error('the test needs the server behind a proxy');
    await page.locator('.list-scroll').evaluate((element) => element.scrollTo(0, 0));
    await workspace.list.grid.locator(`tr[data-ticket-id="${ticketId}"]`).waitFor();
    await link.cut();
    await new SyncIndicatorModel(page).waitFor('offline', 30_000);
    const ticket = await desk.handlers['tickets.get']({ ticketId });
    if (!ticket.ok) throw new Error('tickets.get failed');
    const edit = await desk.handlers['tickets.mutate']({ name: 'ticket.setPriority', args: { ticketId, priority: 1 }, baseVersion: ticket.value.ticket.version });
    expect(edit.ok).toBe(true);
    const row = workspace.list.grid.locator(`tr[data-ticket-id="${ticketId}"]`);
    await row.locator('[data-pending="true"]').waitFor();
    expect(await row.innerText()).toContain('ausstehend');
    expect(await row.locator('td[data-column="priority"]').innerText()).toBe('1 sehr hoch');
    await screenshot(page, 'workspace-pending-de');
    await link.restore();
    await row.locator('[data-pending="true"]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowTestMs);

  it('speaks English with the same screens', async () => {
    const { page } = kontor;
    const shell = new ShellPage(page, germanShell);
    await shell.switchLanguage('English');
    const workspace = new WorkspacePage(page, { nav: englishShell.nav, keyboardMap: 'Keyboard shortcuts', list: englishList });
    await workspace.viewLink('escalated').click();
    await workspace.waitForRoute('/view/escalated');
    await workspace.list.waitUntilLoaded();
    expect(await workspace.list.grid.getAttribute('aria-label')).toBe('Tickets: Escalated');
    expect((await workspace.queues()).find((queue) => queue.name === 'ServiceLine')?.spoken).toMatch(/\d+ open, \d+ new, \d+ escalated, \d+ mine/u);
    await screenshot(page, 'workspace-queue-en');
    expect(await accessibilityViolations(page)).toEqual([]);
    const [first] = await workspace.list.rows();
    await workspace.list.focusByKeyboard();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await workspace.waitForTicket(first?.ticketId ?? '');
    await screenshot(page, 'workspace-ticket-en');
    await page.keyboard.press('Escape');
    await workspace.waitForRoute('/view/escalated');
    await page.keyboard.press('?');
    await workspace.keyboardMap.waitFor();
    await screenshot(page, 'workspace-keyboard-map-en');
    await page.keyboard.press('Escape');
    await shell.switchLanguage('Deutsch');
    await new ShellPage(page, germanShell).logout.click();
    await new LoginPage(page).waitUntilShown();
  }, slowTestMs);

  it('never shows a contractor an internal queue or its counts', async () => {
    const { page } = kontor;
    const { workspace } = await signInAs(kontor, 'extern.kraus');
    const names = (await workspace.queues()).map((queue) => queue.name);
    expect(names.sort()).toEqual(['IT-Betrieb', 'Wertpapiere', 'Wertpapiere::Abwicklung']);
    expect(await workspace.nav.innerText()).not.toContain(internalQueue);
    await screenshot(page, 'workspace-contractor-de');
    // Typing the internal queue's address shows nothing of it either.
    await page.evaluate((path) => {
      window.location.hash = path;
    }, `/queue/${queueIdFor(internalQueue)}`);
    await workspace.list.waitUntilLoaded();
    expect(await workspace.list.total()).toBe(0);
    expect(await workspace.list.grid.getAttribute('aria-label')).not.toContain(internalQueue);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowTestMs);

  // After the contractor's test: still signed in as extern.kraus.
  it("takes a ticket off the contractor's screen when it moves into a queue outside their rights", async () => {
    const { page } = kontor;
    const agent = await signIn(serverUrl, 'mmueller');
    const ticketId = randomUUID();
    const title = `Depotübertrag ${randomUUID().slice(0, 8)}`;
    const [created] = await send(serverUrl, agent.token, mutation('ticket.create', { ticketId, queueId: queueIdFor('Wertpapiere::Abwicklung'), title, type: 'incident', customerUserId: null, article: articleInput() }));
    expectApplied(created);
    const zoom = new TicketZoomPage(page);
    await zoom.open(ticketId);
    await zoom.title.filter({ hasText: title }).waitFor({ timeout: 15_000 });

    const [moved] = await send(serverUrl, agent.token, mutation('ticket.move', { ticketId, queueId: queueIdFor(internalQueue) }, 1));
    expectApplied(moved);
    // The feed removes it from the contractor's cache; the zoom reads it again and shows the refusal, not the ticket as it was.
    await page.locator('section.ticket-zoom[aria-label="Das Ticket kann nicht angezeigt werden"]').waitFor({ timeout: 15_000 });
    expect(await page.getByText(title).count()).toBe(0);
    await screenshot(page, 'workspace-contractor-ticket-gone-de');
    expect(await accessibilityViolations(page)).toEqual([]);
  }, slowTestMs);
});
