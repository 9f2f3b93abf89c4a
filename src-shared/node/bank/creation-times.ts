import { berlinInstant, berlinTime, isClosingDay } from './berlin-time.js';
import type { Random } from './random.js';

/**
 * When tickets are opened: on working days mostly between 8 and 18 o'clock with a morning and
 * an afternoon peak, some in the evening, a few on Saturday nights (batch runs that failed);
 * busier on Mondays, in the dividend season and at quarter ends, quiet in August and at Christmas.
 */

/** Monday is the busiest day; weekends see almost nothing. Index: 0 Sunday … 6 Saturday. */
const weekdayWeights = [0.025, 1.15, 1.05, 1, 0.98, 0.88, 0.05];
/** January: tax certificates; April–May: general meetings and dividends; August: holidays. */
const monthWeights = [1.15, 1.05, 1.1, 1.15, 1.2, 1.05, 0.9, 0.75, 1, 1, 1, 0.8];

const workdayHours = [0.05, 0.03, 0.03, 0.03, 0.05, 0.1, 0.3, 1.2, 6, 9, 10, 9, 5, 6.5, 8.5, 8.5, 7, 4, 1.8, 1, 0.7, 0.5, 0.3, 0.15];
const saturdayHours = [0.2, 0.1, 0.05, 0, 0, 0, 0, 0, 0.3, 0.5, 0.5, 0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 1.2, 1.5, 1.5, 0.8];
const sundayHours = [0.2, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1, 1, 0.6, 0.3];

const toEntries = (weights: readonly number[]): (readonly [number, number])[] => weights.map((weight, hour) => [hour, weight] as const);
const hourEntries = { workday: toEntries(workdayHours), saturday: toEntries(saturdayHours), sunday: toEntries(sundayHours) };

interface CalendarDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
  weight: number;
}

function daysBetween(random: Random, from: number, to: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  const first = berlinTime(from);
  for (let offset = 0; ; offset += 1) {
    const start = berlinInstant(first.year, first.month, first.day + offset);
    if (start >= to) break;
    const local = berlinTime(start + 12 * 3_600_000);
    const nextMonthStarts = berlinInstant(local.year, local.month + 1, 1);
    const quarterEnd = local.month % 3 === 2 && nextMonthStarts - start <= 3 * 86_400_000;
    const weight = (weekdayWeights[local.weekday] ?? 1) * (monthWeights[local.month] ?? 1)
      * (isClosingDay(local) ? 0.1 : 1) * (quarterEnd ? 1.3 : 1) * (0.85 + 0.3 * random.next());
    days.push({ year: local.year, month: local.month, day: local.day, weekday: local.weekday, weight });
  }
  return days;
}

function instantOn(random: Random, day: CalendarDay): number {
  const hours = day.weekday === 6 ? hourEntries.saturday : day.weekday === 0 ? hourEntries.sunday : hourEntries.workday;
  return berlinInstant(day.year, day.month, day.day, random.weighted(hours), random.int(0, 59)) + random.int(0, 59_999);
}

/**
 * Exactly `count` creation instants in [from, to), ascending, one day at a time: only the day
 * list (a few hundred entries) is held, never all instants.
 */
export function* creationTimes(random: Random, count: number, from: Date, to: Date): Generator<Date> {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) throw new Error('creationTimes: "to" must lie after "from"');
  const days = daysBetween(random, start, end);
  const total = days.reduce((sum, day) => sum + day.weight, 0);
  let expected = 0;
  let produced = 0;
  for (const day of days) {
    expected += (day.weight / total) * count;
    const today = Math.round(expected) - produced;
    const instants: number[] = [];
    for (let i = 0; i < today; i += 1) {
      let at = instantOn(random, day);
      // The first and last day are partial: draw again, and clamp if the day barely overlaps.
      for (let tries = 0; (at < start || at >= end) && tries < 20; tries += 1) at = instantOn(random, day);
      instants.push(Math.min(Math.max(at, start), end - 1));
    }
    instants.sort((a, b) => a - b);
    for (const at of instants) yield new Date(at);
    produced += today;
  }
}
