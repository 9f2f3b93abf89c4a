import type { Locator, Page } from 'playwright-core';
import { switchLanguage } from './language-switch.js';

export interface ShellNames {
  /** The workspace's navigation (queue tree and views). */
  nav: string;
  logout: string;
  /** The heading of the "signed in as" details behind the agent's name. */
  signedInAs: string;
}

export const germanShell: ShellNames = { nav: 'Queues und Ansichten', logout: 'Abmelden', signedInAs: 'Angemeldet als' };
export const englishShell: ShellNames = { nav: 'Queues and views', logout: 'Sign out', signedInAs: 'Signed in as' };

/** The signed-in shell: the header (agent, language, logout) around the workspace. */
export class ShellPage {
  readonly nav: Locator;
  readonly logout: Locator;
  readonly agentButton: Locator;
  readonly agentDetails: Locator;

  constructor(readonly page: Page, readonly names: ShellNames = germanShell) {
    this.nav = page.getByRole('navigation', { name: names.nav });
    this.logout = page.getByRole('button', { name: names.logout });
    this.agentButton = page.locator('header .agent-button');
    this.agentDetails = page.getByRole('heading', { name: names.signedInAs });
  }

  /** Signed in: the workspace's navigation is there. */
  async waitUntilShown(): Promise<void> {
    await this.nav.waitFor();
  }

  /**
   * Opens the details behind the agent's name by keyboard (focus, Enter) and returns their text:
   * name, user name, DN, roles, rights. Escape closes them again.
   */
  async agentPanelText(): Promise<string> {
    await this.agentButton.focus();
    await this.agentButton.press('Enter');
    await this.agentDetails.waitFor();
    const section = this.page.locator('section').filter({ has: this.agentDetails });
    return section.innerText();
  }

  async closeAgentPanel(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.agentDetails.waitFor({ state: 'detached' });
  }

  switchLanguage(name: 'Deutsch' | 'English'): Promise<void> {
    return switchLanguage(this.page, name);
  }
}
