import type { Locator, Page } from 'playwright-core';

/** The customer portal as a customer reads it, in German (its default), found by visible names. */
export class PortalPage {
  constructor(readonly page: Page) {}

  get alert(): Locator {
    return this.page.locator('[role="alert"][data-reason]');
  }

  /** Types user name and password and submits with Enter. */
  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await this.page.getByLabel('Benutzername', { exact: true }).fill(username);
    await this.page.getByLabel('Passwort', { exact: true }).fill(password);
    await this.page.getByLabel('Passwort', { exact: true }).press('Enter');
  }

  /** Resolves once the header names who is signed in. */
  async waitSignedInAs(text: string): Promise<void> {
    await this.page.getByText(text, { exact: true }).waitFor();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Abmelden' }).click();
    await this.page.getByRole('heading', { name: 'Anmelden' }).waitFor();
  }

  /** Picks a filter of the list (Offen, Geschlossen, Meine, Alle) and waits for the list to settle. */
  async showFilter(label: 'Offen' | 'Geschlossen' | 'Meine' | 'Alle'): Promise<void> {
    await this.page.getByText(label, { exact: true }).click();
    await this.page.waitForURL((url) => url.search.includes(`filter=`));
    await this.settled();
  }

  /** The titles of the tickets the list shows. */
  async listedTitles(): Promise<string[]> {
    await this.settled();
    return this.page.locator('tr[data-ticket-number] a').allInnerTexts();
  }

  async openTicket(title: string): Promise<void> {
    await this.page.getByRole('link', { name: title }).click();
    await this.page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await this.settled();
  }

  /** Nothing loading or sending: the status line says so. */
  async settled(): Promise<void> {
    await this.page.locator('p[role="status"][data-busy="false"]').waitFor();
  }

  async createTicket(fields: { title: string; body: string; type?: string }): Promise<void> {
    await this.page.getByRole('link', { name: 'Neue Anfrage' }).click();
    await this.page.getByRole('heading', { name: 'Neue Anfrage' }).waitFor();
    if (fields.type !== undefined) await this.page.getByLabel('Art der Anfrage').selectOption({ label: fields.type });
    await this.page.getByLabel('Betreff').fill(fields.title);
    await this.page.getByLabel('Beschreibung').fill(fields.body);
    await this.page.getByRole('button', { name: 'Anfrage senden' }).click();
    await this.page.getByRole('heading', { name: fields.title, level: 1 }).waitFor();
    await this.settled();
  }
}
