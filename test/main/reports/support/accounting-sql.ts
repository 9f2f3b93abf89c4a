import { clockCtes, percent, type ExpectedTable, type ReportSql } from './report-sql.js';

/** Time entries created (server time) in the period on scope tickets. */
const entriesCte = `entries AS MATERIALIZED (
  SELECT e.id, e.agent_id, e.minutes, s.group_name, s.queue_name, s.institution_name, a.display_name
  FROM time_entries e
  JOIN scope s ON s.id = e.ticket_id
  LEFT JOIN agents a ON a.id = e.agent_id
  WHERE e.created_at >= (SELECT p_start FROM period) AND e.created_at < (SELECT p_end FROM period)
)`;

const byKeys = {
  'time-by-department': { column: 'department', key: 'group_name', group: 'group_name' },
  'time-by-queue': { column: 'queue', key: 'queue_name', group: 'queue_name' },
  'time-by-institution': { column: 'institution', key: 'institution_name', group: 'institution_name' },
  // By person (two people may share a name), shown by display name.
  'time-by-agent': { column: 'agent', key: 'min(display_name)', group: 'agent_id' },
} as const;
export type AccountingTableId = keyof typeof byKeys;
export const accountingTableIds = Object.keys(byKeys) as AccountingTableId[];

/** Entries, minutes and share of all minutes by department, queue, institution or agent; every total the same sum. */
export async function accountingTable(sql: ReportSql, id: AccountingTableId): Promise<ExpectedTable> {
  const { column, key, group } = byKeys[id];
  const rows = await sql.cells([entriesCte], `
    SELECT ${key} AS key, count(*)::int AS entries, sum(minutes)::int AS minutes,
           ${percent('sum(minutes)', '(SELECT sum(minutes) FROM entries)')} AS percent
    FROM entries GROUP BY ${group}`);
  const total = await sql.cells([entriesCte], `
    SELECT 'total' AS key, count(*)::int AS entries, coalesce(sum(minutes), 0)::int AS minutes, ${percent('sum(minutes)', 'sum(minutes)')} AS percent FROM entries`);
  return {
    id, columns: [column, 'entries', 'minutes', 'percent'], rows, total: total[0] ?? null, totalRequired: true,
    omitted: 0, order: 'keyed', keyColumns: 1, zeroRowsAllowed: false,
  };
}

/** The institution's cohort: number, title, type, local creation date, state, first response and solution as met/breached/running. */
export async function serviceTicketTable(sql: ReportSql): Promise<ExpectedTable> {
  const rows = await sql.cells([clockCtes('cohort')], `
    SELECT c.number, c.title, c.type, to_char(c.created_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD') AS created,
           c.state, fr.status AS first_response, so.status AS solution
    FROM cohort c
    JOIN clock_rows fr ON fr.id = c.id AND fr.clock = 'first-response'
    JOIN clock_rows so ON so.id = c.id AND so.clock = 'solution'`);
  return {
    id: 'service-tickets', columns: ['number', 'title', 'type', 'created-date', 'state', 'first-response', 'solution'], rows, total: null,
    totalRequired: false, omitted: 0, order: 'keyed', keyColumns: 1, zeroRowsAllowed: false,
  };
}
