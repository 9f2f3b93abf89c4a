import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../../src-main/sync/sync-engine.js';

const retry = { minMs: 1000, maxMs: 60_000 };
/** The longest wait the jitter can draw, and the shortest. */
const longest = (): number => 1;
const shortest = (): number => 0;

describe('the wait before trying the server again', () => {
  it('is the minimum after the first failure and never less', () => {
    expect(retryDelay(1, 0, retry, longest)).toBe(1000);
    expect(retryDelay(12, 3_600_000, retry, shortest)).toBe(1000);
  });

  it('doubles with each failure up to the maximum, over a long outage', () => {
    const hour = 3_600_000;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 30].map((failures) => retryDelay(failures, hour, retry, longest))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('is at most half the time already offline: a short outage is over soon after the server is back', () => {
    // After ten failures doubling alone would allow a minute, though the server has been away for seconds.
    expect(retryDelay(10, 8000, retry, longest)).toBe(4000);
    expect(retryDelay(10, 30_000, retry, longest)).toBe(15_000);
    expect(retryDelay(10, 1500, retry, longest)).toBe(1000);
  });

  it('spreads the Desks that lost one server over the whole range', () => {
    expect(retryDelay(10, 3_600_000, retry, () => 0.5)).toBe(30_500);
  });
});
