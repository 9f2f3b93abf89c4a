import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium as every test and benchmark starts it: headless, nothing fetched or synced behind the page's back. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LaunchedChromium {
  context: BrowserContext;
  /** The window Chromium opened with. */
  page: Page;
  /** Closes Chromium and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Chromium on a fresh profile folder in the OS temp folder (named after `name`), with
 * playwright-core's options beside the shared ones (viewport, time zone, locale).
 */
export async function launchChromium(name: string, options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<LaunchedChromium> {
  const profile = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs, ...options });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        try {
          await context.close();
        } finally {
          rmSync(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** Collects what the page logs as an error or throws, for a test that expects none. */
export function collectPageErrors(page: Page, into: string[] = []): string[] {
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(message.text());
  });
  page.on('pageerror', (error) => into.push(error.message));
  return into;
}
