import type { ReportCell, ReportSection, ReportTable } from '../../src-shared/reports/model.js';
import type { CacheReader, ReportTicket } from './report-source.js';
import { closingStates } from './report-source.js';
import { average, nearestRank, percentOf, table } from './report-tables.js';
import type { TicketHistory } from './volume-section.js';

/** Times (docs/reports.md "Times"): the stored working minutes of first response and solution, and the first move. */

/** Lower bounds of the distribution's ranges in working minutes; the last range is open. */
export const distributionBounds = [0, 30, 60, 120, 240, 480, 960, 1920] as const;

/** Stored first-response minutes of the answered tickets. */
export function firstResponseMinutes(cohort: readonly ReportTicket[]): number[] {
  return cohort.filter((ticket) => ticket.firstResponseAnswered === 1).map((ticket) => ticket.firstResponseMinutes);
}

/** Stored solution minutes of the closed (not merged) tickets. */
export function solutionMinutes(cohort: readonly ReportTicket[]): number[] {
  return cohort.filter((ticket) => closingStates.has(ticket.state)).map((ticket) => ticket.solutionMinutes);
}

/** Elapsed minutes from creation to the first move, for tickets created in the first level and moved. */
export function firstMoveMinutes(source: CacheReader, history: TicketHistory, cohort: readonly ReportTicket[]): number[] {
  return cohort.flatMap((ticket) => {
    const moved = history.firstMove.get(ticket.id);
    if (moved === undefined || !history.startedInFirstLevel(source, ticket.id)) return [];
    return [Math.floor((Date.parse(moved) - Date.parse(ticket.createdAt)) / 60_000)];
  });
}

export function summaryRow(term: string, values: readonly number[]): ReportCell[] {
  const sorted = [...values].sort((a, b) => a - b);
  return [term, sorted.length, nearestRank(sorted, 0.5), nearestRank(sorted, 0.9), average(sorted)];
}

export function summaryTable(id: string, rows: ReportCell[][]): ReportTable {
  return table(id, [['measure', 'term'], ['tickets', 'count'], ['median', 'minutes'], ['p90', 'minutes'], ['average', 'minutes']], rows);
}

export function distributionTable(id: string, values: readonly number[]): ReportTable {
  const counts = distributionBounds.map(() => 0);
  for (const value of values) {
    let index = distributionBounds.length - 1;
    while (index > 0 && value < (distributionBounds[index] ?? 0)) index -= 1;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return table(
    id,
    [['range', 'term'], ['tickets', 'count'], ['percent', 'percent']],
    distributionBounds.map((bound, index): ReportCell[] => [`range-${String(bound)}`, counts[index] ?? 0, percentOf(counts[index] ?? 0, values.length)]),
    ['total', values.length, values.length === 0 ? null : 100],
  );
}

export function timesSections(source: CacheReader, history: TicketHistory, cohort: readonly ReportTicket[]): ReportSection[] {
  const firstResponse = firstResponseMinutes(cohort);
  const solution = solutionMinutes(cohort);
  return [
    {
      id: 'times-summary',
      charts: [],
      tables: [summaryTable('times-summary', [summaryRow('first-response', firstResponse), summaryRow('solution', solution), summaryRow('first-move', firstMoveMinutes(source, history, cohort))])],
    },
    {
      id: 'times-distribution',
      charts: [
        { id: 'times-first-response-distribution', kind: 'bar', table: 'times-first-response-distribution', label: 'range', series: ['tickets'], lines: [] },
        { id: 'times-solution-distribution', kind: 'bar', table: 'times-solution-distribution', label: 'range', series: ['tickets'], lines: [] },
      ],
      tables: [distributionTable('times-first-response-distribution', firstResponse), distributionTable('times-solution-distribution', solution)],
    },
  ];
}
