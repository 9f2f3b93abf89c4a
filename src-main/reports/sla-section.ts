import type { ColumnKind, ReportCell, ReportSection, ReportTable } from '../../src-shared/reports/model.js';
import { addDays, bucketFinder, periodBuckets } from '../../src-shared/reports/period.js';
import { workingMinutesBetween, zonedDate, zonedDayStart } from '../../src-shared/sla/calendar.js';
import type { CalendarEntity } from '../../src-shared/sync/entities.js';
import { clockNames, type ClockName } from '../../src-shared/sla/clocks.js';
import { clockStatus, type CacheReader, type LateClock, type ReportTicket } from './report-source.js';
import { byName, clockTerms, percentOf, table, Tally } from './report-tables.js';

/** SLA compliance (docs/reports.md "SLA compliance"): per clock, per group, and the breached clocks. */

/** Rows of the breached-clocks list that are printed; the rest are counted as omitted. */
export const offendersShown = 200;

const targetOf: Record<ClockName, 'firstResponseMinutes' | 'updateMinutes' | 'solutionMinutes'> = {
  firstResponse: 'firstResponseMinutes',
  update: 'updateMinutes',
  solution: 'solutionMinutes',
};

/** Per clock: met, breached, running among the tickets, with shares. */
export function clockTable(id: string, tickets: readonly ReportTicket[]): ReportTable {
  const rows = clockNames.map((clock): ReportCell[] => {
    let met = 0;
    let breached = 0;
    let running = 0;
    for (const ticket of tickets) {
      const status = clockStatus(ticket, clock);
      if (status === 'met') met += 1;
      else if (status === 'breached') breached += 1;
      else running += 1;
    }
    return [clockTerms[clock], met, breached, running, tickets.length, percentOf(met, tickets.length), percentOf(breached, tickets.length)];
  });
  return table(
    id,
    [['clock', 'term'], ['met', 'count'], ['breached', 'count'], ['running', 'count'], ['tickets', 'count'], ['met-percent', 'percent'], ['breached-percent', 'percent']],
    rows,
  );
}

function groupCounts(tickets: readonly ReportTicket[]): number[] {
  let breachedTickets = 0;
  let running = 0;
  let firstResponse = 0;
  let update = 0;
  let solution = 0;
  for (const ticket of tickets) {
    const late = [ticket.firstResponseStatus === 'breached', ticket.updateStatus === 'breached', ticket.solutionStatus === 'breached'] as const;
    if (late[0]) firstResponse += 1;
    if (late[1]) update += 1;
    if (late[2]) solution += 1;
    if (late[0] || late[1] || late[2]) breachedTickets += 1;
    else if (ticket.firstResponseStatus === 'running' || ticket.updateStatus === 'running' || ticket.solutionStatus === 'running') running += 1;
  }
  return [tickets.length, tickets.length - breachedTickets, breachedTickets, running, firstResponse, update, solution];
}

/** Tickets, compliant, breached tickets, running, breached per clock, compliance % — per group, with a total row. */
export function groupTable(id: string, label: readonly [key: string, kind: ColumnKind], groups: { label: ReportCell; items: ReportTicket[] }[], all: readonly ReportTicket[]): ReportTable {
  const row = (cell: ReportCell, tickets: readonly ReportTicket[]): ReportCell[] => {
    const counts = groupCounts(tickets);
    return [cell, ...counts, percentOf(counts[1] ?? 0, counts[0] ?? 0)];
  };
  return table(
    id,
    [
      label,
      ['tickets', 'count'],
      ['compliant', 'count'],
      ['breached-tickets', 'count'],
      ['running', 'count'],
      ['first-response-breached', 'count'],
      ['update-breached', 'count'],
      ['solution-breached', 'count'],
      ['compliance-percent', 'percent'],
    ],
    groups.map((group) => row(group.label, group.items)),
    row('total', all),
  );
}

/** Groups by name, "none" last. */
function sortedByLabel(groups: { key: string; label: ReportCell; items: ReportTicket[] }[]): { label: ReportCell; items: ReportTicket[] }[] {
  return groups.sort((a, b) => (a.label === null ? 1 : b.label === null ? -1 : byName(String(a.label), String(b.label))));
}

export function byQueue(source: CacheReader, tickets: readonly ReportTicket[]): { label: ReportCell; items: ReportTicket[] }[] {
  const tally = new Tally<ReportTicket>();
  for (const ticket of tickets) tally.add(ticket.queueId, source.queueName(ticket.queueId), ticket);
  return sortedByLabel(tally.entries());
}

export function byInstitution(source: CacheReader, tickets: readonly ReportTicket[]): { label: ReportCell; items: ReportTicket[] }[] {
  const tally = new Tally<ReportTicket>();
  for (const ticket of tickets) {
    const name = ticket.institutionId === null ? null : source.institutionName(ticket.institutionId);
    tally.add(ticket.institutionId ?? '', ticket.institutionId === null ? null : name ?? ticket.institutionId, ticket);
  }
  return sortedByLabel(tally.entries());
}

/**
 * Working minutes from many instants up to one instant (the data's time) on one calendar. A clock
 * late since months would cost a walk over every day between; here each day is counted once per
 * report and each instant adds only the rest of its own day.
 */
export class MinutesUntil {
  /** Working minutes from the start of a local day up to `until`. */
  private readonly fromDay = new Map<string, number>();

  constructor(
    private readonly calendar: CalendarEntity,
    private readonly until: Date,
  ) {}

  from(start: Date): number {
    if (start >= this.until) return 0;
    const next = addDays(zonedDate(start, this.calendar.timeZone), 1);
    const nextStart = zonedDayStart(next, this.calendar.timeZone);
    if (nextStart >= this.until) return workingMinutesBetween(this.calendar, start, this.until);
    return workingMinutesBetween(this.calendar, start, nextStart) + this.fromDayStart(next);
  }

  private fromDayStart(day: string): number {
    const zone = this.calendar.timeZone;
    const pending: string[] = [];
    let total: number | undefined;
    for (let date = day; total === undefined; date = addDays(date, 1)) {
      total = this.fromDay.get(date);
      if (total !== undefined) break;
      const start = zonedDayStart(date, zone);
      const end = zonedDayStart(addDays(date, 1), zone);
      if (end >= this.until) {
        total = workingMinutesBetween(this.calendar, start, this.until);
        this.fromDay.set(date, total);
        break;
      }
      pending.push(date);
    }
    for (const date of pending.reverse()) {
      total += workingMinutesBetween(this.calendar, zonedDayStart(date, zone), zonedDayStart(addDays(date, 1), zone));
      this.fromDay.set(date, total);
    }
    return total;
  }
}

/** The working minutes a breached clock is late by: stopped, what it took over target; running, up to `asOf` as well. */
function minutesOver(source: CacheReader, ticket: ReportTicket, facts: LateClock, clock: ClockName, until: (calendar: CalendarEntity) => MinutesUntil): number | null {
  const sla = source.slaOf(ticket);
  if (sla === null) return null;
  // Whole minutes, rounded down as the clocks count a segment (docs/decisions/sla-clocks.md).
  const running = facts.startedAt === null ? 0 : Math.floor(until(sla.calendar).from(new Date(facts.startedAt)));
  return Math.max(0, facts.minutes + running - sla.sla[targetOf[clock]]);
}

export function offendersTable(source: CacheReader, tickets: readonly ReportTicket[], asOf: Date): ReportTable {
  const order = new Map(clockNames.map((clock, index) => [clock, index]));
  const rows: { cells: ReportCell[]; over: number; number: string; clock: number }[] = [];
  const untils = new Map<string, MinutesUntil>();
  const until = (calendar: CalendarEntity): MinutesUntil => {
    let found = untils.get(calendar.id);
    if (!found) {
      found = new MinutesUntil(calendar, asOf);
      untils.set(calendar.id, found);
    }
    return found;
  };
  for (const ticket of tickets) {
    for (const clock of clockNames) {
      const facts = ticket[`${clock}Late`];
      if (facts === null) continue;
      const over = minutesOver(source, ticket, facts, clock, until);
      const institution = ticket.institutionId === null ? null : source.institutionName(ticket.institutionId);
      rows.push({
        // The title is read for the rows shown only.
        cells: [ticket.number, ticket.id, ticket.institutionId === null ? null : institution ?? ticket.institutionId, source.queueName(ticket.queueId), clockTerms[clock], over],
        over: over ?? -1,
        number: ticket.number,
        clock: order.get(clock) ?? 0,
      });
    }
  }
  rows.sort((a, b) => b.over - a.over || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0) || a.clock - b.clock);
  const shown = rows.slice(0, offendersShown);
  const titles = source.titles(shown.map((row) => String(row.cells[1])));
  return table(
    'sla-offenders',
    [['number', 'ticket'], ['title', 'text'], ['institution', 'text'], ['queue', 'text'], ['clock', 'term'], ['over-minutes', 'minutes']],
    shown.map((row) => {
      const [number, id, ...rest] = row.cells;
      return [number ?? null, titles.get(String(id)) ?? '', ...rest];
    }),
    null,
    Math.max(0, rows.length - offendersShown),
  );
}

export function slaSections(source: CacheReader, cohort: readonly ReportTicket[], period: { from: string; to: string }, asOf: Date): ReportSection[] {
  const priorities = new Tally<ReportTicket>();
  for (const ticket of [...cohort].sort((a, b) => a.priority - b.priority)) priorities.add(String(ticket.priority), `priority-${String(ticket.priority)}`, ticket);
  // Every ISO week of the period is a row, in order, even a quiet one; its label is its first day in the period.
  const weeks = periodBuckets(period, 'week');
  const weekGroups = weeks.map((bucket) => ({ label: bucket.label, items: [] as ReportTicket[] }));
  const bucketOf = bucketFinder(weeks);
  for (const ticket of cohort) weekGroups[bucketOf(ticket.createdAt)]?.items.push(ticket);
  return [
    { id: 'sla-clocks', charts: [{ id: 'sla-clocks', kind: 'stacked-bar', table: 'sla-clocks', label: 'clock', series: ['met', 'breached', 'running'], lines: [] }], tables: [clockTable('sla-clocks', cohort)] },
    {
      id: 'sla-groups',
      charts: [
        { id: 'sla-by-week', kind: 'stacked-bar', table: 'sla-by-week', label: 'bucket', series: ['compliant', 'breached-tickets'], lines: [] },
        { id: 'sla-by-queue', kind: 'stacked-bar', table: 'sla-by-queue', label: 'queue', series: ['compliant', 'breached-tickets'], lines: [] },
      ],
      tables: [
        groupTable('sla-by-queue', ['queue', 'text'], byQueue(source, cohort), cohort),
        groupTable('sla-by-institution', ['institution', 'text'], byInstitution(source, cohort), cohort),
        groupTable('sla-by-priority', ['priority', 'term'], priorities.entries(), cohort),
        groupTable('sla-by-week', ['bucket', 'date'], weekGroups, cohort),
      ],
    },
    { id: 'sla-offenders', charts: [], tables: [offendersTable(source, cohort, asOf)] },
  ];
}
