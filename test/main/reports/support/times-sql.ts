import { closingStates, percent, type ExpectedTable, type ReportSql } from './report-sql.js';

/** The values each measure counts: one row per ticket, `v` in minutes. */
const measureCtes = [
  `first_response_values AS MATERIALIZED (SELECT id, first_response_minutes AS v FROM cohort WHERE first_response_answered)`,
  `solution_values AS MATERIALIZED (SELECT id, solution_minutes AS v FROM cohort WHERE state IN ${closingStates})`,
  // Created in a first-level queue (the `created` entry's queue) and moved: wall-clock minutes to the first move, rounded down.
  `first_move_values AS MATERIALIZED (
    SELECT c.id, floor(extract(epoch FROM (m.first_at - c.created_at)) / 60)::int AS v
    FROM cohort c
    JOIN ticket_history h ON h.ticket_id = c.id AND h.event = 'created'
    JOIN queues q ON q.id = (h.data->>'queueId')::uuid AND q.group_name = 'serviceline'
    JOIN LATERAL (SELECT min(mv.occurred_at) AS first_at FROM ticket_history mv WHERE mv.ticket_id = c.id AND mv.event = 'moved') m ON m.first_at IS NOT NULL)`,
];

const summary = (measure: string, values: string): string => `
  SELECT '${measure}' AS measure, count(v)::int AS tickets,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY v) AS median,
         percentile_disc(0.9) WITHIN GROUP (ORDER BY v) AS p90,
         round(avg(v))::int AS average
  FROM ${values}`;

/** Tickets, median and 90th percentile by nearest rank, and the average in whole minutes, per measure. */
export async function summaryTable(sql: ReportSql, id: string, measures: readonly ('first-response' | 'solution' | 'first-move')[]): Promise<ExpectedTable> {
  const rows = [];
  for (const measure of measures) {
    const [row] = await sql.cells(measureCtes, summary(measure, `${measure.replace('-', '_')}_values`));
    if (row) rows.push(row);
  }
  return {
    id, columns: ['measure', 'tickets', 'median', 'p90', 'average'], rows, total: null, totalRequired: false,
    omitted: 0, order: 'ordered', keyColumns: 1, zeroRowsAllowed: false,
  };
}

/** Tickets per range of working minutes (lower bound included) and their share. */
export async function distributionTable(sql: ReportSql, id: string, measure: 'first-response' | 'solution'): Promise<ExpectedTable> {
  const values = `${measure.replace('-', '_')}_values`;
  const ranges = `ranges AS (SELECT * FROM (VALUES (0, 30), (30, 60), (60, 120), (120, 240), (240, 480), (480, 960), (960, 1920), (1920, NULL)) AS r (lo, hi))`;
  const rows = await sql.cells([...measureCtes, ranges], `
    SELECT 'range-' || r.lo AS range, count(x.v)::int AS tickets, ${percent('count(x.v)', `(SELECT count(*) FROM ${values})`)} AS percent
    FROM ranges r LEFT JOIN ${values} x ON x.v >= r.lo AND (r.hi IS NULL OR x.v < r.hi)
    GROUP BY r.lo ORDER BY r.lo`);
  const total = await sql.cells(measureCtes, `SELECT 'total' AS key, count(*)::int AS tickets, ${percent('count(*)', 'count(*)')} AS percent FROM ${values}`);
  return { id, columns: ['range', 'tickets', 'percent'], rows, total: total[0] ?? null, totalRequired: false, omitted: 0, order: 'ordered', keyColumns: 1, zeroRowsAllowed: false };
}
