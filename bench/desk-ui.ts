import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoPassword } from '../src-shared/node/demo-directory.js';
import { launchChromium, type LaunchedChromium } from '../test/harness/chromium.js';
import { startDeskHost, type DeskHost } from './desk-ui/desk-host.js';
import { summariseFrames, type FrameSummary } from './desk-ui/frames.js';
import { longTicketArticles, mailImageHost, mailImages, type LongTicket } from './desk-ui/long-ticket.js';
import { allowTsxFunctions, recordScrolling, timeQueueSwitch, timeSearchKeystroke, timePicturesShown, timeTicketOpen, type FrameRecord } from './desk-ui/page-timing.js';
import { formatMs, percentile } from './support/stats.js';

/** A wide desk screen; Chromium itself is launched as every test launches it (test/harness/chromium.ts). */
const viewport = { width: 1680, height: 1000 };

/** How much of each measurement: enough samples for a p95 without keeping the shared machine busy for long. */
const plan = {
  queueRounds: 3,
  ticketRounds: 5,
  searchRounds: 3,
  scrollMs: 10_000,
  /** About one and a half rows per frame (rows are 30 px): 2,700 px or 90 rows a second, a brisk wheel. */
  scrollStepPx: 45,
  idleMs: 2_000,
};
/** The search field waits this long after the last key before it asks (search-field.tsx). */
export const searchDebounceMs = 120;
/** React Query keeps an answer fresh this long (search/queries.ts): a text typed again sooner is not asked again. */
const searchFreshMs = 10_000;

export interface DeskUiInput {
  url: string;
  ticket: LongTicket;
  /** The queue scrolled through (the largest). */
  scrollQueueId: string;
  /** What is typed into the search field, key by key. */
  searches: readonly string[];
}

/** The Desk main process's event-loop delay over a phase, with the workspace open in the page, and how often the cache changed meanwhile. */
interface LoopFigures {
  p50: number;
  p99: number;
  max: number;
  cacheChanges: number;
  /** The channels and events that took the main thread longest in all, with their calls and slowest call. */
  slowest: string;
}

function loopFigures(reported: unknown): LoopFigures | null {
  if (typeof reported !== 'object' || reported === null) return null;
  const { p50, p99, max, cacheChanges, slowest } = reported as Record<string, unknown>;
  return typeof p50 === 'number' && typeof p99 === 'number' && typeof max === 'number' && typeof cacheChanges === 'number' && typeof slowest === 'string'
    ? { p50, p99, max, cacheChanges, slowest }
    : null;
}

const loopLine = (figures: LoopFigures | null): string =>
  figures === null
    ? 'not measured'
    : `p50 ${formatMs(figures.p50)}, p99 ${formatMs(figures.p99)}, max ${formatMs(figures.max)} (${String(figures.cacheChanges)} cache.changed)\n      main thread longest in: ${figures.slowest}`;

export interface DeskUiRun {
  /** Sign-in → the cache synchronised and its search index complete. */
  readyMs: number;
  indexedTickets: number;
  /** The main process's event-loop delay during the initial sync and while the search index is built, the workspace open (budget p99 ≤ 50 ms). */
  loopDuringSync: LoopFigures | null;
  loopWhileIndexing: LoopFigures | null;
  queueFirst: number[];
  queueAgain: number[];
  idle: FrameSummary;
  scrolling: FrameSummary & Pick<FrameRecord, 'blankFrames' | 'longTasks' | 'distancePx' | 'rows'>;
  ticketFirst: number[];
  ticketAgain: number[];
  articlesShown: number;
  imagesBlocked: number;
  imageRequests: number;
  /** "Show pictures" → the mail's inline pictures painted, once after each reload. */
  picturesShown: number[];
  pictures: { shown: number; decoded: number };
  /** Requests for pictures after the agent asked for them (must stay 0: they come through IPC). */
  pictureRequests: number;
  /** Requests to anywhere but the browser host, during the whole run. */
  foreignRequests: string[];
  keystrokes: { query: string; ms: number[] }[];
}

/**
 * (u) Kontor Desk's screens over a full cache: a Desk with the browser host in its own process
 * (desk-ui/desk-host-process.ts) on an empty folder, the built renderer in headless Chromium;
 * mmueller signs in, and once the cache is synchronised and indexed the page measures queue
 * switches, scrolling, opening the long ticket and as-you-type search (desk-ui/page-timing.ts).
 */
export async function runDeskUi(input: DeskUiInput): Promise<DeskUiRun> {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'kontor-bench-desk-ui-'));
  let host: DeskHost | undefined;
  let browser: LaunchedChromium | undefined;
  try {
    host = await startDeskHost(input.url, userData);
    browser = await launchChromium('kontor-bench-chromium', { viewport });
    await allowTsxFunctions(browser.context);
    const { page } = browser;
    page.setDefaultTimeout(60_000);
    const requests = { images: 0, foreign: [] as string[] };
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.resourceType() === 'image' && url.protocol !== 'data:') requests.images += 1;
      if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') requests.foreign.push(request.url());
    });

    await page.goto(host.url);
    await page.getByLabel('Benutzername', { exact: true }).fill('mmueller');
    await page.getByLabel('Passwort', { exact: true }).fill(demoPassword);
    const signingIn = performance.now();
    await page.getByLabel('Passwort', { exact: true }).press('Enter');
    const synced = await host.waitFor('synced');
    const indexed = await host.waitFor('indexed');
    const readyMs = performance.now() - signingIn;
    await settle(page);

    const queues = await page.locator('nav a[data-queue-id]').evaluateAll((links) => links.map((link) => link.getAttribute('data-queue-id') ?? ''));
    const queueFirst: number[] = [];
    const queueAgain: number[] = [];
    for (let round = 0; round < plan.queueRounds; round += 1) {
      // A reload empties React Query: each queue's first visit reads its windows through IPC again.
      await reload(page);
      for (const samples of [queueFirst, queueAgain]) {
        for (const queueId of queues) {
          // The queue on screen (the one the reload showed) is no switch.
          if ((await page.evaluate(() => window.location.hash)).startsWith(`#/queue/${queueId}`)) continue;
          samples.push(await timeQueueSwitch(page, queueId));
          await settle(page);
        }
      }
    }

    await page.locator(`nav a[data-queue-id="${input.scrollQueueId}"]`).click();
    await settle(page);
    const idle = await recordScrolling(page, plan.idleMs, 0);
    const scrolled = await recordScrolling(page, plan.scrollMs, plan.scrollStepPx);
    await settle(page);

    const imagesBefore = requests.images;
    const ticketFirst: number[] = [];
    const ticketAgain: number[] = [];
    let opened = { articles: 0, imagesBlocked: 0 };
    for (let round = 0; round < plan.ticketRounds; round += 1) {
      await reload(page);
      for (const samples of [ticketFirst, ticketAgain]) {
        const open = await timeTicketOpen(page, input.ticket.ticketId, longTicketArticles);
        samples.push(open.ms);
        opened = open;
        await page.evaluate(() => window.history.back());
        await settle(page);
      }
    }
    const imageRequests = requests.images - imagesBefore;

    const picturesShown: number[] = [];
    let pictures = { shown: 0, decoded: 0 };
    for (let round = 0; round < plan.ticketRounds; round += 1) {
      await reload(page);
      await timeTicketOpen(page, input.ticket.ticketId, longTicketArticles);
      const shown = await timePicturesShown(page, input.ticket.ticketId, mailImages.inline);
      picturesShown.push(shown.ms);
      pictures = { shown: shown.shown, decoded: shown.decoded };
      await page.evaluate(() => window.history.back());
      await settle(page);
    }
    const pictureRequests = requests.images - imagesBefore - imageRequests;

    return {
      readyMs,
      indexedTickets: Number(indexed['tickets']),
      loopDuringSync: loopFigures(synced),
      loopWhileIndexing: loopFigures(indexed['loop']),
      queueFirst,
      queueAgain,
      idle: summariseFrames(idle.intervals),
      scrolling: { ...summariseFrames(scrolled.intervals), blankFrames: scrolled.blankFrames, longTasks: scrolled.longTasks, distancePx: scrolled.distancePx, rows: scrolled.rows },
      ticketFirst,
      ticketAgain,
      articlesShown: opened.articles,
      imagesBlocked: opened.imagesBlocked,
      imageRequests,
      picturesShown,
      pictures,
      pictureRequests,
      foreignRequests: requests.foreign,
      keystrokes: await typeSearches(page, input.searches),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await host?.stop();
    rmSync(userData, { recursive: true, force: true });
  }
}

/** Every query typed key by key, `plan.searchRounds` times; each key timed where it changes what is searched. */
async function typeSearches(page: Page, searches: readonly string[]): Promise<{ query: string; ms: number[] }[]> {
  const field = page.locator('input[data-search-field]');
  const results = searches.map((query) => ({ query, ms: [] as number[] }));
  const lastAsked = new Map<string, number>();
  for (let round = 0; round < plan.searchRounds; round += 1) {
    for (const result of results) {
      const { query } = result;
      // Only answers the renderer has to ask for count: wait until no prefix is still fresh in React Query.
      const asked = Array.from({ length: query.length }, (_, i) => lastAsked.get(query.slice(0, i + 1).trim()) ?? -Infinity);
      const freshUntil = Math.max(...asked) + searchFreshMs + 500;
      if (Number.isFinite(freshUntil) && freshUntil > performance.now()) await page.waitForTimeout(freshUntil - performance.now());
      await field.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await settle(page);
      let previous = '';
      for (let i = 0; i < query.length; i += 1) {
        const typed = query.slice(0, i + 1);
        const key = query.charAt(i);
        // Below two characters nothing is searched; a trailing space searches what was searched already.
        if (typed.trim().length >= 2 && typed.trim() !== previous.trim()) {
          result.ms.push(await timeSearchKeystroke(page, key, typed));
          lastAsked.set(typed.trim(), performance.now());
        } else {
          await page.keyboard.type(key);
        }
        previous = typed;
      }
      await page.keyboard.press('Escape');
    }
  }
  return results;
}

/** Waits until the workspace is at rest: synchronised, the list read, and a moment for effects to run out. */
async function settle(page: Page): Promise<void> {
  await page.locator('[data-sync-state="online"]').waitFor();
  const list = page.locator('table[role="grid"]');
  if ((await list.count()) > 0) await page.locator('table[role="grid"][aria-busy="false"]').waitFor();
  // Not a wait for the app (that is above): room between samples, so that one's trailing work does not land in the next.
  await page.waitForTimeout(250);
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.locator('nav a[data-queue-id]').first().waitFor();
  await settle(page);
}

const summary = (samples: readonly number[]): string => {
  const timedOut = samples.filter((sample) => Number.isNaN(sample)).length;
  const measured = samples.filter((sample) => !Number.isNaN(sample));
  const points = `p50 ${formatMs(percentile(measured, 50))}  p95 ${formatMs(percentile(measured, 95))}  max ${formatMs(measured.length === 0 ? Number.NaN : Math.max(...measured))}`;
  return `${points}   (${String(measured.length)} samples${timedOut > 0 ? `, ${String(timedOut)} timed out after 30 s` : ''})`;
};

const frames = (run: FrameSummary): string =>
  `${run.frames.toLocaleString('en-US')} frames (${run.perSecond.toFixed(1)}/s), ${run.dropped.toLocaleString('en-US')} dropped (${run.frames === 0 ? '–' : ((100 * run.dropped) / run.frames).toFixed(1)} % of intervals > 25 ms), ${run.missed.toLocaleString('en-US')} frames missed in all, longest ${formatMs(run.longestMs)}`;

export function describeDeskUi(run: DeskUiRun): string {
  const s = run.scrolling;
  const longest = s.longTasks.length === 0 ? '–' : formatMs(Math.max(...s.longTasks));
  const allKeys = run.keystrokes.flatMap((query) => query.ms);
  return [
    `  ready: sign-in → ${run.indexedTickets.toLocaleString('en-US')} tickets synchronised and indexed in ${(run.readyMs / 1000).toFixed(1)} s`,
    `  the Desk's event-loop delay with the workspace open (budget p99 ≤ 50 ms):`,
    `    initial sync: ${loopLine(run.loopDuringSync)}`,
    `    search index after it: ${loopLine(run.loopWhileIndexing)}`,
    `  queue switch (click in the tree) → first rows painted:`,
    `    first visit after a reload:            ${summary(run.queueFirst)}`,
    `    again (windows held by React Query):   ${summary(run.queueAgain)}`,
    `  scrolling the largest queue (${s.rows.toLocaleString('en-US')} rows) for ${String(plan.scrollMs / 1000)} s, ${String(plan.scrollStepPx)} px per frame (${Math.round(s.distancePx).toLocaleString('en-US')} px in all):`,
    `    ${frames(s)}`,
    `    frames showing a row not read yet: ${s.blankFrames.toLocaleString('en-US')}; long tasks: ${String(s.longTasks.length)}, longest ${longest}`,
    `    the same list left alone for ${String(plan.idleMs / 1000)} s: ${frames(run.idle)}`,
    `  the ticket with ${String(longTicketArticles)} articles (an HTML mail with ${String(mailImages.remote)} remote and ${String(mailImages.inline)} inline pictures): address → articles painted`,
    `    first open after a reload:             ${summary(run.ticketFirst)}`,
    `    again (view held by React Query):      ${summary(run.ticketAgain)}`,
    `    articles shown ${String(run.articlesShown)}, pictures the zoom says it blocked ${String(run.imagesBlocked)}, image requests while opening it ${String(run.imageRequests)}, requests to ${mailImageHost} or anywhere else but the Desk ${String(run.foreignRequests.length)}`,
    `  "show pictures" on that mail (after a reload) → its ${String(mailImages.inline)} inline pictures decoded and painted: ${summary(run.picturesShown)}`,
    `    pictures shown ${String(run.pictures.shown)}, decoded ${String(run.pictures.decoded)}, image requests meanwhile ${String(run.pictureRequests)} (they come through IPC as data: addresses; the ${String(mailImages.remote)} from the web stay blocked)`,
    `  as-you-type search, key → results painted (each key typed once the previous answer is on screen; includes the field's ${String(searchDebounceMs)} ms debounce):`,
    `    every key:                             ${summary(allKeys)}`,
    ...run.keystrokes.map((query) => `    ${`"${query.query}"`.padEnd(38)} ${summary(query.ms)}`),
  ].join('\n');
}
