import { describe, expect, it } from 'vitest';
import { continuousCalendar, type Calendar } from '../../../src-shared/sla/calendar.js';
import { dueAfterArticle as afterArticle, dueAfterStateChange as afterStateChange, dueAtCreation as atCreation, type DueInstants } from '../../../src-shared/sla/clocks.js';

// The clocks' rules, on the calendar where every minute counts; the business calendars below.
const dueAtCreation = (targets: typeof sla, at: Date, calendar: Calendar = continuousCalendar): DueInstants => atCreation(calendar, targets, at);
const dueAfterArticle = (...args: Parameters<typeof afterArticle> extends [Calendar, ...infer Rest] ? Rest : never): DueInstants => afterArticle(continuousCalendar, ...args);
const dueAfterStateChange = (...args: Parameters<typeof afterStateChange> extends [Calendar, ...infer Rest] ? Rest : never): DueInstants => afterStateChange(continuousCalendar, ...args);
const sla = { firstResponseMinutes: 30, updateMinutes: 120, solutionMinutes: 480, warningPercent: 80 };
const created = new Date('2025-03-10T08:00:00.000Z');
const later = new Date('2025-03-10T09:00:00.000Z');
const due = dueAtCreation(sla, created);

describe('SLA clocks in wall-clock minutes (the continuous calendar)', () => {
  it('start at creation', () => {
    expect(due).toEqual({ firstResponseDue: '2025-03-10T08:30:00.000Z', updateDue: '2025-03-10T10:00:00.000Z', solutionDue: '2025-03-10T16:00:00.000Z' });
  });

  it('stop the first-response clock at the first customer-visible agent article, not at a note', () => {
    expect(dueAfterArticle(due, 'open', sla, { sender: 'agent', visibility: 'internal' }, later)).toEqual(due);
    expect(dueAfterArticle(due, 'open', sla, { sender: 'agent', visibility: 'customer-visible' }, later).firstResponseDue).toBeNull();
  });

  it('restart the update clock at a customer article, except while pending', () => {
    expect(dueAfterArticle(due, 'open', sla, { sender: 'customer', visibility: 'customer-visible' }, later).updateDue).toBe('2025-03-10T11:00:00.000Z');
    const pending = dueAfterStateChange(due, sla, { from: 'open', to: 'pending-reminder', createdAt: created.toISOString(), firstResponded: false }, later);
    expect(pending.updateDue).toBeNull();
    expect(dueAfterArticle(pending, 'pending-reminder', sla, { sender: 'customer', visibility: 'customer-visible' }, later).updateDue).toBeNull();
    expect(dueAfterStateChange(pending, sla, { from: 'pending-reminder', to: 'open', createdAt: created.toISOString(), firstResponded: false }, later).updateDue).toBe('2025-03-10T11:00:00.000Z');
  });

  it('clear every clock on close and anchor them at creation again on reopen', () => {
    const closed = dueAfterStateChange(due, sla, { from: 'open', to: 'closed-successful', createdAt: created.toISOString(), firstResponded: false }, later);
    expect(closed).toEqual({ firstResponseDue: null, updateDue: null, solutionDue: null });
    const reopened = dueAfterStateChange(closed, sla, { from: 'closed-successful', to: 'open', createdAt: created.toISOString(), firstResponded: true }, later);
    expect(reopened).toEqual({ firstResponseDue: null, updateDue: '2025-03-10T11:00:00.000Z', solutionDue: '2025-03-10T16:00:00.000Z' });
  });
});

describe('SLA clocks on a business calendar', () => {
  const office: [number, number][] = [[480, 1080]];
  const frankfurt: Calendar = { name: 'Frankfurt', timeZone: 'Europe/Berlin', weekdays: [[], office, office, office, office, office, []], holidays: ['2026-04-03', '2026-04-06'] };
  const targets = { firstResponseMinutes: 120, updateMinutes: 240, solutionMinutes: 1200, warningPercent: 80 };

  it('count only working time from a ticket opened on a Thursday evening before Easter', () => {
    // Thu 2 April 2026 17:00 CEST. First response: 60 min on Thursday, 60 from Tue 7 April 08:00 = 09:00 CEST.
    // Update: 60 + 180 = 11:00 CEST on Tuesday. Solution: 60 + 600 (Tuesday) + 540 = Wednesday 17:00 CEST.
    expect(dueAtCreation(targets, new Date('2026-04-02T15:00:00Z'), frankfurt)).toEqual({
      firstResponseDue: '2026-04-07T07:00:00.000Z',
      updateDue: '2026-04-07T09:00:00.000Z',
      solutionDue: '2026-04-08T15:00:00.000Z',
    });
  });
});
