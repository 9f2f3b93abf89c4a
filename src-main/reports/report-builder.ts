import type Database from 'better-sqlite3';
import type { Report, ReportCell, ReportRequest, ReportSection } from '../../src-shared/reports/model.js';
import { addDays, berlinDate, periodBounds, periodBuckets } from '../../src-shared/reports/period.js';
import { retentionCutoff } from '../cache/retention.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { clockStatus, CacheReader, StatusTally, type ReportTicket } from './report-source.js';
import { table } from './report-tables.js';
import { clockTable, groupTable, byInstitution, byQueue, offendersShown, slaSections, totalOf } from './sla-section.js';
import { summaryRow, summaryTable, timesSections, firstResponseMinutes, solutionMinutes } from './times-section.js';
import { timeAccounting } from './time-accounting-section.js';
import { closingsIn, flowTable, flowTickets, TicketHistory, typeTable, volumeSections } from './volume-section.js';

/** Who asks and when: what the report's header says besides its numbers. */
export interface ReportContext {
  now: Date;
  generatedBy: string;
  /** The cache's retention window for closed tickets (months). */
  retentionMonths: number;
  /** Whether the lead may read a permission group (`ro`): the queues a report names and may be scoped to. */
  readable: (group: string) => boolean;
}

export type BuildFailure = 'invalid-scope' | 'unknown-scope';

/**
 * Builds one report from the cache (docs/reports.md). Read in one transaction, so that a sync page
 * applied meanwhile never makes half a report newer than the other half.
 */
export function buildReport(db: Database.Database, request: ReportRequest, context: ReportContext): Result<Report, BuildFailure> {
  return db.transaction(() => build(db, request, context))();
}

function build(db: Database.Database, request: ReportRequest, context: ReportContext): Result<Report, BuildFailure> {
  if (request.kind === 'institution-service' && request.scope.kind !== 'institution') {
    return fail('invalid-scope', 'The service report is made for one institution: choose an institution as the scope.');
  }
  const source = new CacheReader(db, context.readable);
  const scope = source.resolve(request.scope);
  if (scope === null) return fail('unknown-scope', 'The cache holds no such department, queue or institution: it may be outside your rights, or not synced yet.');
  const { start, end } = periodBounds(request.period);
  const dataAsOf = source.dataAsOf();
  const asOf = dataAsOf === null ? context.now : new Date(dataAsOf);
  // SLA and complaints are counted in SQL; the other reports read the cohort ticket by ticket.
  const cohort = request.kind === 'sla' || request.kind === 'complaints' ? [] : source.cohort(scope, start, end);
  let sections: ReportSection[];
  let tickets: string[] = cohort.map((ticket) => ticket.number);
  switch (request.kind) {
    case 'sla': {
      // Every ISO week of the period is a row, in order, even a quiet one; its label is its first day in the period.
      const weeks = periodBuckets(request.period, 'week');
      const tallies = source.slaTallies(scope, start, end, { buckets: weeks });
      const weekGroups = weeks.map((bucket, index) => ({ label: bucket.label, tally: tallies.buckets[index] ?? new StatusTally() }));
      sections = slaSections(source, tallies.groups, weekGroups, source.lateCandidates(scope, start, end, offendersShown), asOf);
      tickets = source.cohortNumbers(scope, start, end);
      break;
    }
    case 'volume': {
      const history = TicketHistory.read(source, scope, end);
      sections = volumeSections(source, history, cohort, request.period, start, end);
      tickets = [...tickets, ...flowTickets(history, start, end, periodBuckets(request.period))];
      break;
    }
    case 'times':
      sections = timesSections(source, TicketHistory.read(source, scope, end), cohort);
      break;
    case 'time-accounting': {
      const accounted = timeAccounting(source, scope, start, end);
      sections = accounted.sections;
      tickets = accounted.tickets;
      break;
    }
    case 'complaints': {
      const { groups } = source.slaTallies(scope, start, end, { type: 'complaint' });
      const complaints = totalOf(groups);
      tickets = source.cohortNumbers(scope, start, end, 'complaint');
      sections = [
        {
          id: 'complaints',
          charts: [{ id: 'complaints-by-queue', kind: 'stacked-bar', table: 'complaints-by-queue', label: 'queue', series: ['compliant', 'breached-tickets'], lines: [] }],
          tables: [
            clockTable('complaints-clocks', complaints),
            groupTable('complaints-by-queue', ['queue', 'text'], byQueue(source, groups), complaints),
            groupTable('complaints-by-institution', ['institution', 'text'], byInstitution(source, groups), complaints),
          ],
        },
      ];
      break;
    }
    case 'institution-service': {
      const history = TicketHistory.read(source, scope, end);
      sections = serviceSections(source, history, cohort, totalOf(source.slaTallies(scope, start, end).groups), request.period);
      tickets = [...tickets, ...flowTickets(history, start, end, periodBuckets(request.period))];
      break;
    }
  }
  // Closed tickets changed before the cutoff instant have left the cache: the day after it is the
  // first one held whole. Counted from the data's time, so that the same data keeps its hash.
  const completeFrom = addDays(berlinDate(retentionCutoff(asOf, context.retentionMonths)), 1);
  const outward = request.kind === 'institution-service';
  return ok({
    kind: request.kind,
    period: request.period,
    scope: request.scope,
    scopeName: scope.name,
    // What leaves the bank names no queue and no agent: the service report is the bank's, not one agent's.
    queues: outward ? [] : source.readableQueues.map((queue) => queue.name).sort(),
    dataAsOf,
    generatedAt: context.now.toISOString(),
    generatedBy: outward ? '' : context.generatedBy,
    completeFrom: request.period.from < completeFrom ? completeFrom : null,
    sections,
    tickets: [...new Set(tickets)].sort(),
  });
}

/**
 * The service report an institution may see: clocks, flow, types, times and its tickets. It names
 * no agent, queue or article: nothing internal leaves the bank in it.
 */
function serviceSections(source: CacheReader, history: TicketHistory, cohort: readonly ReportTicket[], clocks: StatusTally, period: { from: string; to: string }): ReportSection[] {
  const { start, end } = periodBounds(period);
  const closings = closingsIn(history, start, end);
  const titles = source.titles(cohort.map((ticket) => ticket.id));
  const byNumber = [...cohort].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  return [
    {
      id: 'service',
      charts: [
        { id: 'service-clocks', kind: 'stacked-bar', table: 'service-clocks', label: 'clock', series: ['met', 'breached', 'running'], lines: [] },
        { id: 'service-flow', kind: 'bar-line', table: 'service-flow', label: 'bucket', series: ['created', 'closed', 'backlog-end'], lines: ['backlog-end'] },
      ],
      tables: [
        clockTable('service-clocks', clocks),
        flowTable('service-flow', history, periodBuckets(period)),
        typeTable('service-by-type', history, cohort, closings),
        summaryTable('service-times', [summaryRow('first-response', firstResponseMinutes(cohort)), summaryRow('solution', solutionMinutes(cohort))]),
        table(
          'service-tickets',
          [['number', 'ticket'], ['title', 'text'], ['type', 'term'], ['created-date', 'date'], ['state', 'term'], ['first-response', 'term'], ['solution', 'term']],
          byNumber.map((ticket): ReportCell[] => [ticket.number, titles.get(ticket.id) ?? '', ticket.type, berlinDate(new Date(ticket.createdAt)), ticket.state, clockStatus(ticket, 'firstResponse'), clockStatus(ticket, 'solution')]),
        ),
      ],
    },
  ];
}
