import type { FileChooser, Locator, Page } from 'playwright-core';
import type { KontorServer } from '../../../src-server/app.js';
import type { SqlValue } from '../../../src-server/db/database.js';

export type ActionForm = 'note' | 'pending' | 'close' | 'move' | 'owner' | 'priority' | 'merge' | 'link' | 'time';

/** The editor in the ticket zoom: its action bar, the reasons for what is not offered, one form at a time (German unless told). */
export class TicketActionsPage {
  readonly bar: Locator;
  readonly reasons: Locator;
  readonly announcement: Locator;
  private readonly chooserWaiters: ((chooser: FileChooser) => void)[] = [];

  constructor(
    readonly page: Page,
    barName = 'Aktionen',
  ) {
    this.bar = page.getByRole('toolbar', { name: barName });
    this.reasons = page.locator('.action-reasons li');
    this.announcement = page.locator('.action-announce');
    // Listening from the start: Chromium intercepts file dialogs only once a listener exists, and
    // turning that on races with a key pressed right after it.
    page.on('filechooser', (chooser) => this.chooserWaiters.shift()?.(chooser));
  }

  /** An action's button by its visible name ("Interne Notiz", "Sperren"). */
  action(name: string): Locator {
    return this.bar.getByRole('button', { name, exact: true });
  }

  /** Whether the action is offered: an unavailable one stays focusable but says `aria-disabled`. */
  async offered(name: string): Promise<boolean> {
    return (await this.action(name).getAttribute('aria-disabled')) !== 'true';
  }

  /** The reason shown for an action that is not offered, as the agent reads it (the text its button is described by). */
  async reasonFor(name: string): Promise<string> {
    const id = await this.action(name).getAttribute('aria-describedby');
    if (id === null) throw new Error(`"${name}" is offered: it has no reason`);
    return (await this.page.locator(`[id="${id}"]`).innerText()).trim();
  }

  form(kind: ActionForm): Locator {
    return this.page.locator(`form[data-action-form="${kind}"]`);
  }

  /** Presses `key` with the focus on the ticket screen (not in a field), as an agent reading the ticket would. */
  async press(key: string): Promise<void> {
    await this.page.locator('.ticket-screen').focus();
    await this.page.keyboard.press(key);
  }

  /** Chooses files through the file dialog the focused button opens with Enter (keyboard only). */
  async chooseFilesWithEnter(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    const chooser = new Promise<FileChooser>((resolve) => this.chooserWaiters.push(resolve));
    await this.page.keyboard.press('Enter');
    await (await chooser).setFiles(files);
  }
}

/** Rows of Kontor Server's own database: what the server really holds after an edit. */
export async function serverRows<R extends Record<string, unknown>>(server: KontorServer, sql: string, params: readonly SqlValue[]): Promise<R[]> {
  const result = await server.db.query<R>(sql, params);
  return result.rows;
}
