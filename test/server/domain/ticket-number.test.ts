import { describe, expect, it } from 'vitest';
import { berlinDay } from '../../../src-server/domain/ticket-number.js';

describe('berlinDay', () => {
  it.each([
    ['2025-01-15T22:59:59.999Z', '2025-01-15'],
    ['2025-01-15T23:00:00.000Z', '2025-01-16'],
    // Summer time: midnight in Frankfurt is 22:00 UTC.
    ['2025-07-01T21:59:59.000Z', '2025-07-01'],
    ['2025-07-01T22:00:00.000Z', '2025-07-02'],
    // The nights the clocks change.
    ['2025-03-30T00:59:59.000Z', '2025-03-30'],
    ['2025-10-25T22:00:00.000Z', '2025-10-26'],
    ['2025-10-26T22:59:59.000Z', '2025-10-26'],
    ['2025-12-31T23:00:00.000Z', '2026-01-01'],
  ])('%s is %s in Frankfurt', (instant, day) => {
    expect(berlinDay(new Date(instant))).toBe(day);
  });
});
