import { z } from 'zod';

/**
 * The print page as both hosts meet it (Electron's hidden window, the browser host's headless
 * Chromium): the paper, how the page says it is ready, and how long to wait for it.
 */

/** A4 and the margins both hosts print with; the top and bottom leave room for Chromium's header and footer templates. */
export const printPageLayout = {
  widthInches: 8.27,
  heightInches: 11.69,
  margins: { top: 0.8, bottom: 0.7, left: 0.5, right: 0.5 },
} as const;

/**
 * What the print page says about itself: `data-print-ready="true"` on `<html>` once everything
 * is drawn; `data-print-error` when it cannot be (so that the host need not wait for the timeout).
 */
export const printStateProbe = `(() => { const root = document.documentElement; if (root === null) return { ready: false, error: null }; const d = root.dataset; return { ready: d.printReady === 'true', error: d.printError ?? null }; })()`;
const printStateSchema = z.object({ ready: z.boolean(), error: z.string().nullable() });

/** What `printStateProbe` answered, checked. */
export function readPrintState(answer: unknown): z.infer<typeof printStateSchema> {
  const state = printStateSchema.safeParse(answer);
  if (!state.success) throw new Error(`The print page answered the readiness check with ${answer === undefined ? 'nothing' : JSON.stringify(answer)}.`);
  return state.data;
}

/** `work`, or a rejection with `message()` once `deadline` (epoch ms) has passed. */
export function withDeadline<T>(work: Promise<T>, deadline: number, message: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message())), Math.max(0, deadline - Date.now()));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The message when the print page never got ready. */
export function notReadyMessage(route: string, timeoutMs: number): string {
  return `The print page ${route} was not ready within ${String(Math.round(timeoutMs / 100) / 10)} s (data-print-ready never became "true").`;
}

/** Asks the page for its state every `pollMs` until it is ready; fails on its error or at the deadline. */
export async function untilPrintReady(read: () => Promise<unknown>, route: string, deadline: number, pollMs: number, notReady: () => string): Promise<void> {
  for (;;) {
    const state = readPrintState(await withDeadline(read(), deadline, notReady));
    if (state.error !== null) throw new Error(`The print page ${route} reported an error: ${state.error}`);
    if (state.ready) return;
    if (Date.now() + pollMs > deadline) throw new Error(notReady());
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
