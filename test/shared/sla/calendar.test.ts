import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, calendarSchema, workingMinutesBetween, type Calendar } from '../../../src-shared/sla/calendar.js';

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
