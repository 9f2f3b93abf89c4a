import type { Page } from 'playwright-core';

/**
 * The DE/EN switch in the header of every screen, used by keyboard as it is meant to be:
 * focus the language's radio, Space selects it; done when the page says its new language.
 */
export async function switchLanguage(page: Page, name: 'Deutsch' | 'English'): Promise<void> {
  const radio = page.getByRole('radio', { name });
  await radio.focus();
  await radio.press('Space');
  await page.locator(`html[lang="${name === 'English' ? 'en' : 'de'}"]`).waitFor();
}
