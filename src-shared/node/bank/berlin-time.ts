/**
 * Wall-clock time in Europe/Berlin without Intl (too slow for a million steps): the EU rule
 * that summer time runs from the last Sunday of March to the last Sunday of October, 01:00 UTC.
 * Working time is Monday to Friday, 08:00 to 18:00, apart from the bank's fixed closing days.
 */

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const summerTimes = new Map<number, readonly [start: number, end: number]>();

function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0, 1);
  return lastDay - new Date(lastDay).getUTCDay() * day;
}

/** Minutes Berlin is ahead of UTC at this instant. */
export function berlinOffsetMinutes(utc: number): number {
  const year = new Date(utc).getUTCFullYear();
  let summer = summerTimes.get(year);
  if (!summer) {
    summer = [lastSundayAtOneUtc(year, 2), lastSundayAtOneUtc(year, 9)];
    summerTimes.set(year, summer);
  }
  return utc >= summer[0] && utc < summer[1] ? 120 : 60;
}

export interface BerlinTime {
  year: number;
  /** 0–11, as Date counts. */
  month: number;
  day: number;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  hour: number;
  minute: number;
}

export function berlinTime(utc: number): BerlinTime {
  const local = new Date(utc + berlinOffsetMinutes(utc) * minute);
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth(), day: local.getUTCDate(), weekday: local.getUTCDay(),
    hour: local.getUTCHours(), minute: local.getUTCMinutes(),
  };
}

/** The instant of a Berlin wall-clock time (in the hour skipped in spring, an hour later). */
export function berlinInstant(year: number, month: number, dayOfMonth: number, hours = 0, minutes = 0): number {
  const asUtc = Date.UTC(year, month, dayOfMonth, hours, minutes);
  const guess = asUtc - berlinOffsetMinutes(asUtc - hour) * minute;
  return asUtc - berlinOffsetMinutes(guess) * minute;
}

/** New Year, Labour Day, German Unity Day, Christmas Eve to Boxing Day, New Year's Eve. */
export function isClosingDay(time: Pick<BerlinTime, 'month' | 'day'>): boolean {
  const { month, day: dayOfMonth } = time;
  return (month === 0 && dayOfMonth === 1) || (month === 4 && dayOfMonth === 1) || (month === 9 && dayOfMonth === 3)
    || (month === 11 && (dayOfMonth === 24 || dayOfMonth === 25 || dayOfMonth === 26 || dayOfMonth === 31));
}

export function isWorkingDay(time: BerlinTime): boolean {
  return time.weekday !== 0 && time.weekday !== 6 && !isClosingDay(time);
}

const opens = 8;
const closes = 18;

/** `from` plus `minutes` of working time: what "answered within two hours" means at a bank desk. */
export function addWorkingMinutes(from: number, minutes: number): number {
  let at = from;
  let left = minutes;
  for (let guard = 0; guard < 1000; guard += 1) {
    const local = berlinTime(at);
    const dayStart = berlinInstant(local.year, local.month, local.day, opens);
    const dayEnd = berlinInstant(local.year, local.month, local.day, closes);
    if (!isWorkingDay(local) || at >= dayEnd) {
      at = berlinInstant(local.year, local.month, local.day + 1, opens);
      continue;
    }
    if (at < dayStart) at = dayStart;
    const available = (dayEnd - at) / minute;
    if (left <= available) return at + left * minute;
    left -= available;
    at = berlinInstant(local.year, local.month, local.day + 1, opens);
  }
  throw new Error('addWorkingMinutes: no working time within 1000 days');
}
