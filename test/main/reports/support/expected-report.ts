import type { Database, Queryable } from '../../../../src-server/db/database.js';
import type { ReportKind, ReportRequest } from '../../../../src-shared/reports/model.js';
import { calendarSchema, type Calendar } from '../../../../src-shared/sla/calendar.js';
import { accountingTable, accountingTableIds, serviceTicketTable } from './accounting-sql.js';
import { ReportSql, type ExpectedTable } from './report-sql.js';
import { clockTable, groupTable, offenderTable } from './sla-sql.js';
import { distributionTable, summaryTable } from './times-sql.js';
import { channelTable, firstLevelTable, flowTable, flowTicketNumbers, queueFlowTable, typeTable } from './volume-sql.js';

/** What a report must hold by docs/reports.md, computed on the server's PostgreSQL. */
export interface ExpectedReport {
  tables: ExpectedTable[];
  /** Every ticket a number of the report counts (the snapshot's list), and every ticket of the scope. */
  tickets: { counted: string[]; within: string[] };
}

/** Every calendar the server counts with, by id: the running clocks' lateness is counted on them. */
export async function serverCalendars(db: Queryable): Promise<Map<string, Calendar>> {
  const rows = await db.query<{ id: string; name: string; time_zone: string; weekdays: unknown; holidays: unknown }>(
    'SELECT id::text, name, time_zone, weekdays, holidays FROM calendars',
  );
  return new Map(rows.rows.map((row) => [row.id, calendarSchema.parse({ name: row.name, timeZone: row.time_zone, weekdays: row.weekdays, holidays: row.holidays })]));
}

type Build = (sql: ReportSql, context: { calendars: ReadonlyMap<string, Calendar>; dataAsOf: Date }) => Promise<ExpectedTable[]>;

const tableBuilders: Record<ReportKind, Build> = {
  sla: (sql, { calendars, dataAsOf }) => Promise.all([
    clockTable(sql, 'sla-clocks', 'cohort'),
    groupTable(sql, 'sla-by-queue', 'cohort', 'queue'),
    groupTable(sql, 'sla-by-institution', 'cohort', 'institution'),
    groupTable(sql, 'sla-by-priority', 'cohort', 'priority'),
    groupTable(sql, 'sla-by-week', 'cohort', 'week'),
    offenderTable(sql, calendars, dataAsOf),
  ]),
  volume: (sql) => Promise.all([flowTable(sql, 'volume-flow'), channelTable(sql), typeTable(sql, 'volume-by-type'), queueFlowTable(sql), firstLevelTable(sql)]),
  times: (sql) => Promise.all([
    summaryTable(sql, 'times-summary', ['first-response', 'solution', 'first-move']),
    distributionTable(sql, 'times-first-response-distribution', 'first-response'),
    distributionTable(sql, 'times-solution-distribution', 'solution'),
  ]),
  'time-accounting': (sql) => Promise.all(accountingTableIds.map((id) => accountingTable(sql, id))),
  complaints: (sql) => Promise.all([
    clockTable(sql, 'complaints-clocks', 'complaint_cohort'),
    groupTable(sql, 'complaints-by-queue', 'complaint_cohort', 'queue'),
    groupTable(sql, 'complaints-by-institution', 'complaint_cohort', 'institution'),
  ]),
  'institution-service': (sql) => Promise.all([
    clockTable(sql, 'service-clocks', 'cohort'),
    flowTable(sql, 'service-flow'),
    typeTable(sql, 'service-by-type'),
    summaryTable(sql, 'service-times', ['first-response', 'solution']),
    serviceTicketTable(sql),
  ]),
};

/** The tickets behind the numbers: the cohort (SLA, times), its complaints, the booked tickets, or all the flow counts. */
async function countedTickets(sql: ReportSql, kind: ReportKind): Promise<string[]> {
  switch (kind) {
    case 'sla':
    case 'times':
      return sql.numbers([], 'SELECT number FROM cohort');
    case 'complaints':
      return sql.numbers([], `SELECT number FROM cohort WHERE type = 'complaint'`);
    case 'time-accounting':
      return sql.numbers([], `SELECT DISTINCT s.number FROM time_entries e JOIN scope s ON s.id = e.ticket_id
        WHERE e.created_at >= (SELECT p_start FROM period) AND e.created_at < (SELECT p_end FROM period)`);
    case 'volume':
    case 'institution-service':
      return flowTicketNumbers(sql);
  }
}

/** The expected tables and tickets of `request` for an agent who may read `groups`. */
export async function expectedReport(
  db: Database,
  request: ReportRequest,
  groups: readonly string[],
  context: { calendars: ReadonlyMap<string, Calendar>; dataAsOf: Date },
): Promise<ExpectedReport> {
  const sql = new ReportSql(db, request.period, request.scope, groups);
  const [tables, counted, within] = await Promise.all([tableBuilders[request.kind](sql, context), countedTickets(sql, request.kind), sql.numbers([], 'SELECT number FROM scope')]);
  return { tables, tickets: { counted, within } };
}
