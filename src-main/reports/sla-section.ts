import type { ColumnKind, ReportCell, ReportSection, ReportTable } from '../../src-shared/reports/model.js';
import { addDays } from '../../src-shared/reports/period.js';
import { workingMinutesBetween, zonedDate, zonedDayStart } from '../../src-shared/sla/calendar.js';
import type { CalendarEntity } from '../../src-shared/sync/entities.js';
import { clockNames, type ClockName } from '../../src-shared/sla/clocks.js';
import { statusInCode, StatusTally, type BreachedTicket, type CacheReader, type ClockStatus, type GroupTally, type LateClock } from './report-source.js';
import { byName, clockTerms, percentOf, table } from './report-tables.js';

/** SLA compliance (docs/reports.md "SLA compliance"): per clock, per group, and the breached clocks. */

/** Rows of the breached-clocks list that are printed; the rest are counted as omitted. */
export const offendersShown = 200;

const targetOf: Record<ClockName, 'firstResponseMinutes' | 'updateMinutes' | 'solutionMinutes'> = {
  firstResponse: 'firstResponseMinutes',
  update: 'updateMinutes',
  solution: 'solutionMinutes',
};

/** Per clock: met, breached, running among the tickets, with shares. */
export function clockTable(id: string, tally: StatusTally): ReportTable {
  const tickets = tally.tickets;
  const rows = clockNames.map((clock): ReportCell[] => {
    const counts: Record<ClockStatus, number> = { met: 0, breached: 0, running: 0 };
    for (const [code, count] of tally.entries()) counts[statusInCode(code, clock)] += count;
    return [clockTerms[clock], counts.met, counts.breached, counts.running, tickets, percentOf(counts.met, tickets), percentOf(counts.breached, tickets)];
  });
  return table(
    id,
    [['clock', 'term'], ['met', 'count'], ['breached', 'count'], ['running', 'count'], ['tickets', 'count'], ['met-percent', 'percent'], ['breached-percent', 'percent']],
    rows,
  );
}

/** Tickets, compliant, breached tickets, running (none breached, one still running), breached per clock. */
function groupCounts(tally: StatusTally): number[] {
  let breachedTickets = 0;
  let running = 0;
  const late: Record<ClockName, number> = { firstResponse: 0, update: 0, solution: 0 };
  for (const [code, count] of tally.entries()) {
    const statuses = clockNames.map((clock) => statusInCode(code, clock));
    clockNames.forEach((clock, index) => {
      if (statuses[index] === 'breached') late[clock] += count;
    });
    if (statuses.includes('breached')) breachedTickets += count;
    else if (statuses.includes('running')) running += count;
  }
  const tickets = tally.tickets;
  return [tickets, tickets - breachedTickets, breachedTickets, running, late.firstResponse, late.update, late.solution];
}

export interface TallyGroup {
  label: ReportCell;
  tally: StatusTally;
}

/** Tickets, compliant, breached tickets, running, breached per clock, compliance % — per group, with a total row. */
export function groupTable(id: string, label: readonly [key: string, kind: ColumnKind], groups: readonly TallyGroup[], all: StatusTally): ReportTable {
  const row = (cell: ReportCell, tally: StatusTally): ReportCell[] => {
    const counts = groupCounts(tally);
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
    groups.map((group) => row(group.label, group.tally)),
    row('total', all),
  );
}

/** The groups' tallies summed by a key, labelled; "none" (a null label) last, the rest by name. */
function tallyBy(groups: readonly GroupTally[], keyOf: (group: GroupTally) => string, labelOf: (group: GroupTally) => ReportCell): TallyGroup[] {
  const summed = new Map<string, TallyGroup>();
  for (const group of groups) {
    const key = keyOf(group);
    const found = summed.get(key);
    if (found) found.tally.addAll(group.tally);
    else summed.set(key, { label: labelOf(group), tally: new StatusTally().addAll(group.tally) });
  }
  return [...summed.values()].sort((a, b) => (a.label === null ? 1 : b.label === null ? -1 : byName(String(a.label), String(b.label))));
}

export function byQueue(source: CacheReader, groups: readonly GroupTally[]): TallyGroup[] {
  return tallyBy(groups, (group) => group.queueId, (group) => source.queueName(group.queueId));
}

export function byInstitution(source: CacheReader, groups: readonly GroupTally[]): TallyGroup[] {
  return tallyBy(
    groups,
    (group) => group.institutionId ?? '',
    (group) => (group.institutionId === null ? null : source.institutionName(group.institutionId) ?? group.institutionId),
  );
}

/** Priorities in their order (1 first), named as terms. */
function byPriority(groups: readonly GroupTally[]): TallyGroup[] {
  const summed = new Map<number, StatusTally>();
  for (const group of groups) summed.set(group.priority, (summed.get(group.priority) ?? new StatusTally()).addAll(group.tally));
  return [...summed.entries()].sort(([a], [b]) => a - b).map(([priority, tally]) => ({ label: `priority-${String(priority)}`, tally }));
}

/** The tally of every group together. */
export function totalOf(groups: readonly GroupTally[]): StatusTally {
  return StatusTally.sum(groups.map((group) => group.tally));
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
function minutesOver(source: CacheReader, ticket: BreachedTicket, facts: LateClock, clock: ClockName, until: (calendar: CalendarEntity) => MinutesUntil): number | null {
  const sla = source.slaOf(ticket);
  if (sla === null) return null;
  // Whole minutes, rounded down as the clocks count a segment (docs/decisions/sla-clocks.md).
  const running = facts.startedAt === null ? 0 : Math.floor(until(sla.calendar).from(new Date(facts.startedAt)));
  return Math.max(0, facts.minutes + running - sla.sla[targetOf[clock]]);
}

/**
 * The breached clocks, latest first, the first `offendersShown` of them: from the candidates
 * (`CacheReader.lateCandidates`), with `breachedClocks` of them in all for the count left out.
 */
export function offendersTable(source: CacheReader, tickets: readonly BreachedTicket[], breachedClocks: number, asOf: Date): ReportTable {
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
      const facts = ticket.late[clock];
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
    Math.max(0, breachedClocks - shown.length),
  );
}

/** How many clocks of the tallied tickets are breached. */
export function breachedClockCount(tally: StatusTally): number {
  let count = 0;
  for (const [code, tickets] of tally.entries()) for (const clock of clockNames) if (statusInCode(code, clock) === 'breached') count += tickets;
  return count;
}

/** The SLA report's sections from the cohort's tallies (per group and per ISO week of the period) and its breached tickets. */
export function slaSections(source: CacheReader, groups: readonly GroupTally[], weeks: readonly TallyGroup[], breached: readonly BreachedTicket[], asOf: Date): ReportSection[] {
  const all = totalOf(groups);
  return [
    { id: 'sla-clocks', charts: [{ id: 'sla-clocks', kind: 'stacked-bar', table: 'sla-clocks', label: 'clock', series: ['met', 'breached', 'running'], lines: [] }], tables: [clockTable('sla-clocks', all)] },
    {
      id: 'sla-groups',
      charts: [
        { id: 'sla-by-week', kind: 'stacked-bar', table: 'sla-by-week', label: 'bucket', series: ['compliant', 'breached-tickets'], lines: [] },
        { id: 'sla-by-queue', kind: 'stacked-bar', table: 'sla-by-queue', label: 'queue', series: ['compliant', 'breached-tickets'], lines: [] },
      ],
      tables: [
        groupTable('sla-by-queue', ['queue', 'text'], byQueue(source, groups), all),
        groupTable('sla-by-institution', ['institution', 'text'], byInstitution(source, groups), all),
        groupTable('sla-by-priority', ['priority', 'term'], byPriority(groups), all),
        groupTable('sla-by-week', ['bucket', 'date'], weeks, all),
      ],
    },
    { id: 'sla-offenders', charts: [], tables: [offendersTable(source, breached, breachedClockCount(all), asOf)] },
  ];
}
