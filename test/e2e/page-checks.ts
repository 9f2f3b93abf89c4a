import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir } from './kontor-fixture.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The whole page as `out/screenshots/<name>.png`, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * axe-core violations of the page as it stands (evaluated through the DevTools protocol, so the
 * CSP stays on). A hover tooltip (Mantine's, `role="tooltip"`, portalled to the body and named by
 * its trigger's `aria-describedby`) is not counted as content outside the landmarks (`region`):
 * whether one is open depends on where the mouse last stopped, not on the screen under test.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const ids = await page.evaluate(async () => {
    interface Node {
      target: unknown[];
      html: string;
    }
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: Node[] }[] }> } }).axe;
    const result = await axe.run();
    const isTooltip = (node: Node): boolean => node.target.length === 1 && document.querySelector(String(node.target[0]))?.getAttribute('role') === 'tooltip';
    // Which elements, and how they begin, so that a failure says where to look.
    const where = (node: Node): string => `${node.target.map(String).join(' ')} ${node.html.slice(0, 160)}`;
    return result.violations
      .map((v) => ({ id: v.id, nodes: v.id === 'region' ? v.nodes.filter((node) => !isTooltip(node)) : v.nodes }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map(where).join(', ')}`);
  });
  return ids;
}

/**
 * Console errors a test should not see. Chromium reports the style attributes of an e-mail while
 * DOMPurify parses it into its inert document (the ticket zoom, docs/decisions/article-html.md):
 * nothing is applied there, so those reports are left out; everything else counts.
 */
export function unexpectedConsoleErrors(errors: readonly string[]): string[] {
  const sanitiserParse = /^(Executing inline event handler|Applying inline style) violates the following Content Security Policy directive/u;
  return errors.filter((error) => !sanitiserParse.test(error));
}
