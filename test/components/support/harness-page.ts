import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Language } from '../../../src-shared/ipc/app.js';
import type { HarnessState, HarnessWindow, RecordedCall, RecordedEvent } from '../harness/harness-api.js';
import { afterAll, beforeAll, vi } from 'vitest';
import { collectPageErrors, launchChromium } from '../../harness/chromium.js';
import { harnessBundle } from './harness-build.js';

// One Chromium and one loopback server per test file; a fresh page per mounted fixture.

const screenshotDir = path.resolve(import.meta.dirname, '../../../out/screenshots');
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** Serves the built bundle read-only on 127.0.0.1 (http, as the page's CSP and module scripts need an origin). */
function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!file.startsWith(root + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface MountOptions {
  language?: Language;
  viewport?: { width: number; height: number };
  /** Called with the fresh page before it loads the harness: install a fake clock here. */
  beforeLoad?: (page: Page) => Promise<void>;
}

export interface ComponentHarness {
  /** A new page with `fixture` mounted, once the harness has rendered it. */
  mount: (fixture: string, options?: MountOptions) => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * The harness for one test file: started before its tests (the first file to need the bundle
 * builds it, some 10 s, more under load; the others wait for it) and closed after them. Waits on
 * the page get 10 s, not the default second: the machine is shared with e2e runs under `npm test`.
 */
export function harnessForThisFile(): Pick<ComponentHarness, 'mount'> {
  vi.setConfig({ expect: { poll: { timeout: 10_000 } } });
  let started: ComponentHarness | null = null;
  beforeAll(async () => {
    started = await startComponentHarness();
  }, 200_000);
  afterAll(async () => {
    await started?.close();
  });
  return {
    mount: (fixture, options) => {
      if (started === null) throw new Error('the component harness is not started: mount inside a test');
      return started.mount(fixture, options);
    },
  };
}

/** Builds (or reuses) the harness bundle, serves it and starts Chromium. */
export async function startComponentHarness(): Promise<ComponentHarness> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const root = await harnessBundle();
    const server = await serve(root);
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    // A bank desk in Germany: due times are shown in Berlin time, whatever the test machine's zone.
    const browser = await launchChromium('kontor-components-chromium', { timezoneId: 'Europe/Berlin', locale: 'de-DE' });
    cleanups.push(() => browser.close());
    const { context } = browser;
    const spare = [browser.page];
    return {
      close,
      mount: async (fixture, options = {}) => {
        const page = spare.pop() ?? (await context.newPage());
        page.setDefaultTimeout(10_000);
        const problems = collectPageErrors(page);
        await page.setViewportSize(options.viewport ?? { width: 1280, height: 800 });
        await options.beforeLoad?.(page);
        await page.goto(`${origin}/index.html#${fixture}?lang=${options.language ?? 'de'}`);
        await page.locator(`main[data-fixture="${fixture}"]`).waitFor();
        pageProblems.set(page, problems);
        return page;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

const pageProblems = new WeakMap<Page, string[]>();

/** Errors the page logged or threw (a CSP refusal shows here): a test expects none. */
export function consoleProblems(page: Page): string[] {
  return pageProblems.get(page) ?? [];
}

type Recorded = Pick<HarnessState, 'fixture' | 'violations'> & { calls: RecordedCall[]; events: RecordedEvent[] };

/** What crossed `window.kontor` and what the component called back, so far. */
export function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => {
    const { harness } = window as unknown as HarnessWindow;
    return { fixture: harness.fixture, calls: harness.calls, events: harness.events, violations: harness.violations };
  });
}

export function setLanguage(page: Page, language: Language): Promise<void> {
  return page.evaluate((next) => (window as unknown as HarnessWindow).harness.setLanguage(next), language);
}

/** The whole page as `out/screenshots/component-<name>.png`, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `component-${name}.png`), fullPage: true });
}

/** axe-core violations of the page (test/harness/accessibility.ts), the same check the e2e tests make. */
export { accessibilityViolations } from '../../harness/accessibility.js';
