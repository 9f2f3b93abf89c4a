import { describe, expect, it } from 'vitest';
import { calendarSchema, type Calendar } from '../../../src-shared/sla/calendar.js';
import {
  clocksAfterArticle,
  clocksAfterStateChange,
  clocksAt,
  clocksAtCreation,
  clockNames,
  clocksRecomputed,
  nextClockEvent,
  type ArticleFacts,
  type ClockState,
  type TicketClocks,
} from '../../../src-shared/sla/clocks.js';
import { holidayDates, holidaySourcesSchema } from '../../../src-shared/sla/holidays.js';
import type { TicketState } from '../../../src-shared/sync/entities.js';

const office: [number, number][] = [[8 * 60, 18 * 60]];
const lunchBreak: [number, number][] = [[8 * 60, 12 * 60], [13 * 60, 17 * 60]];
const holidays = (sources: Record<string, unknown>): string[] => holidayDates(holidaySourcesSchema.parse(sources), { from: 2025, to: 2027 });
const hesse = holidays({ publicHolidays: 'DE-HE', target2: true, bankHolidays: true });
const weekdays = (day: [number, number][], days: string[], name: string): Calendar =>
  calendarSchema.parse({ name, timeZone: 'Europe/Berlin', weekdays: [[], day, day, day, day, day, []], holidays: days });
/** Monday to Friday 08:00–18:00 in Frankfurt, closed on Hesse's holidays, TARGET2 days, 24 and 31 December. */
const frankfurt = weekdays(office, hesse, 'Frankfurt');
/** The same days off, 08:00–12:00 and 13:00–17:00. */
const frankfurtLunch = weekdays(lunchBreak, hesse, 'Frankfurt, lunch break');
/** A settlement desk that closes on TARGET2 days only, not on public or bank holidays. */
const settlement = weekdays(office, holidays({ target2: true }), 'Settlement');

// Warning at 80 %: first response 96 min, update 192 min, solution 960 min.
const sla = { firstResponseMinutes: 120, updateMinutes: 240, solutionMinutes: 1200, warningPercent: 80 };
const answer: ArticleFacts = { sender: 'agent', visibility: 'customer-visible' };
const note: ArticleFacts = { sender: 'agent', visibility: 'internal' };
const customer: ArticleFacts = { sender: 'customer', visibility: 'customer-visible' };

const create = (iso: string, calendar = frankfurt): TicketClocks => clocksAtCreation(calendar, sla, new Date(iso));
const article = (clocks: TicketClocks, state: TicketState, facts: ArticleFacts, iso: string, calendar = frankfurt): TicketClocks =>
  clocksAfterArticle(calendar, sla, clocks, state, facts, new Date(iso));
const change = (clocks: TicketClocks, from: TicketState, to: TicketState, iso: string): TicketClocks =>
  clocksAfterStateChange(frankfurt, sla, clocks, { from, to }, new Date(iso));
const running = (startedAt: string, minutes: number, due: string, warnAt: string, flags: Partial<ClockState> = {}): ClockState =>
  ({ startedAt, minutes, due, warnAt, breached: false, warned: false, answered: false, ...flags });
const halted = (minutes: number, flags: Partial<ClockState> = {}): ClockState =>
  ({ startedAt: null, minutes, due: null, warnAt: null, breached: false, warned: false, answered: false, ...flags });

// Every instant below is worked out by hand: local time, then UTC (CET = UTC+1, CEST = UTC+2).
// Mon 16 March 2026 08:00 CET is 07:00Z; the ticket most tests start from is created then.
const monday = '2026-03-16T07:00:00.000Z';
const atMonday = create(monday);

describe('the SLA clocks of a ticket', () => {
  it('start at creation and count only working time, here over a weekend', () => {
    // Fri 13 March 17:00 CET. First response: 60 min on Friday, 60 from Mon 08:00 = 09:00 CET; warning 60 + 36 = 08:36.
    // Update: 60 + 180 = Mon 11:00 CET; warning 60 + 132 = 10:12. Solution: 60 + 600 (Mon) + 540 = Tue 17:00 CET; warning 60 + 600 + 300 = Tue 13:00.
    const friday = '2026-03-13T16:00:00.000Z';
    expect(create(friday)).toEqual({
      firstResponse: running(friday, 0, '2026-03-16T08:00:00.000Z', '2026-03-16T07:36:00.000Z'),
      update: running(friday, 0, '2026-03-16T10:00:00.000Z', '2026-03-16T09:12:00.000Z'),
      solution: running(friday, 0, '2026-03-17T16:00:00.000Z', '2026-03-17T12:00:00.000Z'),
    });
  });

  // Created at 17:00 local on the last working day before the days off: 60 min that day, the rest
  // the next working day from 08:00, so the first response is due at 09:00; an answer at 08:30 took 90 min.
  it.each([
    ['a weekend (Fri 13 March 17:00 CET)', frankfurt, '2026-03-13T16:00:00Z', '2026-03-16T08:00:00.000Z', '2026-03-16T07:30:00Z'],
    ['a Saturday night (23:00 CET, all 120 min on Monday: due 10:00)', frankfurt, '2026-03-14T22:00:00Z', '2026-03-16T09:00:00.000Z', '2026-03-16T08:30:00Z'],
    ['Good Friday and Easter Monday (Thu 2 April 17:00 CEST → Tue 7 April)', frankfurt, '2026-04-02T15:00:00Z', '2026-04-07T07:00:00.000Z', '2026-04-07T06:30:00Z'],
    ['1 May (Thu 30 April 17:00 CEST → Mon 4 May)', frankfurt, '2026-04-30T15:00:00Z', '2026-05-04T07:00:00.000Z', '2026-05-04T06:30:00Z'],
    ['Ascension (Wed 13 May 17:00 CEST → Fri 15 May)', frankfurt, '2026-05-13T15:00:00Z', '2026-05-15T07:00:00.000Z', '2026-05-15T06:30:00Z'],
    ['Whit Monday (Fri 22 May 17:00 CEST → Tue 26 May)', frankfurt, '2026-05-22T15:00:00Z', '2026-05-26T07:00:00.000Z', '2026-05-26T06:30:00Z'],
    ['Corpus Christi, a holiday in Hesse (Wed 3 June 17:00 CEST → Fri 5 June)', frankfurt, '2026-06-03T15:00:00Z', '2026-06-05T07:00:00.000Z', '2026-06-05T06:30:00Z'],
    ['3 October, a Friday in 2025 (Thu 2 October 17:00 CEST → Mon 6 October)', frankfurt, '2025-10-02T15:00:00Z', '2025-10-06T07:00:00.000Z', '2025-10-06T06:30:00Z'],
    ['spring forward on Sun 29 March (Fri 27 March 17:00 CET → Mon 30 March 09:00 CEST)', frankfurt, '2026-03-27T16:00:00Z', '2026-03-30T07:00:00.000Z', '2026-03-30T06:30:00Z'],
    ['fall back on Sun 25 October (Fri 23 October 17:00 CEST → Mon 26 October 09:00 CET)', frankfurt, '2026-10-23T15:00:00Z', '2026-10-26T08:00:00.000Z', '2026-10-26T07:30:00Z'],
    ['Christmas, 24–26 December with a lunch break (Wed 23 December 16:00 CET → Mon 28 December)', frankfurtLunch, '2026-12-23T15:00:00Z', '2026-12-28T08:00:00.000Z', '2026-12-28T07:30:00Z'],
    ['a lunch break (Mon 16 March 11:00 CET: 60 min to 12:00, 60 from 13:00 → 14:00; answer 13:30)', frankfurtLunch, '2026-03-16T10:00:00Z', '2026-03-16T13:00:00.000Z', '2026-03-16T12:30:00Z'],
    ['TARGET2 closing day 1 January 2027 on a TARGET2-only desk (Thu 31 December 17:00 CET → Mon 4 January)', settlement, '2026-12-31T16:00:00Z', '2027-01-04T08:00:00.000Z', '2027-01-04T07:30:00Z'],
  ])('count the first response over %s', (_, calendar, createdAt, due, answeredAt) => {
    const clocks = create(createdAt, calendar);
    expect(clocks.firstResponse.due).toBe(due);
    const answered = article(clocks, 'open', answer, answeredAt, calendar);
    expect(answered.firstResponse).toEqual(halted(90, { answered: true }));
    expect(answered.update).toEqual(halted(90, { answered: true }));
  });

  it('stop the first response at a customer-visible answer, not at a note, and count a late one as breached', () => {
    expect(article(atMonday, 'open', note, '2026-03-16T08:00:00Z')).toEqual(atMonday);
    // Due Mon 10:00 CET; answered at 10:30 CET, before the timer noticed: 150 min, breached. The update clock (due 12:00) was in time.
    const late = article(atMonday, 'open', answer, '2026-03-16T09:30:00Z');
    expect(late.firstResponse).toEqual(halted(150, { answered: true, breached: true }));
    expect(late.update).toEqual(halted(150, { answered: true }));
    expect(late.solution).toEqual(atMonday.solution);
    // Whole minutes, rounded down: an answer at 09:00:59 CET took 60 min, not 61.
    expect(article(atMonday, 'open', answer, '2026-03-16T08:00:59Z').firstResponse.minutes).toBe(60);
  });

  it('start a fresh update cycle at each customer article, and count an overdue cycle as breached', () => {
    const answered = article(atMonday, 'open', answer, '2026-03-16T09:30:00Z');
    // The customer writes at Mon 17:00 CET: 60 min on Monday, 180 on Tuesday = Tue 11:00 CET; warning 60 + 132 = Tue 10:12.
    const asked = article(answered, 'open', customer, '2026-03-16T16:00:00Z');
    expect(asked.update).toEqual(running('2026-03-16T16:00:00.000Z', 0, '2026-03-17T10:00:00.000Z', '2026-03-17T09:12:00.000Z'));
    expect(asked.firstResponse).toEqual(answered.firstResponse);
    // Again at Tue 12:00 CET, unanswered past the 11:00 due: breached stays; the new cycle is due 16:00, warning 15:12.
    expect(article(asked, 'open', customer, '2026-03-17T11:00:00Z').update).toEqual(
      running('2026-03-17T11:00:00.000Z', 0, '2026-03-17T15:00:00.000Z', '2026-03-17T14:12:00.000Z', { breached: true }),
    );
  });

  it('pause the update clock while pending and resume it with what was left, across the spring change', () => {
    // Fri 27 March 15:00 CET; pending at 16:00 CET after 60 of the 240 min. First response and solution keep running.
    const clocks = create('2026-03-27T14:00:00Z');
    const pending = change(clocks, 'open', 'pending-reminder', '2026-03-27T15:00:00Z');
    expect(pending.update).toEqual(halted(60));
    expect(pending.firstResponse).toEqual(clocks.firstResponse);
    expect(nextClockEvent(pending)).toBe(clocks.firstResponse.warnAt);
    // Back to open on Mon 30 March 17:00 CEST: 180 left, 60 on Monday, 120 on Tuesday = Tue 31 March 10:00 CEST;
    // warning after 132 more: 60 + 72 = Tue 09:12 CEST.
    expect(change(pending, 'pending-reminder', 'open', '2026-03-30T15:00:00Z').update).toEqual(
      running('2026-03-30T15:00:00.000Z', 60, '2026-03-31T08:00:00.000Z', '2026-03-31T07:12:00.000Z'),
    );
  });

  it('start a fresh cycle at a customer article while pending, which waits for the ticket to leave pending', () => {
    const pending = change(atMonday, 'open', 'pending-reminder', '2026-03-16T08:00:00Z');
    const asked = article(pending, 'pending-reminder', customer, '2026-03-16T10:00:00Z');
    expect(asked.update).toEqual(halted(0));
    // Open again on Tue 17 March 08:00 CET: the whole 240 min, due 12:00 CET, warning 11:12.
    expect(change(asked, 'pending-reminder', 'open', '2026-03-17T07:00:00Z').update).toEqual(
      running('2026-03-17T07:00:00.000Z', 0, '2026-03-17T11:00:00.000Z', '2026-03-17T10:12:00.000Z'),
    );
  });

  it('keep an answered update cycle stopped through a pending period: nobody is waiting', () => {
    const answered = article(atMonday, 'open', answer, '2026-03-16T08:00:00Z');
    const pending = change(answered, 'open', 'pending-reminder', '2026-03-16T08:30:00Z');
    expect(change(pending, 'pending-reminder', 'open', '2026-03-17T07:00:00Z').update).toEqual(halted(60, { answered: true }));
  });

  it('stop every clock on close; a reopen resumes solution with what is left, starts update afresh, and leaves an answered first response stopped', () => {
    const answered = article(atMonday, 'open', answer, '2026-03-16T08:00:00Z');
    // Closed Mon 18:00 CET: the solution clock took Monday's 600 min.
    const closed = change(answered, 'open', 'closed-successful', '2026-03-16T17:00:00Z');
    expect(closed).toEqual({ firstResponse: halted(60, { answered: true }), update: halted(60, { answered: true }), solution: halted(600) });
    expect(nextClockEvent(closed)).toBeNull();
    // Reopened Wed 18 March 08:00 CET: solution has 600 left = 18:00 CET, warning after 360 = 14:00; update afresh: 12:00, warning 11:12.
    const wednesday = '2026-03-18T07:00:00.000Z';
    expect(change(closed, 'closed-successful', 'open', wednesday)).toEqual({
      firstResponse: halted(60, { answered: true }),
      update: running(wednesday, 0, '2026-03-18T11:00:00.000Z', '2026-03-18T10:12:00.000Z'),
      solution: running(wednesday, 600, '2026-03-18T17:00:00.000Z', '2026-03-18T13:00:00.000Z'),
    });
  });

  it('resume an unanswered first response on reopen, and make an exhausted solution budget due at once', () => {
    // Closed unanswered at Mon 09:00 CET after 60 min; reopened Tue 17 March 08:00 CET: 60 left = 09:00 CET, warning after 36 = 08:36.
    const closed = change(atMonday, 'open', 'closed-unsuccessful', '2026-03-16T08:00:00Z');
    expect(closed.firstResponse).toEqual(halted(60));
    const tuesday = '2026-03-17T07:00:00.000Z';
    expect(change(closed, 'closed-unsuccessful', 'open', tuesday).firstResponse).toEqual(running(tuesday, 60, '2026-03-17T08:00:00.000Z', '2026-03-17T07:36:00.000Z'));
    // Closed Wed 18 March 12:00 CET after 600 + 600 + 240 = 1440 min, past Tuesday 18:00: breached.
    const late = change(atMonday, 'open', 'closed-successful', '2026-03-18T11:00:00Z');
    expect(late.solution).toEqual(halted(1440, { breached: true }));
    // Reopened Thu 19 March 10:00 CET: nothing left, due and warning at once; breached stays.
    const thursday = '2026-03-19T09:00:00.000Z';
    expect(change(late, 'closed-successful', 'open', thursday).solution).toEqual(running(thursday, 1440, thursday, thursday, { breached: true }));
  });

  it('stop everything when the ticket is merged, pending or not', () => {
    const pending = change(atMonday, 'open', 'pending-auto-close', '2026-03-16T08:00:00Z');
    // Merged Mon 10:00 CET: first response ran 120 min (due 10:00 reached: breached), solution 120, update paused after 60.
    const merged = change(pending, 'pending-auto-close', 'merged', '2026-03-16T09:00:00Z');
    expect(merged).toEqual({ firstResponse: halted(120, { breached: true }), update: halted(60), solution: halted(120) });
    expect(nextClockEvent(merged)).toBeNull();
  });

  it('flag the warning, then the breach, once each, while the timer moves on to the next instant', () => {
    // First response: warning Mon 09:36 CET, due 10:00 CET; update: warning 11:12, due 12:00; solution: warning Tue 14:00, due Tue 18:00.
    expect(nextClockEvent(atMonday)).toBe('2026-03-16T08:36:00.000Z');
    const warned = clocksAt(atMonday, new Date('2026-03-16T08:40:00Z'));
    expect(warned.events).toEqual([{ clock: 'firstResponse', kind: 'warning', at: '2026-03-16T08:36:00.000Z' }]);
    expect(warned.clocks.firstResponse).toEqual({ ...atMonday.firstResponse, warned: true });
    expect(nextClockEvent(warned.clocks)).toBe('2026-03-16T09:00:00.000Z');

    const breached = clocksAt(warned.clocks, new Date('2026-03-16T09:00:00Z'));
    expect(breached.events).toEqual([{ clock: 'firstResponse', kind: 'breach', at: '2026-03-16T09:00:00.000Z' }]);
    expect(breached.clocks.firstResponse).toMatchObject({ warned: true, breached: true });
    expect(nextClockEvent(breached.clocks)).toBe('2026-03-16T10:12:00.000Z');
    expect(clocksAt(breached.clocks, new Date('2026-03-16T09:00:00Z'))).toEqual({ clocks: breached.clocks, events: [] });

    // A timer that wakes late (Tue 18:00 CET) reports everything it missed, in order.
    const late = clocksAt(atMonday, new Date('2026-03-17T17:00:00Z'));
    expect(late.events.map(({ clock, kind, at }) => `${at} ${clock} ${kind}`)).toEqual([
      '2026-03-16T08:36:00.000Z firstResponse warning',
      '2026-03-16T09:00:00.000Z firstResponse breach',
      '2026-03-16T10:12:00.000Z update warning',
      '2026-03-16T11:00:00.000Z update breach',
      '2026-03-17T13:00:00.000Z solution warning',
      '2026-03-17T17:00:00.000Z solution breach',
    ]);
    expect(nextClockEvent(late.clocks)).toBeNull();
  });

  it('move due and warning instants when the calendar changes, keeping the flags', () => {
    const warned = clocksAt(atMonday, new Date('2026-03-16T08:40:00Z')).clocks;
    // The bank closes on Tue 17 March as well: the solution clock's 600 Tuesday minutes move to Wednesday: due 18:00, warning 14:00.
    const closedTuesday = calendarSchema.parse({ ...frankfurt, holidays: [...frankfurt.holidays, '2026-03-17'] });
    expect(clocksRecomputed(closedTuesday, sla, warned)).toEqual({
      firstResponse: warned.firstResponse,
      update: warned.update,
      solution: running(monday, 0, '2026-03-18T17:00:00.000Z', '2026-03-18T13:00:00.000Z'),
    });
    // A paused clock has nothing to move; a clock resumed after pending keeps what it had taken.
    // Pending at Mon 10:00 CET after 120 update minutes: nothing to move while paused.
    const paused = change(warned, 'open', 'pending-reminder', '2026-03-16T09:00:00Z');
    expect(clocksRecomputed(closedTuesday, sla, paused).update).toEqual(paused.update);
    // Resumed Mon 17:00 CET with 120 left: due Tue 09:00 on the old calendar; on the new one 60 on Monday,
    // Tuesday closed, 60 on Wednesday = 09:00 CET; warning after 72: Wed 08:12.
    const resumed = change(paused, 'pending-reminder', 'open', '2026-03-16T16:00:00Z');
    expect(resumed.update.due).toBe('2026-03-17T08:00:00.000Z');
    expect(clocksRecomputed(closedTuesday, sla, resumed).update).toEqual(
      running('2026-03-16T16:00:00.000Z', 120, '2026-03-18T08:00:00.000Z', '2026-03-18T07:12:00.000Z'),
    );
  });

  it('never change the clocks they are given', () => {
    const frozen = (clocks: TicketClocks): TicketClocks =>
      Object.freeze({ firstResponse: Object.freeze({ ...clocks.firstResponse }), update: Object.freeze({ ...clocks.update }), solution: Object.freeze({ ...clocks.solution }) });
    const given = frozen(atMonday);
    const later = new Date('2026-03-17T17:00:00Z');
    const results = [
      clocksAfterArticle(frankfurt, sla, given, 'open', answer, later),
      clocksAfterArticle(frankfurt, sla, given, 'open', customer, later),
      clocksAfterStateChange(frankfurt, sla, given, { from: 'open', to: 'closed-successful' }, later),
      clocksAfterStateChange(frankfurt, sla, given, { from: 'open', to: 'pending-reminder' }, later),
      clocksRecomputed(frankfurt, sla, given),
      clocksAt(given, later).clocks,
    ];
    // Frozen input: a transition that wrote to it would have thrown. Nor may a result share an object with it.
    expect(given).toEqual(atMonday);
    for (const result of results) for (const name of clockNames) expect(result[name]).not.toBe(given[name]);
  });
});
