import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageWriter } from '../../../src-main/cache/apply-page.js';
import { migrateCache } from '../../../src-main/cache/migrate.js';
import { buildReport } from '../../../src-main/reports/report-builder.js';
import { departmentOverview } from '../../../src-main/reports/department-overview.js';
import { reportHash } from '../../../src-main/reports/report-hash.js';
import { MinutesUntil } from '../../../src-main/reports/sla-section.js';
import { workingMinutesBetween } from '../../../src-shared/sla/calendar.js';
import type { Report, ReportCell, ReportRequest } from '../../../src-shared/reports/model.js';
import { lastWeek, periodBounds, periodBuckets, periodContaining, shiftPeriod } from '../../../src-shared/reports/period.js';
import type { ChangesResponse } from '../../../src-shared/sync/protocol.js';
import type { Ticket } from '../../../src-shared/sync/entities.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

/**
 * The report builder on a small cache written through the feed's own page writer, with cases
 * chosen by hand: the week of 19–25 October 2026, across the end of summer time (Sunday 25th,
 * 03:00 → 02:00), so that a naive UTC+2 would put a Sunday-night ticket into the next week.
 * The acceptance test against PostgreSQL on a seeded bank is report-sql.test.ts.
 */

const ids = {
  calendar: '00000000-0000-4000-8000-000000000001',
  sla: '00000000-0000-4000-8000-000000000002',
  serviceLine: '00000000-0000-4000-8000-000000000003',
  settlement: '00000000-0000-4000-8000-000000000004',
};
const ticketId = (n: number): string => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const serverTime = '2026-10-26T12:00:00.000Z';

function ticket(n: number, fields: Partial<Ticket>): Ticket {
  const clock = { StartedAt: null, Minutes: 0, Due: null, WarnAt: null, Breached: false, Warned: false, Answered: false };
  const clocks = Object.fromEntries(['firstResponse', 'update', 'solution'].flatMap((name) => Object.entries(clock).map(([suffix, value]) => [`${name}${suffix}`, value])));
  return {
    id: ticketId(n), number: `2026101900000${String(n)}`, title: `Ticket ${String(n)}`, queueId: ids.serviceLine, type: 'incident', state: 'open', priority: 3,
    locked: false, ownerId: null, responsibleId: null, customerUserId: null, institutionId: 'inst-1', pendingUntil: null, slaId: null,
    ...(clocks as Pick<Ticket, 'firstResponseMinutes'>),
    createdAt: '2026-10-20T08:00:00.000Z', createdBy: 'agent-1', updatedAt: serverTime, version: 1, ...fields,
  } as Ticket;
}

let historyId = 0;
function history(ticketNumber: number, event: string, data: Record<string, unknown>, occurredAt: string) {
  historyId += 1;
  return { entity: 'history' as const, id: String(historyId), data: { id: String(historyId), ticketId: ticketId(ticketNumber), event, actorId: 'agent-1', data, occurredAt } };
}

const tickets = [
  // Monday 19th 00:30 in Berlin (still summer time): the week's first ticket. Answered, closed on the 20th, never moved.
  ticket(1, {
    createdAt: '2026-10-18T22:30:00.000Z', state: 'closed-successful', firstResponseMinutes: 30, firstResponseAnswered: true,
    solutionMinutes: 500, updateAnswered: true,
  }),
  // Sunday 18th 23:30 in Berlin: the week before, still open at its start.
  ticket(2, { createdAt: '2026-10-18T21:30:00.000Z', institutionId: null }),
  // Sunday 25th 23:30 in Berlin, winter time (22:30Z): still this week. Started in ServiceLine, moved, first response late.
  ticket(3, {
    createdAt: '2026-10-25T22:30:00.000Z', queueId: ids.settlement, firstResponseBreached: true, firstResponseMinutes: 90,
    solutionStartedAt: '2026-10-25T22:30:00.000Z', updateStartedAt: '2026-10-25T22:30:00.000Z',
  }),
  // A complaint closed and reopened by the customer; its solution clock runs, late since before the data's time.
  ticket(4, {
    createdAt: '2026-10-21T08:00:00.000Z', queueId: ids.settlement, type: 'complaint', priority: 5, firstResponseAnswered: true, firstResponseMinutes: 20,
    solutionStartedAt: '2026-10-22T08:00:00.000Z', solutionMinutes: 1400, solutionBreached: true, updateStartedAt: '2026-10-22T08:00:00.000Z',
  }),
];

function page(): ChangesResponse {
  const changes = [
    { entity: 'calendar' as const, id: ids.calendar, data: { id: ids.calendar, name: 'Frankfurt', timeZone: 'Europe/Berlin', weekdays: [[], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], []], holidays: [], valid: true, version: 1 } },
    { entity: 'sla' as const, id: ids.sla, data: { id: ids.sla, name: 'Standard', calendarId: ids.calendar, firstResponseMinutes: 60, updateMinutes: 240, solutionMinutes: 1440, warningPercent: 80, valid: true, version: 1 } },
    { entity: 'queue' as const, id: ids.serviceLine, data: { id: ids.serviceLine, name: 'ServiceLine', group: 'serviceline', slaId: ids.sla, valid: true, version: 1 } },
    { entity: 'queue' as const, id: ids.settlement, data: { id: ids.settlement, name: 'Wertpapiere::Abwicklung', group: 'settlement', slaId: ids.sla, valid: true, version: 1 } },
    { entity: 'institution' as const, id: 'inst-1', data: { id: 'inst-1', name: 'Bank Ärzte eG', valid: true, version: 1 } },
    { entity: 'agent' as const, id: 'agent-1', data: { id: 'agent-1', username: 'hmeier', displayName: 'Heike Meier', email: null, ownerGroups: [], valid: true, version: 1 } },
    ...tickets.map((t) => ({ entity: 'ticket' as const, id: t.id, data: t })),
    ...tickets.map((t, index) => history(index + 1, 'created', { number: t.number, queueId: ids.serviceLine }, t.createdAt)),
    history(1, 'state-changed', { from: 'new', to: 'closed-successful' }, '2026-10-20T10:00:00.000Z'),
    history(3, 'moved', { fromQueueId: ids.serviceLine, toQueueId: ids.settlement }, '2026-10-25T22:45:00.000Z'),
    history(4, 'moved', { fromQueueId: ids.serviceLine, toQueueId: ids.settlement }, '2026-10-21T08:30:00.000Z'),
    history(4, 'state-changed', { from: 'new', to: 'closed-unsuccessful' }, '2026-10-21T09:00:00.000Z'),
    history(4, 'state-changed', { from: 'closed-unsuccessful', to: 'open', reason: 'customer-follow-up' }, '2026-10-22T08:00:00.000Z'),
    { entity: 'article' as const, id: '00000000-0000-4000-8000-000000000201', data: { id: '00000000-0000-4000-8000-000000000201', ticketId: ticketId(1), channel: 'phone', visibility: 'customer-visible', sender: 'customer', authorId: null, subject: 'a', body: 'b', timeUnits: 0, attachments: [], createdAt: '2026-10-18T22:30:00.000Z', performedAt: '2026-10-18T22:30:00.000Z', version: 1 } },
    { entity: 'article' as const, id: '00000000-0000-4000-8000-000000000202', data: { id: '00000000-0000-4000-8000-000000000202', ticketId: ticketId(4), channel: 'email', visibility: 'customer-visible', sender: 'customer', authorId: null, subject: 'a', body: 'b', timeUnits: 0, attachments: [], createdAt: '2026-10-21T08:00:00.000Z', performedAt: '2026-10-21T08:00:00.000Z', version: 1 } },
    ...[
      [1, 'agent-1', 30, '2026-10-20T09:00:00.000Z'],
      [4, 'someone-gone', 45, '2026-10-22T09:00:00.000Z'],
      [2, 'agent-1', 15, '2026-10-25T23:00:00.000Z'],
    ].map(([n, agentId, minutes, at], index) => {
      const id = `00000000-0000-4000-8000-00000000030${String(index)}`;
      return { entity: 'time-entry' as const, id, data: { id, ticketId: ticketId(n as number), agentId, minutes, note: '', createdAt: at, performedAt: at } };
    }),
  ];
  return { changes: changes.map((change, index) => ({ seq: String(index + 1), op: 'upsert', ...change })), cursor: 'c1', hasMore: false, serverTime, phase: 'log', position: changes.length } as unknown as ChangesResponse;
}

let db: Database.Database;
const week = { kind: 'week' as const, from: '2026-10-19', to: '2026-10-25' };
const context = { now: new Date('2026-10-26T12:05:00.000Z'), generatedBy: 'Heike Meier', retentionMonths: 12, readable: (group: string) => group !== 'helpdesk' };

function build(request: Omit<ReportRequest, 'period'> & { period?: ReportRequest['period'] }): Report {
  const result = buildReport(db, { period: week, ...request }, context);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function rows(report: Report, tableId: string): ReportCell[][] {
  const found = report.sections.flatMap((section) => section.tables).find((table) => table.id === tableId);
  if (!found) throw new Error(`no table ${tableId}`);
  return found.total ? [...found.rows, found.total] : found.rows;
}

beforeAll(() => {
  db = new Database(path.join(temporaryDirectory('kontor-reports-'), 'cache.sqlite'));
  migrateCache(db);
  new PageWriter(db).apply(page());
});
afterAll(() => db.close());

describe('periods in Europe/Berlin', () => {
  it('turns local dates into instants where each Berlin day begins, 169 hours for the week summer time ends', () => {
    const { start, end } = periodBounds(week);
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(169);
    const spring = periodBounds({ from: '2026-03-23', to: '2026-03-29' });
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(167);
  });

  it('names last week, months, quarters and years, and steps through them', () => {
    expect(lastWeek(new Date('2026-12-02T01:00:00.000Z'))).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    // Monday 00:30 in Berlin is still Sunday in UTC: last week is the one before Berlin's week.
    expect(lastWeek(new Date('2026-11-29T23:30:00.000Z'))).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    expect(periodContaining('quarter', '2026-05-17')).toEqual({ kind: 'quarter', from: '2026-04-01', to: '2026-06-30' });
    expect(periodContaining('month', '2028-02-10')).toEqual({ kind: 'month', from: '2028-02-01', to: '2028-02-29' });
    expect(shiftPeriod({ kind: 'year', from: '2026-01-01', to: '2026-12-31' }, -1)).toEqual({ kind: 'year', from: '2025-01-01', to: '2025-12-31' });
    expect(shiftPeriod({ kind: 'range', from: '2026-10-01', to: '2026-10-10' }, 1)).toEqual({ kind: 'range', from: '2026-10-11', to: '2026-10-20' });
  });

  it('steps by day, ISO week or month, the first clipped to the period', () => {
    expect(periodBuckets(week).map((bucket) => bucket.label)).toEqual(['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
    expect(periodBuckets({ from: '2026-09-30', to: '2026-11-30' }).map((bucket) => bucket.label).slice(0, 3)).toEqual(['2026-09-30', '2026-10-05', '2026-10-12']);
    expect(periodBuckets({ from: '2026-01-15', to: '2026-12-31' }).map((bucket) => bucket.label).slice(0, 3)).toEqual(['2026-01-15', '2026-02-01', '2026-03-01']);
  });
});

describe('the reports on a hand-made cache', () => {
  it('counts each clock as met, breached or running, and the Sunday-night ticket of winter time in its week', () => {
    const report = build({ kind: 'sla', scope: { kind: 'all' } });
    expect(report.tickets).toEqual(['20261019000001', '20261019000003', '20261019000004']);
    expect(rows(report, 'sla-clocks')).toEqual([
      ['first-response', 2, 1, 0, 3, 66.7, 33.3],
      ['update', 1, 0, 2, 3, 33.3, 0],
      ['solution', 1, 1, 1, 3, 33.3, 33.3],
    ]);
    expect(rows(report, 'sla-by-queue')).toEqual([
      ['ServiceLine', 1, 1, 0, 0, 0, 0, 0, 100],
      ['Wertpapiere::Abwicklung', 2, 0, 2, 0, 1, 0, 1, 0],
      ['total', 3, 1, 2, 0, 1, 0, 1, 33.3],
    ]);
    expect(rows(report, 'sla-by-priority').map((row) => row[0])).toEqual(['priority-3', 'priority-5', 'total']);
  });

  it('says by how much working time each breached clock is late: stopped from its minutes, running up to the data time', () => {
    const report = build({ kind: 'sla', scope: { kind: 'all' } });
    // 4: 1400 taken before the reopen + Thu 10:00–18:00, Fri, Mon 08:00–13:00 (1380) − 1440.
    expect(rows(report, 'sla-offenders')).toEqual([
      ['20261019000004', 'Ticket 4', 'Bank Ärzte eG', 'Wertpapiere::Abwicklung', 'solution', 1340],
      ['20261019000003', 'Ticket 3', 'Bank Ärzte eG', 'Wertpapiere::Abwicklung', 'first-response', 30],
    ]);
  });

  it('walks the flow day by day: closings, the reopening, and the backlog at each Berlin midnight', () => {
    const report = build({ kind: 'volume', scope: { kind: 'all' } });
    expect(rows(report, 'volume-flow')).toEqual([
      ['2026-10-19', 1, 0, 0, 1, 2],
      ['2026-10-20', 0, 1, 0, 2, 1],
      ['2026-10-21', 1, 1, 0, 1, 1],
      ['2026-10-22', 0, 0, 1, 1, 2],
      ['2026-10-23', 0, 0, 0, 2, 2],
      ['2026-10-24', 0, 0, 0, 2, 2],
      ['2026-10-25', 1, 0, 0, 2, 3],
      ['total', 3, 2, 1, 1, 3],
    ]);
    expect(rows(report, 'volume-by-channel')).toEqual([['phone', 1], ['email', 1], ['none', 1], ['total', 3]]);
    expect(rows(report, 'first-level')).toEqual([['first-level', 2, 1, 50]]);
  });

  it('tells the times from the stored minutes, and the first move in calendar time', () => {
    const report = build({ kind: 'times', scope: { kind: 'all' } });
    expect(rows(report, 'times-summary')).toEqual([
      ['first-response', 2, 20, 30, 25],
      ['solution', 1, 500, 500, 500],
      ['first-move', 2, 15, 30, 23],
    ]);
    expect(rows(report, 'times-solution-distribution').find((row) => row[0] === 'range-480')).toEqual(['range-480', 1, 100]);
  });

  it('adds up accounted time four ways to one total, an unknown agent by their id', () => {
    const report = build({ kind: 'time-accounting', scope: { kind: 'all' } });
    expect(rows(report, 'time-by-department')).toEqual([['settlement', 1, 45, 60], ['serviceline', 1, 30, 40], ['total', 2, 75, 100]]);
    expect(rows(report, 'time-by-agent')).toEqual([['someone-gone', 1, 45, 60], ['Heike Meier', 1, 30, 40], ['total', 2, 75, 100]]);
    expect(rows(report, 'time-by-institution')).toEqual([['Bank Ärzte eG', 2, 75, 100], ['total', 2, 75, 100]]);
  });

  it('keeps a department to its queues, and refuses scopes the cache does not know', () => {
    const report = build({ kind: 'sla', scope: { kind: 'department', group: 'settlement' } });
    expect(report.tickets).toEqual(['20261019000003', '20261019000004']);
    expect(report.scopeName).toBe('settlement');
    const unknown = buildReport(db, { kind: 'sla', period: week, scope: { kind: 'department', group: 'helpdesk' } }, context);
    expect(unknown.ok ? null : unknown.error.reason).toBe('unknown-scope');
    const service = buildReport(db, { kind: 'institution-service', period: week, scope: { kind: 'all' } }, context);
    expect(service.ok ? null : service.error.reason).toBe('invalid-scope');
  });

  it('makes the service report for one institution without any queue or agent name', () => {
    const report = build({ kind: 'institution-service', scope: { kind: 'institution', institutionId: 'inst-1' } });
    expect(rows(report, 'service-tickets')).toEqual([
      ['20261019000001', 'Ticket 1', 'incident', '2026-10-19', 'closed-successful', 'met', 'met'],
      ['20261019000003', 'Ticket 3', 'incident', '2026-10-25', 'open', 'breached', 'running'],
      ['20261019000004', 'Ticket 4', 'complaint', '2026-10-21', 'open', 'met', 'breached'],
    ]);
    // Not in its tables, not in its header: the report is the bank's, made on a date.
    expect([report.generatedBy, report.queues]).toEqual(['', []]);
    const text = JSON.stringify(report);
    for (const internal of ['Heike Meier', 'hmeier', 'Wertpapiere', 'ServiceLine']) expect(text).not.toContain(internal);
  });

  it('counts a ticket of an institution the cache does not know yet under its id, and of a queue it lacks, the same as the rest', () => {
    const other = new Database(path.join(temporaryDirectory('kontor-reports-'), 'cache.sqlite'));
    try {
      migrateCache(other);
      new PageWriter(other).apply(page());
      const extra = [ticket(5, { institutionId: 'inst-unknown', createdAt: '2026-10-22T08:00:00.000Z', firstResponseBreached: true, firstResponseMinutes: 70 })];
      new PageWriter(other).apply({ ...page(), changes: extra.map((t, index) => ({ seq: String(100 + index), op: 'upsert', entity: 'ticket', id: t.id, data: t })), cursor: 'c2' } as unknown as ChangesResponse);
      const withUnknown = buildReport(other, { kind: 'sla', period: week, scope: { kind: 'all' } }, context);
      if (!withUnknown.ok) throw new Error(withUnknown.error.message);
      expect(rows(withUnknown.value, 'sla-by-institution')).toEqual([
        ['Bank Ärzte eG', 3, 1, 2, 0, 1, 0, 1, 33.3],
        ['inst-unknown', 1, 0, 1, 0, 1, 0, 0, 0],
        ['total', 4, 1, 3, 0, 2, 0, 1, 25],
      ]);
      // Without the stranger, and one ticket's queue unknown: the clocks as before.
      other.prepare('DELETE FROM tickets WHERE "institution_id" = ?').run('inst-unknown');
      other.prepare('UPDATE tickets SET "queue_id" = ? WHERE "number" = ?').run('queue-not-cached', '20261019000001');
      const withoutQueue = buildReport(other, { kind: 'sla', period: week, scope: { kind: 'all' } }, context);
      if (!withoutQueue.ok) throw new Error(withoutQueue.error.message);
      expect(rows(withoutQueue.value, 'sla-by-queue')).toEqual([
        ['queue-not-cached', 1, 1, 0, 0, 0, 0, 0, 100],
        ['Wertpapiere::Abwicklung', 2, 0, 2, 0, 1, 0, 1, 0],
        ['total', 3, 1, 2, 0, 1, 0, 1, 33.3],
      ]);
      expect(rows(withoutQueue.value, 'sla-clocks')).toEqual(rows(build({ kind: 'sla', scope: { kind: 'all' } }), 'sla-clocks'));
    } finally {
      other.close();
    }
  });

  it('gives the wall screen each clock about to breach with the calendar its time left counts on', () => {
    const other = new Database(path.join(temporaryDirectory('kontor-reports-'), 'cache.sqlite'));
    try {
      migrateCache(other);
      new PageWriter(other).apply(page());
      const warned = ticket(6, { queueId: ids.settlement, updateStartedAt: '2026-10-26T08:00:00.000Z', updateDue: '2026-10-26T12:00:00.000Z', updateWarned: true });
      new PageWriter(other).apply({ ...page(), changes: [{ seq: '200', op: 'upsert', entity: 'ticket', id: warned.id, data: warned }], cursor: 'c2' } as unknown as ChangesResponse);
      const overview = departmentOverview(other, 'settlement');
      expect(overview.nearBreach).toEqual([
        { ticketId: warned.id, number: warned.number, title: 'Ticket 6', queue: 'Wertpapiere::Abwicklung', clock: 'update', due: '2026-10-26T12:00:00.000Z', calendarId: ids.calendar },
      ]);
      expect(Object.keys(overview.calendars)).toEqual([ids.calendar]);
      expect(overview.calendars[ids.calendar]?.weekdays[1]).toEqual([[480, 1080]]);
      expect(departmentOverview(other, 'serviceline').nearBreach).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('hashes the content, not who made it when, and any changed number changes the hash', () => {
    const first = build({ kind: 'sla', scope: { kind: 'all' } });
    const again = { ...build({ kind: 'sla', scope: { kind: 'all' } }), generatedAt: '2030-01-01T00:00:00.000Z', generatedBy: 'someone else' };
    expect(reportHash(again)).toBe(reportHash(first));
    const changed = structuredClone(first);
    const cell = changed.sections[0]?.tables[0]?.rows[0];
    if (cell) cell[1] = 3;
    expect(reportHash(changed)).not.toBe(reportHash(first));
  });
});

describe('working minutes up to the data time', () => {
  it('counts from any instant exactly as the calendar math does, across both clock changes and holidays, each day once', () => {
    const calendar = {
      id: ids.calendar, name: 'Frankfurt', timeZone: 'Europe/Berlin', valid: true, version: 1,
      weekdays: [[], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], []] as [number, number][][],
      holidays: ['2026-04-03', '2026-04-06', '2026-05-01', '2026-10-03', '2026-12-24', '2026-12-25'],
    };
    const until = new Date('2026-12-28T14:17:31.250Z');
    const counter = new MinutesUntil(calendar, until);
    // A fixed spread of instants over the year, seconds and milliseconds included, some after `until`.
    for (let step = 0; step < 400; step += 1) {
      const start = new Date(Date.parse('2026-01-01T00:00:00.000Z') + step * 81_234_567 + (step % 7) * 1_013);
      expect(counter.from(start)).toBeCloseTo(start >= until ? 0 : workingMinutesBetween(calendar, start, until), 9);
    }
  });
});
