import { zonedDate, zonedDayStart } from '../sla/calendar.js';
import { reportTimeZone, type PeriodKind, type ReportPeriod } from './model.js';

/**
 * Periods of the reports in Europe/Berlin (docs/reports.md): local dates, both included, turned
 * into instants `[start, end)` where each day begins in Berlin, so that a week across a
 * daylight-saving change has 167 or 169 hours.
 */

const dayMs = 86_400_000;

/** `date` plus `days` days, on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** 0 Monday … 6 Sunday. */
function isoWeekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function weekStart(date: string): string {
  return addDays(date, -isoWeekday(date));
}

/** The instants the period covers: `start` ≤ t < `end`. */
export function periodBounds(period: Pick<ReportPeriod, 'from' | 'to'>): { start: Date; end: Date } {
  return { start: zonedDayStart(period.from, reportTimeZone), end: zonedDayStart(addDays(period.to, 1), reportTimeZone) };
}

/** The local date of an instant in Berlin. */
export function berlinDate(instant: Date): string {
  return zonedDate(instant, reportTimeZone);
}

/** The period of `kind` that contains the local date `date` (`range`: that one day). */
export function periodContaining(kind: PeriodKind, date: string): ReportPeriod {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const monthText = (y: number, m: number): string => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
  const lastOfMonth = (y: number, m: number): string => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  switch (kind) {
    case 'week': {
      const from = weekStart(date);
      return { kind, from, to: addDays(from, 6) };
    }
    case 'month':
      return { kind, from: `${monthText(year, month)}-01`, to: lastOfMonth(year, month) };
    case 'quarter': {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return { kind, from: `${monthText(year, first)}-01`, to: lastOfMonth(year, first + 2) };
    }
    case 'year':
      return { kind, from: `${String(year).padStart(4, '0')}-01-01`, to: `${String(year).padStart(4, '0')}-12-31` };
    case 'range':
      return { kind, from: date, to: date };
  }
}

/** The period of the same kind before (`-1`) or after (`1`) this one; a range moves by its length. */
export function shiftPeriod(period: ReportPeriod, direction: 1 | -1): ReportPeriod {
  if (period.kind === 'range') {
    const days = Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / dayMs) + 1;
    return { kind: 'range', from: addDays(period.from, direction * days), to: addDays(period.to, direction * days) };
  }
  return periodContaining(period.kind, direction === 1 ? addDays(period.to, 1) : addDays(period.from, -1));
}

/** Last week: the ISO week before the one of `now` in Berlin (the Monday meeting's week). */
export function lastWeek(now: Date): ReportPeriod {
  return shiftPeriod(periodContaining('week', berlinDate(now)), -1);
}

export type BucketSize = 'day' | 'week' | 'month';

/** Days up to 31 days, ISO weeks up to 186, months beyond. */
export function bucketSizeOf(period: Pick<ReportPeriod, 'from' | 'to'>): BucketSize {
  const days = Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / dayMs) + 1;
  return days <= 31 ? 'day' : days <= 186 ? 'week' : 'month';
}

export interface Bucket {
  /** The local date it starts on (clipped to the period). */
  label: string;
  start: Date;
  end: Date;
}

/** The steps of a time series over the period, each `[start, end)`, clipped to the period. */
export function periodBuckets(period: Pick<ReportPeriod, 'from' | 'to'>, size: BucketSize = bucketSizeOf(period)): Bucket[] {
  const starts: string[] = [];
  for (let date = period.from; date <= period.to; ) {
    starts.push(date);
    const next = size === 'day' ? addDays(date, 1) : size === 'week' ? addDays(weekStart(date), 7) : `${addDays(`${date.slice(0, 7)}-28`, 4).slice(0, 7)}-01`;
    date = next;
  }
  const afterLast = addDays(period.to, 1);
  return starts.map((label, index) => ({
    label,
    start: zonedDayStart(label, reportTimeZone),
    end: zonedDayStart(starts[index + 1] ?? afterLast, reportTimeZone),
  }));
}

/**
 * Which bucket an instant (ISO, UTC) falls in, by comparing it with the buckets' bounds as text:
 * quicker than working out its local date, for a year's 100,000 tickets. -1 outside them all.
 */
export function bucketFinder(buckets: readonly Bucket[]): (instant: string) => number {
  const starts = buckets.map((bucket) => bucket.start.toISOString());
  const end = buckets.at(-1)?.end.toISOString() ?? '';
  return (instant) => {
    if (instant >= end || starts.length === 0 || instant < (starts[0] ?? '')) return -1;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? '') <= instant) low = middle;
      else high = middle - 1;
    }
    return low;
  };
}

/** The ISO week number and its year (the year its Thursday lies in) of a local date. */
export function isoWeek(date: string): { week: number; year: number } {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstWeekThursday = firstThursday.getTime() + (3 - ((firstThursday.getUTCDay() + 6) % 7)) * 86_400_000;
  return { week: 1 + Math.round((thursday.getTime() - firstWeekThursday) / (7 * 86_400_000)), year };
}
