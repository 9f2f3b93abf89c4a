import type { Locator, Page } from 'playwright-core';
import { switchLanguage } from './language-switch.js';

/** The login screen, found by the names a user reads (German unless switched). */
export class LoginPage {
  readonly heading: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page, names = { heading: 'Anmeldung', username: 'Benutzername', password: 'Passwort', submit: 'Anmelden' }) {
    this.heading = page.getByRole('heading', { name: names.heading });
    this.username = page.getByLabel(names.username, { exact: true });
    this.password = page.getByLabel(names.password, { exact: true });
    this.submit = page.getByRole('button', { name: names.submit });
    this.error = page.getByRole('alert');
  }

  async waitUntilShown(): Promise<void> {
    await this.heading.waitFor();
  }

  /** Types and submits with Enter, as agents do. */
  async logIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.password.press('Enter');
  }

  /** The reason of the error shown (language-independent), after it appeared. */
  async errorReason(): Promise<string | null> {
    const alert = this.page.locator('[role="alert"][data-reason]');
    await alert.waitFor();
    return alert.getAttribute('data-reason');
  }

  /** The error as the agent reads it (title and message), after it appeared. */
  async errorMessage(): Promise<string> {
    const alert = this.page.locator('[role="alert"][data-reason]');
    await alert.waitFor();
    return alert.innerText();
  }

  /** By keyboard, as on the signed-in shell; resolves once the page speaks the chosen language. */
  switchLanguage(name: 'Deutsch' | 'English'): Promise<void> {
    return switchLanguage(this.page, name);
  }
}
