import type { Locator, Page } from 'playwright-core';

/** The header's search field and its listbox of matches (German unless told). */
export class SearchFieldModel {
  readonly input: Locator;
  readonly listbox: Locator;
  readonly dropdown: Locator;

  constructor(readonly page: Page, names = { results: 'Suchergebnisse' }) {
    this.input = page.locator('input[data-search-field]');
    this.listbox = page.getByRole('listbox', { name: names.results });
    this.dropdown = page.locator('.search-dropdown');
  }

  /** The options of one group of the listbox, by the group's name, as the agent reads them. */
  group(name: string): Locator {
    return this.listbox.getByRole('group', { name });
  }

  /** Types like an agent, key by key, into the focused field. */
  async type(text: string): Promise<void> {
    await this.input.pressSequentially(text, { delay: 40 });
  }

  /** Waits until the answer for what is typed is in (what a screen reader hears says so). */
  async settled(): Promise<void> {
    await this.page.locator('[data-search-settled="true"]').waitFor();
  }

  async optionTexts(group: string): Promise<string[]> {
    return (await this.group(group).getByRole('option').allInnerTexts()).map((text) => text.replace(/\s+/gu, ' ').trim());
  }

  /** The option that is highlighted (`aria-activedescendant` of the field). */
  async activeOptionText(): Promise<string | null> {
    const id = await this.input.getAttribute('aria-activedescendant');
    if (id === null) return null;
    return (await this.page.locator(`[id="${id}"]`).innerText()).replace(/\s+/gu, ' ').trim();
  }
}
