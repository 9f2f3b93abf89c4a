import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { harnessNow } from './harness/fixtures/data.js';
import { accessibilityViolations, consoleProblems, harnessForThisFile, screenshot } from './support/harness-page.js';

// The header's sync indicator (features/sync: status-view.ts, sync-indicator.tsx) in real
// Chromium, for the two reasons a Desk stops syncing: Kontor Server out of reach, or the Desk
// unable to store what arrives (SQLITE_FULL on a full disk: sync-engine.test.ts makes that status
// with a real file). Only time is faked, so that "since" is a known moment.

const harness = harnessForThisFile();

async function mount(language: 'de' | 'en'): Promise<Page> {
  return harness.mount('sync-indicator', {
    language,
    beforeLoad: async (page) => {
      await page.clock.install({ time: harnessNow - 1_000 });
      await page.clock.pauseAt(harnessNow);
    },
  });
}

/** The cases of the fixture (harness/fixtures/sync-indicator.tsx). */
type SyncCase = 'server-gone' | 'cache-failed';

async function seen(page: Page, name: SyncCase): Promise<{ state: string | null; label: string; detail: string }> {
  const group = page.locator(`[data-case="${name}"] .sync-indicator`);
  const chip = group.locator('.sync-chip');
  const describedBy = (await chip.getAttribute('aria-describedby')) ?? '';
  return {
    state: await group.getAttribute('data-sync-state'),
    label: (await chip.innerText()).trim(),
    detail: describedBy === '' ? '' : await page.locator(`[id="${describedBy}"]`).innerText(),
  };
}

describe('the sync indicator', { timeout: 60_000 }, () => {
  it('says whether the server is out of reach or the Desk cannot store, in German and English', async () => {
    const page = await mount('de');
    const server = await seen(page, 'server-gone');
    expect(server).toMatchObject({ state: 'offline', label: expect.stringMatching(/^Offline seit \d{2}:\d{2}$/u) as unknown });
    expect(server.detail).toContain('Kontor Server ist nicht erreichbar (connect ECONNREFUSED');
    const cache = await seen(page, 'cache-failed');
    expect(cache).toMatchObject({ state: 'offline', label: expect.stringMatching(/^Speichern gestört seit \d{2}:\d{2}$/u) as unknown });
    expect(cache.detail).toContain('kann die Kopie Ihrer Tickets auf diesem Arbeitsplatz gerade nicht speichern (database or disk is full)');
    expect(cache.detail).toContain('Speicherplatz frei');
    expect(cache.detail).not.toContain('Kontor Server');
    await screenshot(page, 'sync-indicator-de');
    // axe-core waits on timers: the page's clock runs on from here.
    await page.clock.resume();
    expect(await accessibilityViolations(page)).toEqual([]);

    expect(consoleProblems(page)).toEqual([]);

    const english = await mount('en');
    expect((await seen(english, 'cache-failed')).label).toMatch(/^Cannot store since \d{2}:\d{2}$/u);
    expect((await seen(english, 'cache-failed')).detail).toContain('cannot store the copy of your tickets on this workstation right now (database or disk is full)');
    expect((await seen(english, 'server-gone')).label).toMatch(/^Offline since \d{2}:\d{2}$/u);
    await screenshot(english, 'sync-indicator-en');
    expect(consoleProblems(english)).toEqual([]);
  });
});
