import type { Locator, Page } from 'playwright-core';

export interface PhoneTicketNames {
  heading: string;
  newButton: string;
  callerField: string;
  internal: string;
  title: string;
  queue: string;
  priority: string;
  type: string;
  notes: string;
  submit: string;
  addCall: string;
  discard: string;
  discardConfirm: string;
  chooseFiles: string;
}

export const germanPhoneTicket: PhoneTicketNames = {
  heading: 'Neues Telefonticket',
  newButton: 'Neues Telefonticket',
  callerField: 'Anrufer suchen',
  internal: 'Internes Ticket (ohne Kunde)',
  title: 'Titel',
  queue: 'Queue',
  priority: 'Priorität',
  type: 'Typ',
  notes: 'Gesprächsnotiz',
  submit: 'Ticket anlegen',
  addCall: 'Anruf zu diesem Ticket hinzufügen',
  discard: 'Verwerfen',
  discardConfirm: 'Verwerfen',
  chooseFiles: 'Dateien wählen …',
};

export const englishPhoneTicket: PhoneTicketNames = {
  heading: 'New phone ticket',
  newButton: 'New phone ticket',
  callerField: 'Find the caller',
  internal: 'Internal ticket (no customer)',
  title: 'Title',
  queue: 'Queue',
  priority: 'Priority',
  type: 'Type',
  notes: 'Call notes',
  submit: 'Create ticket',
  addCall: 'Add the call to this ticket',
  discard: 'Discard',
  discardConfirm: 'Discard',
  chooseFiles: 'Choose files …',
};

/** The phone ticket form (`#/new/phone`), driven by keyboard as a first-level agent does, found by the names on screen. */
export class PhoneTicketPage {
  readonly screen: Locator;
  readonly heading: Locator;
  readonly newButton: Locator;
  readonly callerField: Locator;
  readonly callerStatus: Locator;
  readonly callerCard: Locator;
  readonly internal: Locator;
  readonly title: Locator;
  readonly queue: Locator;
  readonly priority: Locator;
  readonly type: Locator;
  readonly notes: Locator;
  readonly submit: Locator;
  readonly chooseFiles: Locator;
  readonly openTickets: Locator;
  readonly duplicates: Locator;
  readonly draftStatus: Locator;
  readonly discard: Locator;
  readonly discardDialog: Locator;
  readonly created: Locator;

  constructor(readonly page: Page, readonly names: PhoneTicketNames = germanPhoneTicket) {
    this.screen = page.locator('[data-phone-ticket]');
    this.heading = page.getByRole('heading', { name: names.heading, level: 2 });
    this.newButton = page.getByRole('link', { name: names.newButton });
    this.callerField = page.getByRole('combobox', { name: names.callerField });
    this.callerStatus = this.screen.locator('.phone-caller-status');
    this.callerCard = this.screen.locator('[data-caller-choice]');
    this.internal = this.screen.getByRole('button', { name: names.internal });
    this.title = this.screen.getByRole('textbox', { name: names.title });
    this.queue = this.screen.locator('input[data-field="queue"]');
    this.priority = this.screen.locator('input[data-field="priority"]');
    this.type = this.screen.locator('input[data-field="type"]');
    this.notes = this.screen.getByRole('textbox', { name: names.notes });
    this.submit = this.screen.getByRole('button', { name: names.submit });
    this.chooseFiles = this.screen.getByRole('button', { name: names.chooseFiles });
    this.openTickets = this.screen.locator('[data-institution-tickets]');
    this.duplicates = this.screen.locator('[data-duplicate]');
    this.draftStatus = this.screen.locator('[data-draft-status]');
    this.discard = this.screen.getByRole('button', { name: names.discard });
    this.discardDialog = page.getByRole('dialog');
    this.created = page.locator('[data-created-ticket]');
  }

  /** `n` from outside any field, as the agent presses it anywhere in the workspace. */
  async openByKey(): Promise<void> {
    await this.page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    await this.page.keyboard.press('n');
    await this.heading.waitFor();
    await this.screen.locator('[data-draft-status]:not([data-draft-status="loading"])').waitFor();
  }

  /** `n`, and a draft left by an earlier step thrown away, so that the form starts empty. */
  async openEmpty(): Promise<void> {
    await this.openByKey();
    if ((await this.screen.locator('[data-draft-status="restored"]').count()) > 0) await this.discardAll();
  }

  /** "Verwerfen", confirmed in the dialog; waits for the empty form. */
  async discardAll(): Promise<void> {
    await this.discard.click();
    await this.discardDialog.getByRole('button', { name: this.names.discardConfirm }).click();
    await this.discardDialog.waitFor({ state: 'detached' });
    await this.callerField.waitFor();
  }

  /** Presses Tab (at most `max` times) until `target` has the focus: keyboard only, without counting stops. */
  async tabTo(target: Locator, max = 25): Promise<void> {
    for (let step = 0; step < max; step += 1) {
      if (await target.evaluate((element) => element === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Tab did not reach ${target.toString()}`);
  }

  /** Types into the caller field (focused) and waits until the answer for exactly this text is shown. */
  async searchCaller(text: string): Promise<void> {
    await this.callerField.focus();
    await this.page.keyboard.type(text);
    await this.screen.locator('.phone-caller-status[data-caller-settled="true"]').waitFor();
  }

  /** The matches offered, as their option texts. */
  callerOptions(): Locator {
    return this.page.getByRole('listbox').getByRole('option');
  }

  /** Moves down the list with the arrow keys to the match with `name` and takes it with Enter. */
  async pickCaller(name: string): Promise<void> {
    const texts = await this.callerOptions().allInnerTexts();
    const index = texts.findIndex((text) => text.includes(name));
    if (index === -1) throw new Error(`no caller "${name}" among ${JSON.stringify(texts)}`);
    for (let step = 0; step <= index; step += 1) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
    await this.callerCard.waitFor();
  }

  /** Chooses a queue by keyboard: Tab to the field, type part of its name, take the first match. */
  async chooseQueue(name: string): Promise<void> {
    await this.tabTo(this.queue);
    await this.page.keyboard.type(name);
    const option = this.page.getByRole('option', { name, exact: true });
    await option.waitFor();
    await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction((wanted) => document.querySelector<HTMLInputElement>('input[data-field="queue"]')?.value === wanted, name);
  }

  /** The queues the form offers (opened by keyboard, closed again with Escape). */
  async offeredQueues(): Promise<string[]> {
    await this.queue.focus();
    await this.page.keyboard.press('ArrowDown');
    const options = this.page.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    const names = await options.allInnerTexts();
    await this.page.keyboard.press('Escape');
    return names.map((name) => name.trim());
  }

  /** The open tickets shown beside the form, as "number title" per ticket id. */
  openTicketIds(): Promise<string[]> {
    return this.openTickets.locator('[data-open-ticket]').evaluateAll((links) => links.map((link) => link.getAttribute('data-open-ticket') ?? ''));
  }

  /** The ticket id in the address once a ticket screen is shown. */
  async ticketIdInAddress(): Promise<string> {
    await this.page.waitForFunction(() => /^#\/ticket\/[0-9a-f-]{36}$/u.test(window.location.hash));
    return new URL(this.page.url()).hash.replace('#/ticket/', '');
  }
}
