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
const dayMs = 86_400_000;
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

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minuteOfDay: number;
}

/**
 * Offsets are cached for instants in these years only; before and after them, and for an invalid
 * instant, each one comes from Intl as it always did (slow, but exactly as before).
 */
const cachedFrom = Date.UTC(1000, 0, 1);
const cachedUntil = Date.UTC(10000, 0, 1);
/** A server knows a handful of calendars spanning a few years; these bound the caches for any input. */
const maxCachedZones = 32;
const maxCachedYearsPerZone = 16;
/**
 * A year is read from Intl at this step, and each change of offset between two readings is then
 * found to the second. A change and its reversal within one step would go unseen: in Node 20's
 * tzdb, 1900–2100, no two changes of a zone are closer than seven days, and reading every six
 * hours finds the same 42,436 changes as reading daily.
 */
const sampleStepMs = dayMs;

interface OffsetSpan {
  /** First instant with `offset`. */
  from: number;
  /** First instant after it, exclusive. */
  until: number;
  /** Local wall time minus UTC, in milliseconds (whole seconds). */
  offset: number;
}

/**
 * One time zone: its Intl formatter, and its UTC offset as spans of constant offset, found once
 * per UTC year. Asking Intl costs microseconds per instant; a span lookup costs nanoseconds.
 */
class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  private readonly years = new Map<number, OffsetSpan[]>();
  private lastSpan: OffsetSpan = { from: 0, until: 0, offset: 0 };

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  /** The wall clock at `instant`, from Intl. */
  wallClock(instant: number): LocalTime & { second: number } {
    const parts = Object.fromEntries(this.format.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
    return { year: parts['year'] ?? 0, month: parts['month'] ?? 0, day: parts['day'] ?? 0, minuteOfDay: (parts['hour'] ?? 0) * 60 + (parts['minute'] ?? 0), second: parts['second'] ?? 0 };
  }

  /** The offset at `instant`, to the second; undefined outside the cached years. */
  cachedOffset(instant: number): number | undefined {
    if (instant >= this.lastSpan.from && instant < this.lastSpan.until) return this.lastSpan.offset;
    if (!(instant >= cachedFrom && instant < cachedUntil)) return undefined;
    const year = new Date(instant).getUTCFullYear();
    const spans = this.years.get(year) ?? remember(this.years, year, this.spansOf(year), maxCachedYearsPerZone);
    const span = spans.find((candidate) => instant < candidate.until);
    if (span === undefined) return undefined;
    this.lastSpan = span;
    return span.offset;
  }

  /** The offset at a whole second, from Intl. */
  private offsetAtSecond(second: number): number {
    const wall = this.wallClock(second);
    return Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minuteOfDay, wall.second) - second;
  }

  /** The spans of one UTC year, from its first to its last second. */
  private spansOf(year: number): OffsetSpan[] {
    const yearStart = Date.UTC(year, 0, 1);
    const lastSecond = Date.UTC(year + 1, 0, 1) - 1000;
    const spans: OffsetSpan[] = [];
    let from = yearStart;
    let offset = this.offsetAtSecond(yearStart);
    for (let sample = yearStart; sample < lastSecond; ) {
      const next = Math.min(sample + sampleStepMs, lastSecond);
      const nextOffset = this.offsetAtSecond(next);
      let known = sample;
      while (offset !== nextOffset) {
        // Bisect to the first second after `known` that shows another offset.
        let [same, changed] = [known, next];
        while (changed - same > 1000) {
          const middle = same + Math.floor((changed - same) / 2000) * 1000;
          if (this.offsetAtSecond(middle) === offset) same = middle;
          else changed = middle;
        }
        spans.push({ from, until: changed, offset });
        [from, known, offset] = [changed, changed, this.offsetAtSecond(changed)];
      }
      sample = next;
    }
    spans.push({ from, until: lastSecond + 1000, offset });
    return spans;
  }
}

/** Sets `key` in a map that keeps at most `limit` entries, dropping the oldest first. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V {
  for (const oldest of map.keys()) {
    if (map.size < limit) break;
    map.delete(oldest);
  }
  map.set(key, value);
  return value;
}

const zones = new Map<string, ZoneOffsets>();
function zoneOffsets(timeZone: string): ZoneOffsets {
  return zones.get(timeZone) ?? remember(zones, timeZone, new ZoneOffsets(timeZone), maxCachedZones);
}

/** The wall-clock time of `instant` in `timeZone`. */
function localTime(instant: number, timeZone: string): LocalTime {
  const offset = timeZone === 'UTC' ? 0 : zoneOffsets(timeZone).cachedOffset(instant);
  if (offset === undefined) return zoneOffsets(timeZone).wallClock(instant);
  const date = new Date(instant + offset);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), minuteOfDay: date.getUTCHours() * 60 + date.getUTCMinutes() };
}

/**
 * The UTC offset of `timeZone` at `instant`, in milliseconds, as this file has always counted
 * it: the wall clock's minutes and the instant's UTC seconds. That differs from the true offset
 * only where the offset has seconds of its own (local mean time, before about 1900).
 */
function offsetAt(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const zone = zoneOffsets(timeZone);
  const offset = zone.cachedOffset(instant);
  const utcSecondsMs = Math.floor((((instant % minuteMs) + minuteMs) % minuteMs) / 1000) * 1000;
  if (offset !== undefined) return offset % minuteMs === 0 ? offset : Math.floor((offset + utcSecondsMs) / minuteMs) * minuteMs;
  const local = zone.wallClock(instant);
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

/** Each calendar's holidays as a set, built once: calendars are values, never changed in place. */
const holidaySets = new WeakMap<readonly string[], ReadonlySet<string>>();
function holidaySet(holidays: readonly string[]): ReadonlySet<string> {
  let set = holidaySets.get(holidays);
  if (!set) {
    set = new Set(holidays);
    holidaySets.set(holidays, set);
  }
  return set;
}

/** The working periods of the calendar as instants, from the local day of `from` on, in order. */
function* workingPeriods(calendar: Calendar, from: number): Generator<[number, number]> {
  const holidays = holidaySet(calendar.holidays);
  for (const date of localDates(from, calendar.timeZone)) {
    // 1 January 1970 was a Thursday (4); as Date.getUTCDay() but without a Date per day.
    const weekday = ((Math.floor(Date.UTC(date.year, date.month - 1, date.day) / dayMs) % 7) + 11) % 7;
    const ranges = calendar.weekdays[weekday] ?? [];
    if (ranges.length === 0 || holidays.has(localDateText(date))) continue;
    for (const [start, end] of ranges) {
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

/** The instant the local date `date` (`YYYY-MM-DD`) begins in `timeZone` (midnight, or the first minute after a gap). */
export function zonedDayStart(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) throw new Error(`not a date: ${date}`);
  return new Date(instantOf({ year, month, day }, 0, timeZone));
}

/** The local date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function zonedDate(instant: Date, timeZone: string): string {
  return localDateText(localTime(instant.getTime(), timeZone));
}
