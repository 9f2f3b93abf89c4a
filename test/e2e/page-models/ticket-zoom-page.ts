import type { Locator, Page } from 'playwright-core';

export type ClockName = 'firstResponse' | 'update' | 'solution';

/** The ticket zoom at `#/ticket/<id>`, found by what an agent reads (German unless told). */
export class TicketZoomPage {
  readonly zoom: Locator;
  readonly title: Locator;
  readonly number: Locator;
  readonly articles: Locator;
  readonly clocks: Locator;
  readonly editStates: Locator;

  constructor(readonly page: Page) {
    this.zoom = page.locator('section.ticket-zoom[data-ticket-id]');
    this.title = this.zoom.locator('.ticket-title');
    this.number = this.zoom.locator('.ticket-number');
    this.articles = this.zoom.locator('article.ticket-article');
    this.clocks = this.zoom.locator('.sla-clock');
    this.editStates = this.zoom.locator('.edit-states');
  }

  /**
   * Opens the ticket by its address, as the Desk's links do: a new history entry that keeps the
   * entry's state (the browser host's token), so that a reload afterwards still reconnects.
   */
  async open(ticketId: string): Promise<void> {
    await this.page.evaluate((id) => {
      const oldURL = window.location.href;
      window.history.pushState(window.history.state, '', `#/ticket/${id}`);
      window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: window.location.href }));
    }, ticketId);
    await this.waitFor(ticketId);
  }

  async waitFor(ticketId: string): Promise<void> {
    await this.page.locator(`section.ticket-zoom[data-ticket-id="${ticketId}"]`).waitFor();
  }

  /** A header fact by its key (`state`, `queue`, `owner`, …): what the agent reads next to its label. */
  fact(key: string): Locator {
    return this.zoom.locator(`.ticket-fact[data-fact="${key}"] dd`);
  }

  clock(name: ClockName): Locator {
    return this.zoom.locator(`.sla-clock[data-clock="${name}"]`);
  }

  clockState(name: ClockName): Promise<string | null> {
    return this.clock(name).getAttribute('data-state');
  }

  tab(name: string | RegExp): Locator {
    return this.zoom.getByRole('tab', { name });
  }

  /** The history tab's rows as the agent reads them (when, who, what). */
  async historyRows(): Promise<string[][]> {
    const rows = this.zoom.locator('.ticket-history tbody tr');
    await rows.first().waitFor();
    const texts: string[][] = [];
    for (const row of await rows.all()) texts.push((await row.locator('td').allInnerTexts()).map((text) => text.trim()));
    return texts;
  }

  /** The rendered body of the article with this subject. */
  articleBySubject(subject: string): Locator {
    return this.articles.filter({ has: this.page.getByRole('heading', { name: subject, exact: true }) });
  }
}
