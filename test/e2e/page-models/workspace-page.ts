import type { Locator, Page } from 'playwright-core';
import { germanList, TicketListModel, type ListNames } from './ticket-list.js';

export interface QueueCountsSeen {
  /** The queue's full name (`Wertpapiere::Abwicklung`). */
  name: string;
  queueId: string;
  total: number;
  new: number;
  escalated: number;
  mine: number;
  /** What a screen reader hears for the link. */
  spoken: string;
}

export interface WorkspaceNames {
  nav: string;
  keyboardMap: string;
  list: ListNames;
}

export const germanWorkspace: WorkspaceNames = { nav: 'Queues und Ansichten', keyboardMap: 'Tastenkürzel', list: germanList };

/** The workspace: queue tree and views, the recent tickets, the list or a ticket, the keyboard map. */
export class WorkspacePage {
  readonly nav: Locator;
  readonly list: TicketListModel;
  readonly keyboardMap: Locator;
  readonly ticketScreen: Locator;

  constructor(readonly page: Page, readonly names: WorkspaceNames = germanWorkspace) {
    this.nav = page.getByRole('navigation', { name: names.nav });
    this.list = new TicketListModel(page, names.list);
    this.keyboardMap = page.getByRole('dialog', { name: names.keyboardMap });
    this.ticketScreen = page.locator('[data-ticket-screen]');
  }

  /** The screen's address: the path in the fragment, with its query. */
  route(): string {
    const hash = new URL(this.page.url()).hash;
    return hash.replace(/^#/u, '');
  }

  /** Waits until the address is `route` (after a navigation the agent caused). */
  async waitForRoute(route: string | RegExp): Promise<void> {
    await this.page.waitForFunction(
      ({ source, flags, exact }) => {
        const current = window.location.hash.replace(/^#/u, '');
        return exact === null ? new RegExp(source, flags).test(current) : current === exact;
      },
      typeof route === 'string' ? { source: '', flags: '', exact: route } : { source: route.source, flags: route.flags, exact: null },
    );
  }

  /** Every queue link of the tree with its counts, once the overview answered. */
  async queues(): Promise<QueueCountsSeen[]> {
    await this.nav.locator('a[data-queue-id]').first().waitFor();
    return this.nav.locator('a[data-queue-id]').evaluateAll((links) =>
      links.map((link) => {
        const count = (name: string): number => Number(link.querySelector(`[data-count="${name}"]`)?.textContent.replace(/\D/gu, '') ?? NaN);
        return {
          name: link.getAttribute('data-queue-name') ?? '',
          queueId: link.getAttribute('data-queue-id') ?? '',
          total: count('total'),
          new: count('new'),
          escalated: count('escalated'),
          mine: count('mine'),
          spoken: (link as HTMLElement).innerText,
        };
      }),
    );
  }

  /** The link of a queue by its full name. */
  queueLink(name: string): Locator {
    return this.nav.locator(`a[data-queue-name="${name}"]`);
  }

  /** The link of one of the agent's views (`mine`, `my-locked`, `escalated`, `reminders-due`). */
  viewLink(view: string): Locator {
    return this.nav.locator(`a[data-view="${view}"]`);
  }

  /** The ticket screen that shows, once it shows `ticketId`. */
  async waitForTicket(ticketId: string): Promise<void> {
    await this.page.locator(`[data-ticket-screen="${ticketId}"]`).waitFor();
  }

  /** "g" then "q": the focus goes to the queue tree's current entry. */
  async focusQueuesByKeyboard(): Promise<void> {
    await this.page.keyboard.press('g');
    await this.page.keyboard.press('q');
    await this.page.waitForFunction(() => document.activeElement?.closest('[data-queue-nav]') != null);
  }

  /** The element that has the focus, described for assertions. */
  focused(): Promise<{ tag: string; role: string | null; text: string; outline: string }> {
    return this.page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const style = element ? getComputedStyle(element) : null;
      return { tag: element?.tagName ?? '', role: element?.getAttribute('role') ?? null, text: element?.innerText.slice(0, 80) ?? '', outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '' };
    });
  }
}
