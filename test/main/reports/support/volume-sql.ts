import { backlogCte, bucketCtes, closedStates, percent, stateCtes, type ExpectedTable, type ReportSql } from './report-sql.js';

const inPeriod = (column: string): string => `${column} >= (SELECT p_start FROM period) AND ${column} < (SELECT p_end FROM period)`;

/**
 * Per bucket: scope tickets created; closings (into a closing state from one not closed);
 * reopenings (from a closed state to one that is not); the backlog at the bucket's start and end.
 * Total: sums, the first bucket's start backlog, the last bucket's end backlog.
 */
export async function flowTable(sql: ReportSql, id: string): Promise<ExpectedTable> {
  const ctes = [stateCtes, bucketCtes('auto'), backlogCte('backlogs', 'SELECT b_start AS at FROM buckets UNION SELECT b_end FROM buckets')];
  const backlog = (at: string): string => `coalesce((SELECT backlog FROM backlogs WHERE at = ${at}), 0)`;
  const rows = await sql.cells(ctes, `
    SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket,
           (SELECT count(*)::int FROM scope s WHERE s.created_at >= b.b_start AND s.created_at < b.b_end) AS created,
           (SELECT count(*)::int FROM closings c WHERE c.occurred_at >= b.b_start AND c.occurred_at < b.b_end) AS closed,
           (SELECT count(*)::int FROM reopenings r WHERE r.occurred_at >= b.b_start AND r.occurred_at < b.b_end) AS reopened,
           ${backlog('b.b_start')} AS backlog_start,
           ${backlog('b.b_end')} AS backlog_end
    FROM buckets b ORDER BY b.bucket`);
  const [total] = await sql.cells(ctes, `
    SELECT 'total' AS key,
           (SELECT count(*)::int FROM scope s WHERE ${inPeriod('s.created_at')}) AS created,
           (SELECT count(*)::int FROM closings c WHERE ${inPeriod('c.occurred_at')}) AS closed,
           (SELECT count(*)::int FROM reopenings r WHERE ${inPeriod('r.occurred_at')}) AS reopened,
           ${backlog('(SELECT p_start FROM period)')} AS backlog_start,
           ${backlog('(SELECT p_end FROM period)')} AS backlog_end`);
  return {
    id, columns: ['bucket', 'created', 'closed', 'reopened', 'backlog-start', 'backlog-end'], rows, total: total ?? null, totalRequired: true,
    omitted: 0, order: 'ordered', keyColumns: 1, zeroRowsAllowed: false,
  };
}

/** The cohort by the channel of its first article (earliest, then by id), `none` without articles. */
export async function channelTable(sql: ReportSql): Promise<ExpectedTable> {
  const ctes = [`first_articles AS MATERIALIZED (
    SELECT DISTINCT ON (a.ticket_id) a.ticket_id, a.channel FROM articles a JOIN cohort c ON c.id = a.ticket_id
    ORDER BY a.ticket_id, a.created_at, a.id)`];
  const rows = await sql.cells(ctes, `
    SELECT coalesce(f.channel, 'none') AS channel, count(*)::int AS created
    FROM cohort c LEFT JOIN first_articles f ON f.ticket_id = c.id GROUP BY 1`);
  const total = await sql.cells([], `SELECT 'total' AS key, count(*)::int AS created FROM cohort`);
  return { id: 'volume-by-channel', columns: ['channel', 'created'], rows, total: total[0] ?? null, totalRequired: false, omitted: 0, order: 'keyed', keyColumns: 1, zeroRowsAllowed: true };
}

/** Created (the cohort) and closed (closings in the period) by the ticket's type. */
export async function typeTable(sql: ReportSql, id: string): Promise<ExpectedTable> {
  const ctes = [stateCtes, `period_closings AS MATERIALIZED (SELECT s.type FROM closings c JOIN scope s ON s.id = c.ticket_id WHERE ${inPeriod('c.occurred_at')})`];
  const rows = await sql.cells(ctes, `
    SELECT t.type,
           (SELECT count(*)::int FROM cohort c WHERE c.type = t.type) AS created,
           (SELECT count(*)::int FROM period_closings c WHERE c.type = t.type) AS closed
    FROM (SELECT type FROM cohort UNION SELECT type FROM period_closings) t`);
  const total = await sql.cells(ctes, `SELECT 'total' AS key, (SELECT count(*)::int FROM cohort) AS created, (SELECT count(*)::int FROM period_closings) AS closed`);
  return { id, columns: ['type', 'created', 'closed'], rows, total: total[0] ?? null, totalRequired: false, omitted: 0, order: 'keyed', keyColumns: 1, zeroRowsAllowed: true };
}

/** Created, closed and the backlog at the period's end by the ticket's current queue. */
export async function queueFlowTable(sql: ReportSql): Promise<ExpectedTable> {
  const ctes = [
    stateCtes,
    `period_closings AS MATERIALIZED (SELECT s.queue_name FROM closings c JOIN scope s ON s.id = c.ticket_id WHERE ${inPeriod('c.occurred_at')})`,
    backlogCte('backlogs', 'SELECT p_end AS at FROM period', 's.queue_name'),
  ];
  const rows = await sql.cells(ctes, `
    SELECT q.queue_name,
           (SELECT count(*)::int FROM cohort c WHERE c.queue_name = q.queue_name) AS created,
           (SELECT count(*)::int FROM period_closings c WHERE c.queue_name = q.queue_name) AS closed,
           coalesce((SELECT backlog FROM backlogs WHERE key = q.queue_name), 0) AS backlog_end
    FROM (SELECT DISTINCT queue_name FROM scope) q`);
  const total = await sql.cells(ctes, `
    SELECT 'total' AS key, (SELECT count(*)::int FROM cohort) AS created, (SELECT count(*)::int FROM period_closings) AS closed,
           coalesce((SELECT sum(backlog)::int FROM backlogs), 0) AS backlog_end`);
  return {
    id: 'volume-by-queue', columns: ['queue', 'created', 'closed', 'backlog-end'], rows, total: total[0] ?? null, totalRequired: false,
    omitted: 0, order: 'keyed', keyColumns: 1, zeroRowsAllowed: true,
  };
}

/**
 * Scope tickets with a closing in the period whose `created` entry names a first-level queue
 * (permission group serviceline); of them, those never moved; the rate.
 */
export async function firstLevelTable(sql: ReportSql): Promise<ExpectedTable> {
  const ctes = [stateCtes, `first_level_closed AS MATERIALIZED (
    SELECT DISTINCT c.ticket_id FROM closings c
    JOIN ticket_history h ON h.ticket_id = c.ticket_id AND h.event = 'created'
    JOIN queues q ON q.id = (h.data->>'queueId')::uuid
    WHERE q.group_name = 'serviceline' AND ${inPeriod('c.occurred_at')})`];
  const rows = await sql.cells(ctes, `
    SELECT 'first-level' AS measure, count(*)::int AS closed,
           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ticket_history m WHERE m.ticket_id = f.ticket_id AND m.event = 'moved'))::int AS resolved,
           ${percent(`count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ticket_history m WHERE m.ticket_id = f.ticket_id AND m.event = 'moved'))`, 'count(*)')} AS rate
    FROM first_level_closed f`);
  return {
    id: 'first-level', columns: ['measure', 'closed-first-level', 'resolved-first-level', 'rate-percent'], rows, total: null, totalRequired: false,
    omitted: 0, order: 'ordered', keyColumns: 1, zeroRowsAllowed: false,
  };
}

/** The tickets the flow counts: created, closed or reopened in the period, or in a backlog at a bucket's start or end. */
export async function flowTicketNumbers(sql: ReportSql): Promise<string[]> {
  return sql.numbers([stateCtes, bucketCtes('auto')], `
    SELECT s.number FROM scope s WHERE ${inPeriod('s.created_at')}
    UNION SELECT s.number FROM closings c JOIN scope s ON s.id = c.ticket_id WHERE ${inPeriod('c.occurred_at')}
    UNION SELECT s.number FROM reopenings r JOIN scope s ON s.id = r.ticket_id WHERE ${inPeriod('r.occurred_at')}
    UNION SELECT s.number FROM (SELECT b_start AS at FROM buckets UNION SELECT b_end FROM buckets) x
      JOIN state_spans sp ON (sp.since IS NULL OR sp.since < x.at) AND (sp.until IS NULL OR sp.until >= x.at)
      JOIN scope s ON s.id = sp.ticket_id AND s.created_at < x.at
      WHERE sp.state NOT IN ${closedStates}`);
}
