import type { Locator, Page } from 'playwright-core';

export interface ListNames {
  /** The accessible name of the grid starts with this ("Tickets: Meine Tickets"). */
  grid: string;
  institution: string;
}

export const germanList: ListNames = { grid: 'Tickets:', institution: 'Institution' };
export const englishList: ListNames = { grid: 'Tickets:', institution: 'Institution' };

/** A row as the agent reads it: the ticket's id (for following it) and the texts of its cells by column. */
export interface ListRow {
  ticketId: string;
  cells: Record<string, string>;
  selected: boolean;
  pending: boolean;
}

/** The ticket list of the workspace: the grid, its title bar and its filters. */
export class TicketListModel {
  readonly grid: Locator;
  readonly count: Locator;
  readonly filters: Locator;

  constructor(readonly page: Page, readonly names: ListNames = germanList) {
    this.grid = page.getByRole('grid', { name: new RegExp(`^${names.grid}`, 'u') });
    this.count = page.locator('.list-count[data-total]');
    this.filters = page.locator('.list-filters');
  }

  /** The list answered: its total is known and no window is being read. */
  async waitUntilLoaded(): Promise<void> {
    await this.count.waitFor();
    await this.page.locator('table[role="grid"][aria-busy="false"]').waitFor();
  }

  async total(): Promise<number> {
    await this.waitUntilLoaded();
    return Number(await this.count.getAttribute('data-total'));
  }

  /** The rows on screen with their cells, in list order (by `aria-rowindex`). */
  async rows(): Promise<ListRow[]> {
    await this.waitUntilLoaded();
    const rows = await this.grid.locator('tbody tr[data-ticket-id]').evaluateAll((elements) =>
      elements.map((row) => ({
        index: Number(row.getAttribute('aria-rowindex')),
        ticketId: row.getAttribute('data-ticket-id') ?? '',
        selected: row.getAttribute('aria-selected') === 'true',
        pending: row.getAttribute('data-pending') === 'true',
        cells: Object.fromEntries(Array.from(row.querySelectorAll('td')).map((cell) => [cell.getAttribute('data-column') ?? '', (cell as HTMLElement).innerText.trim()])),
      })),
    );
    return rows.sort((a, b) => a.index - b.index).map(({ index: _index, ...row }) => row);
  }

  /**
   * Per row on screen (in list order), the earliest due instant among its running clocks as
   * the badges carry it, in milliseconds; null for a row without a running clock.
   */
  async nearestDue(): Promise<(number | null)[]> {
    await this.waitUntilLoaded();
    const rows = await this.grid.locator('tbody tr[data-ticket-id]').evaluateAll((elements) =>
      elements.map((row) => ({
        index: Number(row.getAttribute('aria-rowindex')),
        dues: Array.from(row.querySelectorAll('[data-due]')).map((badge) => Date.parse(badge.getAttribute('data-due') ?? '')),
      })),
    );
    return rows.sort((a, b) => a.index - b.index).map(({ dues }) => (dues.length === 0 ? null : Math.min(...dues)));
  }

  /** Every clock badge on screen: its kind, due instant (where running) and the words shown and spoken. */
  async clockBadges(): Promise<{ kind: string; due: number | null; shown: string; spoken: string }[]> {
    return this.grid.locator('tbody tr[data-ticket-id] [data-clock-state]').evaluateAll((badges) =>
      badges.map((badge) => ({
        kind: badge.getAttribute('data-clock-state') ?? '',
        due: badge.hasAttribute('data-due') ? Date.parse(badge.getAttribute('data-due') ?? '') : null,
        shown: badge.querySelector<HTMLElement>('.clock-badge-text')?.innerText ?? '',
        spoken: badge.textContent.replace(badge.querySelector<HTMLElement>('.clock-badge-text')?.innerText ?? '', '').trim(),
      })),
    );
  }

  /** The kinds of clock badges shown in a column (`running`, `warning`, `breached`, `paused`, …). */
  async clockStates(column: 'first-response-due' | 'update-due' | 'solution-due'): Promise<string[]> {
    return this.grid.locator(`tbody tr[data-ticket-id] td[data-column="${column}"] [data-clock-state]`).evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-clock-state') ?? ''));
  }

  /** The list's scroll offset in pixels. */
  scrollTop(): Promise<number> {
    return this.page.locator('.list-scroll').evaluate((element) => element.scrollTop);
  }

  /** Scrolls the list by `pixels` (as the wheel would) and waits until the rows there are read. */
  async scrollBy(pixels: number): Promise<void> {
    await this.page.locator('.list-scroll').evaluate((element, by) => element.scrollBy(0, by), pixels);
    await this.page.waitForFunction(() => document.querySelector('.list-row-loading') === null);
    await this.waitUntilLoaded();
  }

  /** Clicks a column's header (as a mouse user sorts); resolves once the list answered in the new order. */
  async sortBy(column: string): Promise<void> {
    const before = await this.page.evaluate(() => window.location.hash);
    await this.grid.getByRole('columnheader', { name: column, exact: true }).getByRole('button').click();
    await this.page.waitForFunction((hash) => window.location.hash !== hash, before);
    await this.waitUntilLoaded();
  }

  /** The column sorted by and its direction, as the header tells assistive technology. */
  async sortedColumn(): Promise<{ column: string; sort: string } | null> {
    const header = this.grid.locator('th[aria-sort]');
    if ((await header.count()) === 0) return null;
    return { column: (await header.innerText()).trim(), sort: (await header.getAttribute('aria-sort')) ?? '' };
  }

  /** Chooses `option` in the multi-select filter `label` by keyboard: type, arrow down, Enter. */
  async chooseFilter(label: string, option: string): Promise<void> {
    const before = await this.page.evaluate(() => window.location.hash);
    const field = this.filters.getByLabel(label, { exact: true });
    await field.click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
    await this.page.keyboard.press('Escape');
    await this.page.waitForFunction((hash) => window.location.hash !== hash, before);
    await this.waitUntilLoaded();
  }

  /** Types into the institution filter and returns the institutions it offers. */
  async institutionOptions(query: string): Promise<string[]> {
    const field = this.filters.getByLabel(this.names.institution, { exact: true });
    await field.fill('');
    await field.fill(query);
    // The offer follows the search's answer, which the field names once it is in.
    await this.page.waitForFunction((typed) => Array.from(document.querySelectorAll('[data-answered-for]')).some((field) => field.getAttribute('data-answered-for') === typed), query.trim());
    const listbox = this.page.getByRole('listbox');
    // An empty offer shows no list box at all.
    if ((await listbox.count()) === 0) return [];
    return listbox.getByRole('option').allInnerTexts();
  }

  /** Gives the list the focus by keyboard ("g" then "l"). */
  async focusByKeyboard(): Promise<void> {
    await this.page.keyboard.press('g');
    await this.page.keyboard.press('l');
    await this.page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'grid');
  }

  async selectedRow(): Promise<ListRow | undefined> {
    return (await this.rows()).find((row) => row.selected);
  }
}
