import type { Locator, Page } from 'playwright-core';

/** The signed-in shell: who is signed in, the customer look-up, logout. */
export class ShellPage {
  readonly signedInHeading: Locator;
  readonly logout: Locator;
  readonly customerSearch: Locator;
  readonly customerResults: Locator;
  readonly searchStatus: Locator;

  constructor(readonly page: Page, names = { signedInAs: 'Angemeldet als', logout: 'Abmelden', search: 'Kunden suchen', results: 'Treffer der Kundensuche' }) {
    this.signedInHeading = page.getByRole('heading', { name: names.signedInAs });
    this.logout = page.getByRole('button', { name: names.logout });
    this.customerSearch = page.getByLabel(names.search);
    this.customerResults = page.getByRole('table', { name: names.results });
    this.searchStatus = page.getByRole('status');
  }

  async waitUntilShown(): Promise<void> {
    await this.signedInHeading.waitFor();
  }

  async searchCustomers(query: string): Promise<string[]> {
    await this.customerSearch.fill('');
    await this.customerSearch.fill(query);
    // The status line names the count (or "no matches") only once the answer for this query is in.
    await this.searchStatus.filter({ hasText: /Treffer/u }).first().waitFor();
    if ((await this.customerResults.count()) === 0) return [];
    await this.page.locator('table[aria-busy="false"]').waitFor();
    return this.customerResults.locator('tbody tr').allInnerTexts();
  }

  async switchLanguage(name: 'Deutsch' | 'English'): Promise<void> {
    // By keyboard, as the switch is meant to be used: focus the language's radio, Space selects it.
    const radio = this.page.getByRole('radio', { name });
    await radio.focus();
    await radio.press('Space');
  }
}
