/**
 * What (u) measures inside the page: each timer starts at the agent's input as the page sees it
 * (the click, the key, the address set) and stops once what the agent waits for is in the DOM
 * and a frame with it has been painted (two animation frames later: the second begins after
 * the first was drawn). The functions handed to `page.evaluate` run in Chromium, not in Node.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** A measurement that has not ended after this long counts as NaN (a timed-out sample), so that the run goes on. */
const limitMs = 30_000;

declare global {
  interface Window {
    /** The pending measurement of (u), armed before the input that starts it. */
    kontorBenchUi?: Promise<number>;
  }
}

/**
 * tsx (esbuild with keepNames) wraps functions declared inside a function in `__name(…)`; the
 * functions handed to the page carry those calls along, so the page gets a `__name` that does nothing.
 */
export async function allowTsxFunctions(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
}

/** The agent's input, then the milliseconds the measurement armed in the page (`window.kontorBenchUi`) took. */
async function timed(page: Page, input: () => Promise<void>): Promise<number> {
  await input();
  const ms = await page.evaluate(() => window.kontorBenchUi ?? Promise.resolve(Number.NaN));
  return ms;
}

/** Click on a queue of the tree → the new list's first rows painted. */
export async function timeQueueSwitch(page: Page, queueId: string): Promise<number> {
  await page.evaluate(({ id, limit }) => {
    const oldGrid = document.querySelector('table[role="grid"]');
    const clicked: { at: number | null } = { at: null };
    document.addEventListener('click', () => (clicked.at ??= performance.now()), { capture: true, once: true });
    window.kontorBenchUi = new Promise<number>((resolve) => {
      setTimeout(() => resolve(Number.NaN), limit);
      const observer = new MutationObserver(() => {
        const start = clicked.at;
        if (start === null || !window.location.hash.startsWith(`#/queue/${id}`)) return;
        const grid = document.querySelector('table[role="grid"]');
        if (!grid || grid === oldGrid || !grid.querySelector('tbody tr[data-ticket-id]')) return;
        observer.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  }, { id: queueId, limit: limitMs });
  return timed(page, () => page.locator(`a[data-queue-id="${queueId}"]`).click());
}

export interface TicketOpen {
  ms: number;
  articles: number;
  /** What the zoom says it blocked (`data-images-blocked`). */
  imagesBlocked: number;
}

/** The address set to `#/ticket/<id>` → all its articles painted, the HTML mail's body among them. */
export function timeTicketOpen(page: Page, ticketId: string, articles: number): Promise<TicketOpen> {
  return page.evaluate(
    ({ id, count, limit }) =>
      new Promise<TicketOpen>((resolve) => {
        const started = performance.now();
        setTimeout(() => resolve({ ms: Number.NaN, articles: 0, imagesBlocked: 0 }), limit);
        const observer = new MutationObserver(() => {
          const zoom = document.querySelector(`section.ticket-zoom[data-ticket-id="${id}"]`);
          const shown = zoom?.querySelectorAll('article.ticket-article').length ?? 0;
          const html = zoom?.querySelector('[data-article-html]');
          if (!zoom || shown < count || !html || html.childNodes.length === 0) return;
          observer.disconnect();
          const imagesBlocked = Number(zoom.querySelector('[data-images-blocked]')?.getAttribute('data-images-blocked') ?? 0);
          requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - started, articles: shown, imagesBlocked })));
        });
        observer.observe(document.body, { childList: true, subtree: true });
        window.location.hash = `#/ticket/${id}`;
      }),
    { id: ticketId, count: articles, limit: limitMs },
  );
}

export interface PicturesShown {
  ms: number;
  /** Pictures in the mail's body once shown, and how many of them the browser decoded. */
  shown: number;
  decoded: number;
}

/**
 * "Show pictures" pressed on the open ticket's HTML mail → `expected` pictures in its body, all
 * decoded, and a frame with them painted.
 */
export function timePicturesShown(page: Page, ticketId: string, expected: number): Promise<PicturesShown> {
  return page.evaluate(
    ({ id, count, limit }) =>
      new Promise<PicturesShown>((resolve) => {
        const zoom = document.querySelector(`section.ticket-zoom[data-ticket-id="${id}"]`);
        const button = zoom?.querySelector<HTMLButtonElement>('button.article-pictures-show');
        const html = zoom?.querySelector('[data-article-html]');
        if (!button || !html) {
          resolve({ ms: Number.NaN, shown: 0, decoded: 0 });
          return;
        }
        const started = performance.now();
        const timeout = setTimeout(() => resolve({ ms: Number.NaN, shown: 0, decoded: 0 }), limit);
        const check = () => {
          const images = Array.from(html.querySelectorAll('img'));
          if (images.length < count) return false;
          void Promise.all(images.map((image) => image.decode().catch(() => undefined))).then(() => {
            clearTimeout(timeout);
            const decoded = images.filter((image) => image.complete && image.naturalWidth > 0).length;
            requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - started, shown: images.length, decoded })));
          });
          return true;
        };
        const observer = new MutationObserver(() => {
          if (check()) observer.disconnect();
        });
        observer.observe(html, { childList: true, subtree: true });
        button.click();
      }),
    { id: ticketId, count: expected, limit: limitMs },
  );
}

export interface FrameRecord {
  /** Time between consecutive animation frames, ms. */
  intervals: number[];
  /** Frames that showed a row not read yet (an empty placeholder) inside the visible part of the list. */
  blankFrames: number;
  /** Long tasks (> 50 ms) the page reported meanwhile, ms each. */
  longTasks: number[];
  /** Pixels scrolled in all; rows in the list. */
  distancePx: number;
  rows: number;
}

/**
 * `durationMs` of scrolling the ticket list: `stepPx` further at every animation frame (down,
 * then up again at the end), as a steady wheel or a held arrow key moves it. With `stepPx` 0,
 * the same record of a list left alone (what the page manages at all on this machine).
 */
export function recordScrolling(page: Page, durationMs: number, stepPx: number): Promise<FrameRecord> {
  return page.evaluate(
    ({ duration, step }) =>
      new Promise<FrameRecord>((resolve, reject) => {
        const scroller = document.querySelector<HTMLElement>('.list-scroll');
        if (!scroller) return reject(new Error('no ticket list on screen'));
        const longTasks: number[] = [];
        const tasks = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longTasks.push(entry.duration);
        });
        tasks.observe({ type: 'longtask' });
        const intervals: number[] = [];
        let blankFrames = 0;
        let distancePx = 0;
        let direction = 1;
        let previous: number | null = null;
        let started: number | null = null;
        const frame = (now: number): void => {
          if (previous !== null) intervals.push(now - previous);
          previous = now;
          started ??= now;
          // What this frame shows (read before this frame's scroll is written, so no extra layout).
          const view = scroller.getBoundingClientRect();
          for (const row of Array.from(scroller.querySelectorAll('.list-row-loading'))) {
            const box = row.getBoundingClientRect();
            if (box.bottom > view.top + 32 && box.top < view.bottom) {
              blankFrames += 1;
              break;
            }
          }
          if (now - started >= duration) {
            tasks.disconnect();
            const rows = Number(document.querySelector('table[role="grid"]')?.getAttribute('aria-rowcount') ?? 1) - 1;
            resolve({ intervals, blankFrames, longTasks, distancePx, rows });
            return;
          }
          const end = scroller.scrollHeight - scroller.clientHeight;
          let next = scroller.scrollTop + direction * step;
          if (next >= end) [next, direction] = [end, -1];
          else if (next <= 0) [next, direction] = [0, 1];
          distancePx += Math.abs(next - scroller.scrollTop);
          scroller.scrollTop = next;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { duration: durationMs, step: stepPx },
  );
}

/**
 * One key typed into the focused search field → the results for the new text painted: the
 * field's status says `data-search-settled="true"` again after it said false for this text.
 */
export async function timeSearchKeystroke(page: Page, key: string, expected: string): Promise<number> {
  await page.evaluate(({ text, limit }) => {
    const typed: { at: number | null } = { at: null };
    const start = (): void => {
      typed.at ??= performance.now();
    };
    for (const type of ['keydown', 'beforeinput', 'input']) document.addEventListener(type, start, { capture: true, once: true });
    window.kontorBenchUi = new Promise<number>((resolve) => {
      setTimeout(() => resolve(Number.NaN), limit);
      let unsettled = false;
      const observer = new MutationObserver(() => {
        const at = typed.at;
        const field = document.querySelector<HTMLInputElement>('input[data-search-field]');
        if (at === null || field?.value !== text) return;
        const settled = document.querySelector('[data-search-settled]')?.getAttribute('data-search-settled') === 'true';
        // The status still says "settled" for the text before this key until React has seen the key.
        if (!settled) unsettled = true;
        if (!settled || !unsettled) return;
        observer.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - at)));
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    });
  }, { text: expected, limit: limitMs });
  return timed(page, () => page.keyboard.type(key));
}
