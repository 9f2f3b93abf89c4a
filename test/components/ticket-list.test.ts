import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { conflictRowIndex, gridRow, gridTotal, harnessNow, pendingRowIndex } from './harness/fixtures/data.js';
import { accessibilityViolations, consoleProblems, recorded, screenshot, harnessForThisFile } from './support/harness-page.js';

// The virtualised ticket grid (features/ticket-list/components/ticket-grid.tsx) over 10,000 rows,
// read window by window through `tickets.list` from the harness's `window.kontor`. Date is fixed
// at the harness's "now" so that ages and clocks read the same on every run; timers run freely.

const harness = harnessForThisFile();

const mountGrid = (language: 'de' | 'en' = 'de') =>
  harness.mount('ticket-grid', {
    language,
    viewport: { width: 1680, height: 800 },
    beforeLoad: (page) => page.clock.setFixedTime(harnessNow),
  });

const grid = (page: Page): Locator => page.getByRole('grid', { name: 'Tickets in Wertpapiere::Abwicklung' });
/** The row at list position `index` (aria-rowindex counts the header row as 1). */
const rowAt = (page: Page, index: number): Locator => grid(page).locator(`tbody tr[aria-rowindex="${String(index + 2)}"]`);
const selectedRowIndex = async (page: Page): Promise<number | null> => {
  const selected = grid(page).locator('tbody tr[aria-selected="true"]');
  if ((await selected.count()) === 0) return null;
  return Number(await selected.getAttribute('aria-rowindex')) - 2;
};

async function listCalls(page: Page) {
  const { calls } = await recorded(page);
  return calls.filter((call) => call.channel === 'tickets.list').map((call) => call.input as { offset: number; limit: number; sort: { key: string; direction: string } });
}

describe('ticket grid', { timeout: 60_000 }, () => {
  it('renders only a window of its 10,000 rows and reads them in windows', async () => {
    const page = await mountGrid();
    await expect.poll(() => rowAt(page, 0).getAttribute('data-ticket-id')).toBe(gridRow(0).ticket.id);
    expect(await grid(page).getAttribute('aria-rowcount')).toBe(String(gridTotal + 1));
    const rendered = await grid(page).getByRole('row').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    // The first window only: 200 rows from the top.
    expect((await listCalls(page)).map(({ offset, limit }) => ({ offset, limit }))).toEqual([{ offset: 0, limit: 200 }]);
    await expect.poll(async () => (await rowAt(page, 0).innerText()).includes('Depotübertrag 1 – Rückfrage Lagerstelle')).toBe(true);

    // Scrolled far down, the rows there are read and the DOM stays small.
    await grid(page).locator('xpath=..').evaluate((scroller) => scroller.scrollTo({ top: 30 * 7_000 }));
    await expect.poll(() => rowAt(page, 7_005).getAttribute('data-ticket-id')).toBe(gridRow(7_005).ticket.id);
    expect(await grid(page).getByRole('row').count()).toBeLessThan(100);
    expect((await listCalls(page)).some((call) => call.offset === 6_800)).toBe(true);

    expect((await recorded(page)).violations).toEqual([]);
    expect(consoleProblems(page)).toEqual([]);
  });

  it('moves the selection by keyboard and opens the selected ticket with Enter', async () => {
    const page = await mountGrid();
    await expect.poll(() => rowAt(page, 0).getAttribute('data-ticket-id')).toBe(gridRow(0).ticket.id);
    await page.keyboard.press('Tab');
    await expect.poll(() => grid(page).evaluate((node) => node === document.activeElement)).toBe(true);
    // Focus is visible: a ring on the grid (one focus stop), then an outline on the selected row (aria-activedescendant).
    expect(await grid(page).evaluate((node) => getComputedStyle(node).boxShadow)).not.toBe('none');

    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedRowIndex(page)).toBe(0);
    expect(await rowAt(page, 0).evaluate((node) => getComputedStyle(node).outlineStyle)).toBe('solid');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedRowIndex(page)).toBe(2);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => selectedRowIndex(page)).toBe(1);
    expect(await grid(page).getAttribute('aria-activedescendant')).toBe(await rowAt(page, 1).getAttribute('id'));

    await page.keyboard.press('End');
    await expect.poll(() => selectedRowIndex(page)).toBe(gridTotal - 1);
    await expect.poll(() => rowAt(page, gridTotal - 1).getAttribute('data-ticket-id')).toBe(gridRow(gridTotal - 1).ticket.id);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => selectedRowIndex(page)).toBe(gridTotal - 2);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await expect.poll(() => selectedRowIndex(page)).toBe(0);
    await page.keyboard.press('Enter');

    await expect.poll(async () => (await recorded(page)).events).toEqual([
      { name: 'onOpen', detail: gridRow(gridTotal - 2).ticket.id },
      { name: 'onOpen', detail: gridRow(0).ticket.id },
    ]);
    await screenshot(page, 'ticket-grid-selected-de');
    expect(consoleProblems(page)).toEqual([]);
  });

  it('sorts by a header, by click and by Enter, and says the sort in aria-sort', async () => {
    const page = await mountGrid();
    const titleHeader = grid(page).getByRole('columnheader', { name: 'Titel' });
    const numberHeader = grid(page).getByRole('columnheader', { name: 'Nummer' });
    await expect.poll(() => rowAt(page, 0).getAttribute('data-ticket-id')).toBe(gridRow(0).ticket.id);
    // Nearest due (the default) is no column's sort.
    expect(await grid(page).locator('th[aria-sort]').count()).toBe(0);

    await titleHeader.getByRole('button').click();
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('ascending');
    await titleHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('descending');
    await page.keyboard.press('Enter');
    await expect.poll(() => grid(page).locator('th[aria-sort]').count()).toBe(0);
    await numberHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => numberHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await titleHeader.getAttribute('aria-sort')).toBeNull();

    expect((await recorded(page)).events).toEqual([
      { name: 'onSortChange', detail: { key: 'title', direction: 'asc' } },
      { name: 'onSortChange', detail: { key: 'title', direction: 'desc' } },
      { name: 'onSortChange', detail: { key: 'nearest-due', direction: 'asc' } },
      { name: 'onSortChange', detail: { key: 'number', direction: 'asc' } },
    ]);
    // Each new order is read from the main process again.
    await expect.poll(async () => (await listCalls(page)).map((call) => `${call.sort.key} ${call.sort.direction}`)).toEqual([
      'nearest-due asc',
      'title asc',
      'title desc',
      'number asc',
    ]);
    expect(consoleProblems(page)).toEqual([]);
  });

  it('marks a row with a pending edit as pending, and one in conflict as such, in words', async () => {
    const page = await mountGrid();
    const pendingRow = rowAt(page, pendingRowIndex);
    await expect.poll(() => pendingRow.getAttribute('data-pending')).toBe('true');
    await expect.poll(() => pendingRow.locator('.row-flag-pending').innerText()).toBe('ausstehend');
    expect(await rowAt(page, conflictRowIndex).locator('.row-flag-refused').innerText()).toBe('Konflikt');
    expect(await rowAt(page, 0).getAttribute('data-pending')).toBeNull();
    expect(await rowAt(page, 0).locator('.row-flag-pending').count()).toBe(0);
    await screenshot(page, 'ticket-grid-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    const english = await mountGrid('en');
    await expect.poll(() => rowAt(english, pendingRowIndex).locator('.row-flag-pending').innerText()).toBe('pending');
    expect(await grid(english).getByRole('columnheader', { name: 'Title' }).count()).toBe(1);
    await screenshot(english, 'ticket-grid-en');
    expect(await accessibilityViolations(english)).toEqual([]);
  });
});
