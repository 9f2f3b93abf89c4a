import type { Locator, Page } from 'playwright-core';
import { switchLanguage } from './language-switch.js';

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

  switchLanguage(name: 'Deutsch' | 'English'): Promise<void> {
    return switchLanguage(this.page, name);
  }
}
