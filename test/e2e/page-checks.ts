import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir } from './kontor-fixture.js';

/** The whole page as `out/screenshots/<name>.png`, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** axe-core violations of the page (test/harness/accessibility.ts), for the e2e files that import the page checks from here. */
export { accessibilityViolations } from '../harness/accessibility.js';

/**
 * Console errors a test should not see. Chromium reports the style attributes of an e-mail while
 * DOMPurify parses it into its inert document (the ticket zoom, docs/decisions/article-html.md):
 * nothing is applied there, so those reports are left out; everything else counts.
 */
export function unexpectedConsoleErrors(errors: readonly string[]): string[] {
  const sanitiserParse = /^(Executing inline event handler|Applying inline style) violates the following Content Security Policy directive/u;
  return errors.filter((error) => !sanitiserParse.test(error));
}
