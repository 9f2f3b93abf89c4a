import { workingMinutesBetween, type Calendar } from '../../../../src-shared/sla/calendar.js';
import type { ReportCell } from '../../../../src-shared/reports/model.js';
import { bucketCtes, clockCtes, percent, type ExpectedTable, type ReportSql } from './report-sql.js';

/** The cohort's complaints, for the complaints report: counted as in the SLA report. */
const complaintCte = `complaint_cohort AS MATERIALIZED (SELECT * FROM cohort WHERE type = 'complaint')`;

/** Which tickets a table counts: the cohort, or its complaints. */
export type ClockSet = 'cohort' | 'complaint_cohort';
const setCtes = (set: ClockSet): string[] => (set === 'cohort' ? [clockCtes('cohort')] : [complaintCte, clockCtes('complaint_cohort')]);

const clockColumns = ['clock', 'met', 'breached', 'running', 'tickets', 'met-percent', 'breached-percent'];

/** Per clock: met, breached, running, the tickets, and the shares of met and breached. */
export async function clockTable(sql: ReportSql, id: string, set: ClockSet): Promise<ExpectedTable> {
  const rows = await sql.cells(setCtes(set), `
    SELECT n.clock,
           count(*) FILTER (WHERE k.status = 'met')::int AS met,
           count(*) FILTER (WHERE k.status = 'breached')::int AS breached,
           count(*) FILTER (WHERE k.status = 'running')::int AS running,
           (SELECT count(*)::int FROM ${set}) AS tickets,
           ${percent(`count(*) FILTER (WHERE k.status = 'met')`, `(SELECT count(*) FROM ${set})`)} AS met_percent,
           ${percent(`count(*) FILTER (WHERE k.status = 'breached')`, `(SELECT count(*) FROM ${set})`)} AS breached_percent
    FROM (VALUES ('first-response', 1), ('update', 2), ('solution', 3)) AS n (clock, ord)
    LEFT JOIN clock_rows k ON k.clock = n.clock
    GROUP BY n.clock, n.ord ORDER BY n.ord`);
  // A clock row with no tickets counts the LEFT JOIN's null row: nothing is met, breached or running.
  return { id, columns: clockColumns, rows, total: null, totalRequired: false, omitted: 0, order: 'ordered', keyColumns: 1, zeroRowsAllowed: false };
}

const groupColumns = ['tickets', 'compliant', 'breached-tickets', 'running', 'first-response-breached', 'update-breached', 'solution-breached', 'compliance-percent'];

const groupAggregates = `
  count(ts.id)::int AS tickets,
  count(ts.id) FILTER (WHERE NOT ts.breached)::int AS compliant,
  count(ts.id) FILTER (WHERE ts.breached)::int AS breached_tickets,
  count(ts.id) FILTER (WHERE NOT ts.breached AND ts.running)::int AS running,
  count(ts.id) FILTER (WHERE ts.first_response_breached)::int AS first_response_breached,
  count(ts.id) FILTER (WHERE ts.update_breached)::int AS update_breached,
  count(ts.id) FILTER (WHERE ts.solution_breached)::int AS solution_breached,
  ${percent('count(ts.id) FILTER (WHERE NOT ts.breached)', 'count(ts.id)')} AS compliance_percent`;

export type GroupBy = 'queue' | 'institution' | 'priority' | 'week';
const groupKeys: Record<Exclude<GroupBy, 'week'>, string> = {
  queue: 'c.queue_name',
  institution: 'c.institution_name',
  priority: `'priority-' || c.priority`,
};

/** Tickets, compliant, breached, running and breached per clock by a group, groups without tickets left out except weeks; a total row. */
export async function groupTable(sql: ReportSql, id: string, set: ClockSet, by: GroupBy): Promise<ExpectedTable> {
  const ctes = setCtes(set);
  const total = await sql.cells(ctes, `SELECT 'total' AS key, ${groupAggregates} FROM ${set} c JOIN ticket_status ts ON ts.id = c.id`);
  const columns = [by === 'week' ? 'bucket' : by, ...groupColumns];
  if (by === 'week') {
    const rows = await sql.cells([...ctes, bucketCtes('week')], `
      SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, ${groupAggregates}
      FROM buckets b
      LEFT JOIN ${set} c ON c.created_at >= b.b_start AND c.created_at < b.b_end
      LEFT JOIN ticket_status ts ON ts.id = c.id
      GROUP BY b.bucket ORDER BY b.bucket`);
    return { id, columns, rows, total: total[0] ?? null, totalRequired: true, omitted: 0, order: 'ordered', keyColumns: 1, zeroRowsAllowed: false };
  }
  const rows = await sql.cells(ctes, `
    SELECT ${groupKeys[by]} AS key, ${groupAggregates}
    FROM ${set} c JOIN ticket_status ts ON ts.id = c.id
    GROUP BY 1`);
  return { id, columns, rows, total: total[0] ?? null, totalRequired: true, omitted: 0, order: 'keyed', keyColumns: 1, zeroRowsAllowed: false };
}

interface BreachedClock {
  number: string;
  title: string;
  institution: string | null;
  queue: string;
  clock: string;
  ord: number;
  running: boolean;
  started_at: Date | null;
  minutes: number;
  target: number;
  calendar_id: string;
  /** Late by, for a stopped clock (SQL); null for a running one. */
  stopped_over: number | null;
}

export const offenderColumns = ['number', 'title', 'institution', 'queue', 'clock', 'over-minutes'];
export const printedOffenders = 200;

/**
 * One row per breached clock of a cohort ticket, late by `minutes − target` (stopped) or
 * `minutes + whole working minutes from startedAt to data-as-of − target` (running, the
 * shared calendar math as the Desk's clocks take it: whole minutes), never below 0; target from
 * the ticket's SLA or its queue's. Largest first, then by number; 200 printed, the rest omitted.
 */
export async function offenderTable(sql: ReportSql, calendars: ReadonlyMap<string, Calendar>, dataAsOf: Date): Promise<ExpectedTable> {
  const clocks = await sql.rows<BreachedClock>([clockCtes('cohort')], `
    SELECT c.number, c.title, c.institution_name AS institution, c.queue_name AS queue, k.clock, k.ord,
           k.started_at IS NOT NULL AS running, k.started_at, k.minutes,
           CASE k.clock WHEN 'first-response' THEN s.first_response_minutes WHEN 'update' THEN s.update_minutes ELSE s.solution_minutes END AS target,
           s.calendar_id::text AS calendar_id,
           CASE WHEN k.started_at IS NULL THEN greatest(0, k.minutes - CASE k.clock WHEN 'first-response' THEN s.first_response_minutes
             WHEN 'update' THEN s.update_minutes ELSE s.solution_minutes END) END AS stopped_over
    FROM clock_rows k JOIN cohort c ON c.id = k.id JOIN slas s ON s.id = c.counted_sla_id
    WHERE k.breached`);
  const rows = clocks.map((clock) => ({ ...clock, over: lateBy(clock, calendars, dataAsOf) }));
  rows.sort((a, b) => b.over - a.over || (a.number < b.number ? -1 : a.number > b.number ? 1 : a.ord - b.ord));
  const cells: ReportCell[][] = rows.map((row) => [row.number, row.title, row.institution, row.queue, row.clock, row.over]);
  return {
    id: 'sla-offenders', columns: offenderColumns, rows: cells.slice(0, printedOffenders), total: null, totalRequired: false,
    omitted: Math.max(0, cells.length - printedOffenders), order: 'ranked', keyColumns: 1, zeroRowsAllowed: false,
  };
}

function lateBy(clock: BreachedClock, calendars: ReadonlyMap<string, Calendar>, dataAsOf: Date): number {
  if (clock.stopped_over !== null) return clock.stopped_over;
  const calendar = calendars.get(clock.calendar_id);
  if (!calendar || !clock.started_at) throw new Error(`ticket ${clock.number}: no calendar ${clock.calendar_id} or no start for its running ${clock.clock} clock`);
  return Math.max(0, clock.minutes + Math.floor(workingMinutesBetween(calendar, clock.started_at, dataAsOf)) - clock.target);
}
