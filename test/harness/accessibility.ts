import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core violations of the page as it stands (evaluated through the DevTools protocol, so the
 * CSP stays on), each with the elements it is about and how they begin. A hover tooltip
 * (Mantine's, `role="tooltip"`, portalled to the body and named by its trigger's
 * `aria-describedby`) is not counted as content outside the landmarks (`region`): whether one is
 * open depends on where the mouse last stopped, not on the screen under test.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    interface Node {
      target: unknown[];
      html: string;
    }
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: Node[] }[] }> } }).axe;
    const result = await axe.run();
    // By axe's copy of the element's opening tag: a tooltip closing meanwhile is gone from the document by now.
    const isTooltip = (node: Node): boolean => /^<[^>]*\srole="tooltip"/u.test(node.html);
    const where = (node: Node): string => `${node.target.map(String).join(' ')} ${node.html.slice(0, 160)}`;
    return result.violations
      .map((v) => ({ id: v.id, nodes: v.id === 'region' ? v.nodes.filter((node) => !isTooltip(node)) : v.nodes }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map(where).join(', ')}`);
  });
}
