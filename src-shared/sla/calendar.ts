import { z } from 'zod';

/**
 * A business calendar: working hours per weekday in a time zone, and the local dates that are
 * not worked. SLA clocks count working minutes on it, on the server and in the Desk alike, so
 * this file is pure (no `node:`): time zones come from `Intl`, which browsers and Node share.
 */

/** A working range of one day in minutes after local midnight, end exclusive (`[480, 1080]` is 08:00–18:00). */
const rangeSchema = z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]).refine(([start, end]) => start < end, {
  error: 'a working range must end after it starts',
});

const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'a local date is written YYYY-MM-DD');

export const calendarSchema = z
  .strictObject({
    name: z.string().min(1),
    timeZone: z.string().refine(isTimeZone, { error: 'not a time zone this runtime knows' }),
    /** Index 0 is Sunday, as `Date.getDay()`; each day's ranges in order and not overlapping. */
    weekdays: z.array(z.array(rangeSchema)).length(7),
    /** Local dates without working time (public holidays, TARGET2 closing days, bank holidays). */
    holidays: z.array(localDateSchema),
  })
  .refine((calendar) => calendar.weekdays.some((ranges) => ranges.length > 0), {
    error: (issue) => `calendar ${String((issue.input as { name?: unknown }).name)} has no working time on any weekday`,
  })
  .refine((calendar) => calendar.weekdays.every((ranges) => ranges.every(([start], i) => i === 0 || start >= (ranges[i - 1]?.[1] ?? 0))), {
    error: 'the working ranges of a day must be in order and must not overlap',
  });
export type Calendar = z.infer<typeof calendarSchema>;

/**
 * Every minute is working time: SLA targets in plain wall-clock minutes. What Kontor Server
 * counts with until queues name a business calendar.
 */
export const continuousCalendar: Calendar = {
  name: 'continuous',
  timeZone: 'UTC',
  weekdays: Array.from({ length: 7 }, (): [number, number][] => [[0, 1440]]),
  holidays: [],
};

const minuteMs = 60_000;
/** How far a search for working time looks ahead before it gives up (a calendar whose holidays cover every working day). */
const maxSearchDays = 366 * 5;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minuteOfDay: number;
}

/** The wall-clock time of `instant` in `timeZone`. */
function localTime(instant: number, timeZone: string): LocalTime {
  if (timeZone === 'UTC') {
    const date = new Date(instant);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), minuteOfDay: date.getUTCHours() * 60 + date.getUTCMinutes() };
  }
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  return { year: parts['year'] ?? 0, month: parts['month'] ?? 0, day: parts['day'] ?? 0, minuteOfDay: (parts['hour'] ?? 0) * 60 + (parts['minute'] ?? 0) };
}

/** The UTC offset of `timeZone` at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const local = localTime(instant, timeZone);
  const seconds = new Date(instant).getUTCSeconds();
  return Date.UTC(local.year, local.month - 1, local.day, 0, local.minuteOfDay, seconds) - (instant - new Date(instant).getUTCMilliseconds());
}

/**
 * The instant at which the wall clock in `timeZone` shows `minuteOfDay` on the local date. A
 * wall time skipped by the spring daylight-saving change maps to the same distance after the
 * gap (02:30 → 03:30); one shown twice in autumn maps to the second showing.
 */
function instantOf(date: { year: number; month: number; day: number }, minuteOfDay: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const guess = wall - offsetAt(wall, timeZone);
  const offset = offsetAt(guess, timeZone);
  return offset === wall - guess ? guess : wall - offset;
}

function localDateText(date: { year: number; month: number; day: number }): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The local dates from the one of `instant` on, one after another. */
function* localDates(instant: number, timeZone: string): Generator<{ year: number; month: number; day: number }> {
  const start = localTime(instant, timeZone);
  for (let n = 0; n < maxSearchDays; n += 1) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + n));
    yield { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  }
}

/** The working periods of the calendar as instants, from the local day of `from` on, in order. */
function* workingPeriods(calendar: Calendar, from: number): Generator<[number, number]> {
  const holidays = new Set(calendar.holidays);
  for (const date of localDates(from, calendar.timeZone)) {
    if (holidays.has(localDateText(date))) continue;
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    for (const [start, end] of calendar.weekdays[weekday] ?? []) {
      yield [instantOf(date, start, calendar.timeZone), instantOf(date, end, calendar.timeZone)];
    }
  }
}

/** The instant at which `minutes` of working time have passed after `from` (a due instant). */
export function addWorkingMinutes(calendar: Calendar, from: Date, minutes: number): Date {
  let left = minutes * minuteMs;
  const start = from.getTime();
  for (const [periodStart, periodEnd] of workingPeriods(calendar, start)) {
    if (periodEnd <= start) continue;
    const begin = Math.max(periodStart, start);
    if (begin + left <= periodEnd) return new Date(begin + left);
    left -= periodEnd - begin;
  }
  throw new Error(`calendar ${calendar.name} has no working time in the ${String(maxSearchDays)} days after ${from.toISOString()}`);
}

/** The working minutes between two instants (0 when `to` is not after `from`); whole and fractional minutes as they fall. */
export function workingMinutesBetween(calendar: Calendar, from: Date, to: Date): number {
  const [start, end] = [from.getTime(), to.getTime()];
  let worked = 0;
  for (const [periodStart, periodEnd] of workingPeriods(calendar, start)) {
    if (periodStart >= end) break;
    worked += Math.max(0, Math.min(periodEnd, end) - Math.max(periodStart, start));
  }
  return worked / minuteMs;
}
