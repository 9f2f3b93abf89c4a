import { setTimeout as delay } from 'node:timers/promises';
import type { DeskIpc } from '../../../harness/desk-ipc.js';

/**
 * Resolves with the wall-clock instant (ms) at which `check` first held, asking again at each
 * `cache.changed` event of the Desk and at least every 20 ms; null when it did not hold within
 * `withinMs` (the caller decides whether that fails the test).
 */
export async function whenVisible(ipc: DeskIpc, check: () => Promise<boolean>, withinMs: number): Promise<number | null> {
  const deadline = Date.now() + withinMs;
  let wake: () => void = () => undefined;
  const unsubscribe = ipc.on('cache.changed', () => wake());
  try {
    while (Date.now() <= deadline) {
      const changed = new Promise<void>((resolve) => (wake = resolve));
      if (await check()) return Date.now();
      await Promise.race([changed, delay(20)]);
    }
    return null;
  } finally {
    unsubscribe();
  }
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function describeLatencies(name: string, values: readonly number[]): string {
  return `${name}: n=${String(values.length)} p50 ${String(percentile(values, 50))} ms, p95 ${String(percentile(values, 95))} ms, max ${String(Math.max(...values))} ms`;
}
