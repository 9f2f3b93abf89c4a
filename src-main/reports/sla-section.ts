import type { ColumnKind, ReportCell, ReportSection, ReportTable } from '../../src-shared/reports/model.js';
import { periodBuckets, weekStart, berlinDate } from '../../src-shared/reports/period.js';
import { workingMinutesBetween } from '../../src-shared/sla/calendar.js';
import { clockNames, type ClockName } from '../../src-shared/sla/clocks.js';
import { clockStatus, type CacheReader, type ReportTicket } from './report-source.js';
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
  const perClock = [0, 0, 0];
  for (const ticket of tickets) {
    const statuses = clockNames.map((clock) => clockStatus(ticket, clock));
    statuses.forEach((status, index) => {
      if (status === 'breached') perClock[index] = (perClock[index] ?? 0) + 1;
    });
    if (statuses.includes('breached')) breachedTickets += 1;
    else if (statuses.includes('running')) running += 1;
  }
  return [tickets.length, tickets.length - breachedTickets, breachedTickets, running, ...perClock];
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

/** The working minutes a breached clock is late by: stopped, what it took over target; running, up to `asOf` as well. */
function minutesOver(source: CacheReader, ticket: ReportTicket, clock: ClockName, asOf: Date): number | null {
  const sla = source.slaOf(ticket);
  if (sla === null) return null;
  const facts = ticket.clocks[clock];
  // Whole minutes, rounded down as the clocks count a segment (docs/decisions/sla-clocks.md).
  const running = facts.startedAt === null ? 0 : Math.floor(workingMinutesBetween(sla.calendar, new Date(facts.startedAt), asOf));
  return Math.max(0, facts.minutes + running - sla.sla[targetOf[clock]]);
}

export function offendersTable(source: CacheReader, tickets: readonly ReportTicket[], asOf: Date): ReportTable {
  const order = new Map(clockNames.map((clock, index) => [clock, index]));
  const rows: { cells: ReportCell[]; over: number; number: string; clock: number }[] = [];
  for (const ticket of tickets) {
    for (const clock of clockNames) {
      if (!ticket.clocks[clock].breached) continue;
      const over = minutesOver(source, ticket, clock, asOf);
      const institution = ticket.institutionId === null ? null : source.institutionName(ticket.institutionId);
      rows.push({
        cells: [ticket.number, ticket.title, ticket.institutionId === null ? null : institution ?? ticket.institutionId, source.queueName(ticket.queueId), clockTerms[clock], over],
        over: over ?? -1,
        number: ticket.number,
        clock: order.get(clock) ?? 0,
      });
    }
  }
  rows.sort((a, b) => b.over - a.over || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0) || a.clock - b.clock);
  return table(
    'sla-offenders',
    [['number', 'ticket'], ['title', 'text'], ['institution', 'text'], ['queue', 'text'], ['clock', 'term'], ['over-minutes', 'minutes']],
    rows.slice(0, offendersShown).map((row) => row.cells),
    null,
    Math.max(0, rows.length - offendersShown),
  );
}

export function slaSections(source: CacheReader, cohort: readonly ReportTicket[], period: { from: string; to: string }, asOf: Date): ReportSection[] {
  const priorities = new Tally<ReportTicket>();
  for (const ticket of [...cohort].sort((a, b) => a.priority - b.priority)) priorities.add(String(ticket.priority), `priority-${String(ticket.priority)}`, ticket);
  // Every ISO week of the period is a row, in order, even a quiet one; its label is its first day in the period.
  const weekRows = new Map(periodBuckets(period, 'week').map((bucket) => [weekStart(bucket.label), [] as ReportTicket[]]));
  for (const ticket of cohort) weekRows.get(weekStart(berlinDate(new Date(ticket.createdAt))))?.push(ticket);
  const weekGroups = periodBuckets(period, 'week').map((bucket) => ({ label: bucket.label, items: weekRows.get(weekStart(bucket.label)) ?? [] }));
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
