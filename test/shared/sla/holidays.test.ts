import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, calendarSchema } from '../../../src-shared/sla/calendar.js';
import { holidayDates, holidaySourcesSchema } from '../../../src-shared/sla/holidays.js';

const sources = (input: Record<string, unknown>) => holidaySourcesSchema.parse(input);

describe('days off from ready sources', () => {
  it('gives the public holidays of Hesse, with Corpus Christi and without Reformation Day', () => {
    expect(holidayDates(sources({ publicHolidays: 'DE-HE' }), { from: 2026, to: 2026 })).toEqual([
      '2026-01-01', // Neujahr
      '2026-04-03', // Karfreitag
      '2026-04-06', // Ostermontag
      '2026-05-01', // Tag der Arbeit
      '2026-05-14', // Christi Himmelfahrt
      '2026-05-25', // Pfingstmontag
      '2026-06-04', // Fronleichnam (Hesse)
      '2026-10-03', // Tag der Deutschen Einheit
      '2026-12-25',
      '2026-12-26',
    ]);
    // Berlin has International Women's Day and no Corpus Christi.
    const berlin = holidayDates(sources({ publicHolidays: 'DE-BE' }), { from: 2026, to: 2026 });
    expect(berlin).toContain('2026-03-08');
    expect(berlin).not.toContain('2026-06-04');
  });

  it('gives the TARGET2 closing days and the bank days, with Easter where it falls each year', () => {
    expect(holidayDates(sources({ target2: true }), { from: 2026, to: 2027 })).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26',
      // Easter Sunday 2027 is 28 March.
      '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-12-25', '2027-12-26',
    ]);
    expect(holidayDates(sources({ bankHolidays: true, extra: ['06-12', '2026-07-01', '2027-07-02'] }), { from: 2026, to: 2026 })).toEqual([
      '2026-06-12', '2026-07-01', '2026-12-24', '2026-12-31',
    ]);
  });

  it('refuses a region date-holidays does not know, instead of quietly taking the country', () => {
    expect(holidaySourcesSchema.safeParse({ publicHolidays: 'DE-ZZ' }).success).toBe(false);
    expect(holidaySourcesSchema.safeParse({ publicHolidays: 'XX' }).success).toBe(false);
    expect(holidaySourcesSchema.safeParse({ publicHolidays: 'DE' }).success).toBe(true);
  });

  it('feeds a calendar: Whit Monday in Hesse moves a due instant to Tuesday', () => {
    const office: [number, number][] = [[480, 1080]];
    const hesse = calendarSchema.parse({
      name: 'Frankfurt',
      timeZone: 'Europe/Berlin',
      weekdays: [[], office, office, office, office, office, []],
      holidays: holidayDates(sources({ publicHolidays: 'DE-HE', target2: true, bankHolidays: true }), { from: 2026, to: 2026 }),
    });
    // Fri 22 May 2026 17:00 CEST + 120 min: 60 on Friday, Whit Monday 25 May is off, 60 from Tue 26 May 08:00 CEST.
    expect(addWorkingMinutes(hesse, new Date('2026-05-22T15:00:00Z'), 120).toISOString()).toBe('2026-05-26T07:00:00.000Z');
  });
});
