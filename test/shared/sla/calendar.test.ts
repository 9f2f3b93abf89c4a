import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, calendarSchema, workingMinutesBetween, type Calendar } from '../../../src-shared/sla/calendar.js';
import { holidayDates } from '../../../src-shared/sla/holidays.js';

const office: [number, number][] = [[8 * 60, 18 * 60]];
/** Monday to Friday 08:00–18:00 in Frankfurt, with Hesse's holidays of 2026 and the bank's 24 and 31 December. */
const frankfurt: Calendar = calendarSchema.parse({
  name: 'Frankfurt 2026',
  timeZone: 'Europe/Berlin',
  weekdays: [[], office, office, office, office, office, []],
  holidays: ['2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-06-04', '2026-10-03', '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31'],
});

const at = (iso: string): Date => new Date(iso);
const due = (from: string, minutes: number, calendar: Calendar = frankfurt): string => addWorkingMinutes(calendar, at(from), minutes).toISOString();

// Every expected instant below is worked out by hand: local time, then UTC (CET = UTC+1, CEST = UTC+2).
describe('working-time math on a business calendar', () => {
  it('counts within one working day', () => {
    // Tue 10 March 10:00 CET + 60 min = 11:00 CET.
    expect(due('2026-03-10T09:00:00Z', 60)).toBe('2026-03-10T10:00:00.000Z');
  });

  it('carries what is left of a Friday over the weekend', () => {
    // Fri 13 March 17:00 CET: 60 min until 18:00, 60 more from Mon 16 March 08:00 = 09:00 CET.
    expect(due('2026-03-13T16:00:00Z', 120)).toBe('2026-03-16T08:00:00.000Z');
  });

  it('starts a ticket created on a Saturday night on Monday morning', () => {
    // Sat 14 March 23:00 CET + 30 min = Mon 16 March 08:30 CET.
    expect(due('2026-03-14T22:00:00Z', 30)).toBe('2026-03-16T07:30:00.000Z');
  });

  it('keeps local working hours across the spring daylight-saving change', () => {
    // Fri 27 March 17:30 CET: 30 min; clocks go forward on Sunday 29 March; 60 min from Mon 30 March 08:00 CEST = 09:00 CEST.
    expect(due('2026-03-27T16:30:00Z', 90)).toBe('2026-03-30T07:00:00.000Z');
  });

  it('keeps local working hours across the autumn change', () => {
    // Fri 23 October 17:00 CEST: 60 min; clocks go back on Sunday 25 October; 60 min from Mon 26 October 08:00 CET = 09:00 CET.
    expect(due('2026-10-23T15:00:00Z', 120)).toBe('2026-10-26T08:00:00.000Z');
  });

  it('skips Good Friday and Easter Monday', () => {
    // Thu 2 April 17:00 CEST: 60 min; Fri 3 (Good Friday), the weekend and Mon 6 (Easter Monday) are off; 60 min from Tue 7 April 08:00 CEST.
    expect(due('2026-04-02T15:00:00Z', 120)).toBe('2026-04-07T07:00:00.000Z');
  });

  it('skips Christmas and the bank holiday before it', () => {
    // Wed 23 December 17:00 CET: 60 min; 24, 25, 26 and the Sunday are off; 60 min from Mon 28 December 08:00 CET.
    expect(due('2026-12-23T16:00:00Z', 120)).toBe('2026-12-28T08:00:00.000Z');
  });

  it('counts a night shift that spans the hour the clocks skip or repeat', () => {
    const night: [number, number][] = [[90, 300]]; // 01:30–05:00 local, every day
    const batch = calendarSchema.parse({ name: 'night batch', timeZone: 'Europe/Berlin', weekdays: Array.from({ length: 7 }, () => night), holidays: [] });
    // Sun 29 March: 01:30 CET is 00:30Z; 30 min later it is 02:00 CET, which the clocks skip to 03:00 CEST = 01:00Z.
    expect(due('2026-03-28T23:00:00Z', 30, batch)).toBe('2026-03-29T01:00:00.000Z');
    // That night's shift lasts 2½ hours (01:30 CET to 05:00 CEST), not 3½.
    expect(workingMinutesBetween(batch, at('2026-03-28T23:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(150);
    // Sun 25 October: 01:30 CEST is 23:30Z on the 24th; the shift to 05:00 CET lasts 4½ hours.
    expect(due('2026-10-24T23:00:00Z', 30, batch)).toBe('2026-10-25T00:00:00.000Z');
    expect(workingMinutesBetween(batch, at('2026-10-24T23:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(270);
  });

  it('takes several working ranges a day, such as a lunch break', () => {
    const lunch: [number, number][] = [[8 * 60, 12 * 60], [13 * 60, 17 * 60]];
    const withLunch = calendarSchema.parse({ ...frankfurt, name: 'with lunch', weekdays: [[], lunch, lunch, lunch, lunch, lunch, []] });
    // Mon 16 March 11:30 CET: 30 min until 12:00, 30 min from 13:00 = 13:30 CET.
    expect(due('2026-03-16T10:30:00Z', 60, withLunch)).toBe('2026-03-16T12:30:00.000Z');
  });

  it('measures the working minutes between two instants, the inverse of adding them', () => {
    expect(workingMinutesBetween(frankfurt, at('2026-03-13T16:00:00Z'), at('2026-03-16T08:00:00Z'))).toBe(120);
    // A whole weekend is no working time; an end before the start is none either.
    expect(workingMinutesBetween(frankfurt, at('2026-03-14T00:00:00Z'), at('2026-03-15T22:00:00Z'))).toBe(0);
    expect(workingMinutesBetween(frankfurt, at('2026-03-16T08:00:00Z'), at('2026-03-13T16:00:00Z'))).toBe(0);
    for (const from of ['2026-03-27T16:30:00Z', '2026-04-02T15:00:00Z', '2026-10-23T15:00:00Z', '2026-12-23T16:00:00Z', '2026-03-14T22:00:00Z']) {
      for (const minutes of [1, 59, 600, 2880]) {
        expect(workingMinutesBetween(frankfurt, at(from), addWorkingMinutes(frankfurt, at(from), minutes)), `${from} + ${String(minutes)}`).toBe(minutes);
      }
    }
  });

  it('refuses a calendar without working time, naming it, and an unknown time zone', () => {
    const idle = calendarSchema.safeParse({ ...frankfurt, name: 'Nie', weekdays: [[], [], [], [], [], [], []] });
    expect(idle.success).toBe(false);
    expect(idle.error?.issues[0]?.message).toBe('calendar Nie has no working time on any weekday');
    expect(calendarSchema.safeParse({ ...frankfurt, timeZone: 'Europe/Frankfurt' }).success).toBe(false);
    expect(calendarSchema.safeParse({ ...frankfurt, weekdays: [[], [[600, 540]], [], [], [], [], []] }).success).toBe(false);
  });
});

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;

interface WallClock {
  date: string;
  weekday: number;
  minuteOfDay: number;
}

/** Each UTC minute's local date, weekday and minute of the day in a zone, read from Intl once. */
const wallClocks = new Map<string, { format: Intl.DateTimeFormat; minutes: Map<number, WallClock> }>();
function wallClock(timeZone: string, minuteStart: number): WallClock {
  let zone = wallClocks.get(timeZone);
  if (!zone) {
    zone = { format: new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }), minutes: new Map() };
    wallClocks.set(timeZone, zone);
  }
  let wall = zone.minutes.get(minuteStart);
  if (!wall) {
    const [date = '', time = ''] = zone.format.format(minuteStart).split(', '); // "2026-03-29, 03:00"
    const [hour = 0, minute = 0] = time.split(':').map(Number);
    wall = { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), minuteOfDay: hour * 60 + minute };
    zone.minutes.set(minuteStart, wall);
  }
  return wall;
}

const holidaySets = new Map<Calendar, Set<string>>();
function holidaysOf(calendar: Calendar): Set<string> {
  let holidays = holidaySets.get(calendar);
  if (!holidays) {
    holidays = new Set(calendar.holidays);
    holidaySets.set(calendar, holidays);
  }
  return holidays;
}

/**
 * The slow, obvious answers: minute by minute, each minute working when its wall clock lies in a
 * working range of its local date. (Every zone here is a whole number of minutes off UTC, so one
 * UTC minute is one wall-clock minute.)
 */
const minuteByMinute = {
  isWorking(calendar: Calendar, minuteStart: number): boolean {
    const { date, weekday, minuteOfDay } = wallClock(calendar.timeZone, minuteStart);
    if (holidaysOf(calendar).has(date)) return false;
    const ranges = calendar.weekdays[weekday] ?? [];
    return ranges.some(([start, end]) => minuteOfDay >= start && minuteOfDay < end);
  },
  addWorkingMinutes(calendar: Calendar, from: number, minutes: number): number {
    let [now, left] = [from, minutes * minuteMs];
    for (;;) {
      const minuteStart = Math.floor(now / minuteMs) * minuteMs;
      const next = minuteStart + minuteMs;
      if (this.isWorking(calendar, minuteStart)) {
        if (left <= next - now) return now + left;
        left -= next - now;
      }
      now = next;
    }
  },
  workingMinutesBetween(calendar: Calendar, from: number, to: number): number {
    let worked = 0;
    for (let now = from; now < to; ) {
      const minuteStart = Math.floor(now / minuteMs) * minuteMs;
      const next = minuteStart + minuteMs;
      if (this.isWorking(calendar, minuteStart)) worked += Math.min(next, to) - now;
      now = next;
    }
    return worked / minuteMs;
  },
};

/** A small seeded generator (mulberry32), so that a failing case can be run again. */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Three zones, each with an office calendar (lunch break, public holidays), a 22-hour operation
 * and a round-the-clock one. No range begins or ends between 01:00 and 03:00: those are the
 * hours Berlin and New York skip or repeat, where the instant of a boundary is a rule of the
 * calendar (tested by hand above), not something one minute's wall clock can tell.
 */
function calendarsIn(timeZone: string, region: string): Calendar[] {
  const holidays = holidayDates({ publicHolidays: region, target2: false, bankHolidays: false, extra: [] }, { from: 2025, to: 2027 });
  const office: [number, number][] = [[8 * 60, 12 * 60 + 30], [13 * 60 + 15, 18 * 60]];
  const operations: [number, number][] = [[0, 45], [4 * 60, 24 * 60]];
  return [
    calendarSchema.parse({ name: `office ${timeZone}`, timeZone, weekdays: [[], office, office, office, office, office, []], holidays }),
    calendarSchema.parse({ name: `operations ${timeZone}`, timeZone, weekdays: Array.from({ length: 7 }, () => operations), holidays }),
    calendarSchema.parse({ name: `always ${timeZone}`, timeZone, weekdays: Array.from({ length: 7 }, (): [number, number][] => [[0, 1440]]), holidays: [] }),
  ];
}

/** Each zone's daylight-saving changes 2025–2027 (UTC); Kolkata has none. */
const zones = [
  { timeZone: 'Europe/Berlin', region: 'DE-HE', changes: ['2025-03-30T01:00Z', '2025-10-26T01:00Z', '2026-03-29T01:00Z', '2026-10-25T01:00Z', '2027-03-28T01:00Z', '2027-10-31T01:00Z'] },
  { timeZone: 'America/New_York', region: 'US-NY', changes: ['2025-03-09T07:00Z', '2025-11-02T06:00Z', '2026-03-08T07:00Z', '2026-11-01T06:00Z', '2027-03-14T07:00Z', '2027-11-07T06:00Z'] },
  { timeZone: 'Asia/Kolkata', region: 'IN', changes: [] },
].map((zone) => ({ timeZone: zone.timeZone, calendars: calendarsIn(zone.timeZone, zone.region), changes: zone.changes.map(Date.parse) }));
const turnsOfTheYear = ['2026-01-01T00:00Z', '2027-01-01T00:00Z'].map(Date.parse);

describe('working-time math against minute-by-minute counting', () => {
  it('gives the same instants and minutes for thousands of cases 2025–2027, daylight-saving changes included', () => {
    const seed = 20261201;
    const random = randomNumbers(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const years = [Date.parse('2025-01-01T00:00Z'), Date.parse('2027-12-20T00:00Z')] as const;
    // Ordinary days, a few per zone and reused, keep the minute-by-minute counting affordable.
    const days = zones.map(() => Array.from({ length: 8 }, () => years[0] + Math.floor(random() * ((years[1] - years[0]) / dayMs)) * dayMs));
    for (const { timeZone, changes } of zones) {
      for (const change of changes) {
        // The listed changes are real: an hour forward (61 minutes after the minute before) or back (59 before).
        const [before, after] = [wallClock(timeZone, change - minuteMs), wallClock(timeZone, change)];
        expect([61, -59], `${timeZone} changes at ${new Date(change).toISOString()}`).toContain(after.minuteOfDay - before.minuteOfDay);
      }
    }
    for (let i = 0; i < 2000; i += 1) {
      const zoneIndex = Math.floor(random() * zones.length);
      const zone = zones[zoneIndex];
      if (!zone) throw new Error('no zone');
      const calendar = pick(zone.calendars);
      // Half the instants within three hours of a change (in the hour skipped or repeated too) or of a turn of the year; to the millisecond.
      const from = random() < 0.5 ? pick([...zone.changes, ...turnsOfTheYear]) + Math.floor((random() * 6 - 3) * hourMs) : pick(days[zoneIndex] ?? []) + Math.floor(random() * 2 * dayMs);
      const minutes = random() < 0.9 ? Math.floor(random() * 600) : Math.floor(random() * 2400) + (random() < 0.5 ? 0.25 : 0);
      const to = from + Math.floor(random() * 2 * dayMs);
      const label = `seed ${String(seed)} case ${String(i)}: ${calendar.name}, ${new Date(from).toISOString()}`;
      const due = addWorkingMinutes(calendar, new Date(from), minutes).getTime();
      expect(due, `${label} + ${String(minutes)} min`).toBe(minuteByMinute.addWorkingMinutes(calendar, from, minutes));
      expect(workingMinutesBetween(calendar, new Date(from), new Date(to)), `${label} to ${new Date(to).toISOString()}`).toBe(minuteByMinute.workingMinutesBetween(calendar, from, to));
      expect(workingMinutesBetween(calendar, new Date(from), new Date(due)), `${label} to its due instant`).toBe(minutes);
    }
  }, 60_000);
});
