import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { harnessNow, type ClockCase } from './harness/fixtures/data.js';
import { accessibilityViolations, consoleProblems, screenshot, setLanguage, harnessForThisFile } from './support/harness-page.js';

// The list's SLA clock badges (features/ticket-list: clock-badge.ts, clock-badge-view.tsx and the
// shared minute clock) in real Chromium. Only time is faked: Playwright's clock replaces Date and
// the timers in the page, paused at the harness's "now" (a full minute), and moves it on.

const harness = harnessForThisFile();

async function mountAtHarnessNow(language: 'de' | 'en' = 'de'): Promise<Page> {
  return harness.mount('clock-badges', {
    language,
    beforeLoad: async (page) => {
      await page.clock.install({ time: harnessNow - 1_000 });
      await page.clock.pauseAt(harnessNow);
    },
  });
}

interface BadgeSeen {
  state: string | null;
  className: string | null;
  short: string;
  spoken: string;
  tooltip: string | null;
  icon: string;
  colour: string;
}

async function badge(page: Page, name: ClockCase): Promise<BadgeSeen> {
  const element = page.locator(`[data-case="${name}"] .clock-badge`);
  return {
    state: await element.getAttribute('data-clock-state'),
    className: await element.getAttribute('class'),
    short: await element.locator('.clock-badge-text').innerText(),
    // Mantine's VisuallyHidden: what a screen reader hears instead of the short text.
    spoken: (await element.locator(':scope > span:not(.clock-badge-text)').textContent()) ?? '',
    tooltip: await element.getAttribute('title'),
    icon: await element.evaluate((node) => node.querySelector('svg')?.innerHTML ?? ''),
    colour: await element.evaluate((node) => getComputedStyle(node).color),
  };
}

const kinds = ['running', 'warning', 'breached', 'paused', 'met', 'missed', 'none'] as const;

describe('clock badges', { timeout: 60_000 }, () => {
  it('tell each state by its own icon, words and colour class, in German', async () => {
    const page = await mountAtHarnessNow();
    const seen = Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await badge(page, kind)] as const))) as Record<(typeof kinds)[number], BadgeSeen>;

    const expected: Record<(typeof kinds)[number], { short: string; spoken: string }> = {
      running: { short: '2:15 Std.', spoken: 'noch 2 Std. 15 Min.' },
      warning: { short: '35 Min.', spoken: 'Warnung, noch 35 Min.' },
      breached: { short: '\u22123:00 Std.', spoken: 'überfällig 3 Std.' },
      paused: { short: 'pausiert', spoken: 'pausiert' },
      met: { short: 'erfüllt', spoken: 'erfüllt' },
      missed: { short: 'verfehlt', spoken: 'verfehlt' },
      none: { short: '–', spoken: 'keine Frist' },
    };
    for (const kind of kinds) {
      expect(seen[kind], kind).toMatchObject({ state: kind, short: expected[kind].short, spoken: expected[kind].spoken });
      expect(seen[kind].className, kind).toContain(`clock-badge-${kind}`);
    }
    // The tooltip names the clock and, for a running clock, its due instant in Berlin time.
    expect(seen.running.tooltip).toBe('Erste Reaktion: noch 2 Std. 15 Min., fällig 11:15');
    expect(seen.breached.tooltip).toBe('Erste Reaktion: überfällig 3 Std., fällig 06:00');
    expect(seen.met.tooltip).toBe('Erste Reaktion: erfüllt');

    // Never colour alone: every state with an icon has its own shape, and the words differ for all seven.
    const withIcon = kinds.filter((kind) => kind !== 'none');
    for (const kind of withIcon) expect(seen[kind].icon, kind).not.toBe('');
    expect(new Set(withIcon.map((kind) => seen[kind].icon)).size).toBe(withIcon.length);
    expect(seen.none.icon).toBe('');
    expect(new Set(kinds.map((kind) => seen[kind].spoken)).size).toBe(kinds.length);
    // The colours do differ where urgency differs: running, warning and overdue are not the same.
    expect(new Set([seen.running.colour, seen.warning.colour, seen.breached.colour]).size).toBe(3);

    expect(consoleProblems(page)).toEqual([]);
    await screenshot(page, 'clock-badges-de');
    await page.clock.resume(); // axe waits on timers of its own
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('say the same in English, also when the language changes on a mounted badge', async () => {
    const page = await mountAtHarnessNow('en');
    expect(await badge(page, 'running')).toMatchObject({ short: '2:15 h', spoken: '2 h 15 min left' });
    expect(await badge(page, 'warning')).toMatchObject({ short: '35 min', spoken: 'warning, 35 min left' });
    expect(await badge(page, 'breached')).toMatchObject({ short: '\u22123:00 h', spoken: 'overdue 3 h', tooltip: 'First response: overdue 3 h, due 06:00' });
    expect(await badge(page, 'paused')).toMatchObject({ short: 'paused', spoken: 'paused' });
    expect(await badge(page, 'met')).toMatchObject({ short: 'met', spoken: 'met' });
    expect(await badge(page, 'missed')).toMatchObject({ short: 'missed', spoken: 'missed' });
    expect(await badge(page, 'none')).toMatchObject({ short: '–', spoken: 'no deadline' });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'clock-badges-en');

    await setLanguage(page, 'de');
    await expect.poll(async () => (await badge(page, 'running')).spoken).toBe('noch 2 Std. 15 Min.');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.clock.resume();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('count time left in working time on the ticket\'s calendar, as the zoom does, in hours', async () => {
    const page = await mountAtHarnessNow();
    // Due in 24 hours on a Monday at 09:00: 9 hours left today, 1 tomorrow from 08:00.
    expect(await badge(page, 'working')).toMatchObject({ state: 'running', short: '10:00 Std.', spoken: 'noch 10 Std. Arbeitszeit' });
    expect((await badge(page, 'working')).tooltip).toMatch(/^Erste Reaktion: noch 10 Std\. Arbeitszeit, fällig /u);
    expect(await badge(page, 'workingDays')).toMatchObject({ state: 'running', short: '30:00 Std.', spoken: 'noch 30 Std. Arbeitszeit' });
  });

  it('recompute at each full minute: running, then warning, then overdue', async () => {
    const page = await mountAtHarnessNow();
    const ticking = async () => {
      const { state, short, spoken } = await badge(page, 'ticking');
      return { state, short, spoken };
    };
    // Due in 3½ minutes, warning from 1½ minutes on.
    expect(await ticking()).toEqual({ state: 'running', short: '3 Min.', spoken: 'noch 3 Min.' });

    // Half a minute passes: the shared clock ticks only at the full minute, so nothing changes yet.
    await page.clock.runFor(30_000);
    expect(await ticking()).toEqual({ state: 'running', short: '3 Min.', spoken: 'noch 3 Min.' });

    const steps = [
      { state: 'running', short: '2 Min.', spoken: 'noch 2 Min.' }, // 09:01
      { state: 'warning', short: '1 Min.', spoken: 'Warnung, noch 1 Min.' }, // 09:02, warned from 09:01:30
      { state: 'warning', short: '< 1 Min.', spoken: 'Warnung, noch < 1 Min.' }, // 09:03
      { state: 'breached', short: '\u2212< 1 Min.', spoken: 'überfällig < 1 Min.' }, // 09:04, due at 09:03:30
      { state: 'breached', short: '\u22121 Min.', spoken: 'überfällig 1 Min.' }, // 09:05
    ];
    for (const [minute, step] of steps.entries()) {
      await page.clock.runFor(minute === 0 ? 30_100 : 60_000);
      await expect.poll(ticking).toEqual(step);
    }
    // Every badge moved with the same tick (50 ms after 09:05, rounded down): the running one too.
    expect((await badge(page, 'running')).spoken).toBe('noch 2 Std. 9 Min.');
    await screenshot(page, 'clock-badges-ticked-de');
    expect(consoleProblems(page)).toEqual([]);
  });
});
