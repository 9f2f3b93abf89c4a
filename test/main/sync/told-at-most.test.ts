import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToldAtMost } from '../../../src-main/sync/told-at-most.js';

describe('telling at most every interval', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells the first request at once and folds the ones that follow into one at the end of the interval', () => {
    let value = 0;
    const told: number[] = [];
    const teller = new ToldAtMost(() => told.push(value), 1000);
    value = 1;
    teller.request();
    expect(told).toEqual([1]);
    for (value = 2; value <= 5; value += 1) {
      teller.request();
      vi.advanceTimersByTime(100);
    }
    // Four requests within the interval: nothing yet; then the latest value, once.
    expect(told).toEqual([1]);
    expect(teller.waiting).toBe(true);
    vi.advanceTimersByTime(600);
    expect(told).toEqual([1, 6]);
    expect(teller.waiting).toBe(false);
    // Quiet for longer than the interval: the next one at once again.
    vi.advanceTimersByTime(2000);
    value = 7;
    teller.request();
    expect(told).toEqual([1, 6, 7]);
  });

  it('tells at once when asked to, with what was waiting, and drops what waits when cancelled', () => {
    let value = 0;
    const told: number[] = [];
    const teller = new ToldAtMost(() => told.push(value), 1000);
    teller.request();
    value = 1;
    teller.request();
    value = 2;
    teller.now();
    expect(told).toEqual([0, 2]);
    vi.advanceTimersByTime(5000);
    expect(told).toEqual([0, 2]);
    value = 3;
    teller.request();
    value = 4;
    vi.advanceTimersByTime(10);
    teller.request();
    teller.cancel();
    vi.advanceTimersByTime(5000);
    expect(told).toEqual([0, 2, 3]);
  });
});
