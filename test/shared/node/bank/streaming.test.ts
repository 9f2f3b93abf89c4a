import { describe, expect, it } from 'vitest';
import { generateBank } from '../../../../src-shared/node/bank/bank.js';
import { generateTicketScripts } from '../../../../src-shared/node/bank/ticket-scripts.js';

const bank = generateBank({ seed: 'speed' });
const year = { seed: 'speed', from: new Date('2024-01-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z') };

/** CPU milliseconds this process spends on `work`: other test files running on the same cores do not count. */
function cpuMilliseconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}

describe('streaming a year of tickets', () => {
  it('hands out the first scripts of 100,000 at once: nothing is generated ahead', () => {
    const spent = cpuMilliseconds(() => {
      const scripts = generateTicketScripts(bank, { ...year, tickets: 100_000 });
      for (let i = 0; i < 10; i += 1) expect(scripts.next().done).toBe(false);
    });
    expect(spent).toBeLessThan(500);
  });

  it('generates 5,000 scripts in under two seconds (so 100,000 take well under a minute)', () => {
    let steps = 0;
    const spent = cpuMilliseconds(() => {
      for (const script of generateTicketScripts(bank, { ...year, tickets: 5000 })) steps += script.steps.length;
    });
    expect(steps).toBeGreaterThan(40_000);
    expect(spent).toBeLessThan(2000);
  });
});
