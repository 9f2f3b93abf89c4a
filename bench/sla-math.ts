import { clocksAfterArticle, clocksAfterStateChange, clocksAtCreation } from '../src-shared/sla/clocks.js';
import { calendarSchema } from '../src-shared/sla/calendar.js';
import { holidayDates } from '../src-shared/sla/holidays.js';
import { latencySummary } from './support/stats.js';

/** Frankfurt office hours on Hesse's, TARGET2's and the bank's days off, as a configuration names them. */
const office: [number, number][] = [[480, 1080]];
const frankfurt = calendarSchema.parse({
  name: 'Frankfurt',
  timeZone: 'Europe/Berlin',
  weekdays: [[], office, office, office, office, office, []],
  holidays: holidayDates({ publicHolidays: 'DE-HE', target2: true, bankHolidays: true, extra: [] }, { from: 2024, to: 2029 }),
});
const sla = { firstResponseMinutes: 120, updateMinutes: 480, solutionMinutes: 2400, warningPercent: 80 };

/**
 * The SLA math one mutation does: a ticket's clocks at creation (three due and three warning
 * instants), then after a customer-visible answer and a close. Creation instants spread over a
 * year, evenings and weekends included. Prints per-call percentiles.
 */
export function runSlaMath(calls: number): { creation: number[]; lifecycle: number[] } {
  const creation: number[] = [];
  const lifecycle: number[] = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < calls; i += 1) {
    const at = new Date(start + ((i * 7_919_777) % (365 * 86_400_000)));
    let began = performance.now();
    const clocks = clocksAtCreation(frankfurt, sla, at);
    creation.push(performance.now() - began);
    began = performance.now();
    const answered = clocksAfterArticle(frankfurt, sla, clocks, 'open', { sender: 'agent', visibility: 'customer-visible' }, new Date(at.getTime() + 3_600_000));
    clocksAfterStateChange(frankfurt, sla, answered, { from: 'open', to: 'closed-successful' }, new Date(at.getTime() + 86_400_000));
    lifecycle.push(performance.now() - began);
  }
  return { creation, lifecycle };
}

export function describeSlaMath(result: { creation: number[]; lifecycle: number[] }): string {
  return [
    `  clocks at creation (3 due + 3 warning instants): ${latencySummary(result.creation, [50, 99, 99.9])}`,
    `  answer + close (2 steps, minutes taken):        ${latencySummary(result.lifecycle, [50, 99, 99.9])}`,
  ].join('\n');
}
