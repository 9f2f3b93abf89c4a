import type { Database, SqlValue } from '../../../../src-server/db/database.js';
import type { ReportCell, ReportPeriod, ReportScope } from '../../../../src-shared/reports/model.js';

/**
 * The test's own reading of docs/reports.md, written as SQL on Kontor Server's PostgreSQL. It
 * shares nothing with src-main/reports/: if the builder and this file count differently, one of
 * them misreads the document.
 *
 * Every query takes the same five parameters: $1 and $2 the period's first and last local date,
 * $3 the permission groups the agent may read (what the cache may hold), $4 and $5 the scope.
 */

/** A table as the document says it must read: the builder's table is compared with it cell by cell. */
export interface ExpectedTable {
  id: string;
  columns: readonly string[];
  rows: ReportCell[][];
  /** The sum row; `totalRequired`: the document names one, otherwise a total the builder shows must add up to this. */
  total: ReportCell[] | null;
  totalRequired: boolean;
  omitted: number;
  /**
   * `ordered`: the rows in this order (time series, fixed ranges); `keyed`: matched by their
   * first `keyColumns` cells, in any order; `ranked`: the offenders, sorted by lateness (largest
   * first), then number; the clocks of one ticket late by the same minutes in any order.
   */
  order: 'ordered' | 'keyed' | 'ranked';
  keyColumns: number;
  /** The builder may also list a group with nothing counted (a type or channel without tickets). */
  zeroRowsAllowed: boolean;
}

export const closedStates = `('closed-successful', 'closed-unsuccessful', 'merged')`;
export const closingStates = `('closed-successful', 'closed-unsuccessful')`;

/** One decimal of a share in per cent, null when nothing was counted (PostgreSQL rounds half away from zero). */
export const percent = (part: string, whole: string): string => `round(100.0 * (${part}) / nullif(${whole}, 0), 1)::float8`;

/**
 * The period's bounds, the scope (tickets the agent may read, by current queue and institution)
 * and the cohort (scope tickets created in the period). Berlin day starts computed by PostgreSQL.
 */
const baseCtes = `
period AS (
  SELECT ($1::date)::timestamp AT TIME ZONE 'Europe/Berlin' AS p_start,
         ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin' AS p_end
),
scope AS MATERIALIZED (
  SELECT t.*, q.name AS queue_name, q.group_name, i.name AS institution_name, coalesce(t.sla_id, q.sla_id) AS counted_sla_id
  FROM tickets t
  JOIN queues q ON q.id = t.queue_id
  LEFT JOIN institutions i ON i.id = t.institution_id
  WHERE q.group_name = ANY ($3::text[])
    AND CASE $4::text
      WHEN 'all' THEN true
      WHEN 'department' THEN q.group_name = $5::text
      WHEN 'queue' THEN q.id::text = $5::text
      WHEN 'institution' THEN t.institution_id = $5::text
    END
),
cohort AS MATERIALIZED (
  SELECT s.* FROM scope s, period p WHERE s.created_at >= p.p_start AND s.created_at < p.p_end
)`;

/**
 * Buckets of the period as local dates: days up to 31 days, ISO weeks up to 186, months beyond
 * (or always weeks), each named by the date it starts on, the first clipped to the period.
 */
export function bucketCtes(unit: 'auto' | 'week'): string {
  const chosen = unit === 'week'
    ? `'week'`
    : `CASE WHEN $2::date - $1::date + 1 <= 31 THEN 'day' WHEN $2::date - $1::date + 1 <= 186 THEN 'week' ELSE 'month' END`;
  return `
bucket_starts AS (
  SELECT d::date AS day
  FROM generate_series($1::date, $2::date, interval '1 day') d
  WHERE d::date = $1::date
     OR ${chosen} = 'day'
     OR (${chosen} = 'week' AND extract(isodow FROM d) = 1)
     OR (${chosen} = 'month' AND extract(day FROM d) = 1)
),
buckets AS MATERIALIZED (
  SELECT day AS bucket,
         day::timestamp AT TIME ZONE 'Europe/Berlin' AS b_start,
         (coalesce(lead(day) OVER (ORDER BY day), $2::date + 1))::timestamp AT TIME ZONE 'Europe/Berlin' AS b_end
  FROM bucket_starts
)`;
}

/**
 * Each clock of each ticket of `set` with its status: breached (the sticky flag); met (not
 * breached, stopped, and answered or the ticket closed); running (everything else).
 */
export function clockCtes(set: string): string {
  return `
clock_rows AS MATERIALIZED (
  SELECT c.id, k.clock, k.ord, k.breached, k.started_at, k.minutes,
         CASE WHEN k.breached THEN 'breached'
              WHEN k.started_at IS NULL AND (k.answered OR c.state IN ${closedStates}) THEN 'met'
              ELSE 'running' END AS status
  FROM ${set} c
  CROSS JOIN LATERAL (VALUES
    ('first-response', 1, c.first_response_breached, c.first_response_started_at, c.first_response_answered, c.first_response_minutes),
    ('update', 2, c.update_breached, c.update_started_at, c.update_answered, c.update_minutes),
    ('solution', 3, c.solution_breached, c.solution_started_at, c.solution_answered, c.solution_minutes)
  ) AS k (clock, ord, breached, started_at, answered, minutes)
),
ticket_status AS MATERIALIZED (
  SELECT id,
         bool_or(status = 'breached') AS breached,
         bool_or(status = 'running') AS running,
         bool_or(clock = 'first-response' AND status = 'breached') AS first_response_breached,
         bool_or(clock = 'update' AND status = 'breached') AS update_breached,
         bool_or(clock = 'solution' AND status = 'breached') AS solution_breached
  FROM clock_rows GROUP BY id
)`;
}

/**
 * The state of every scope ticket as spans between its state changes: the `to` of each
 * `state-changed` (`merged` for a merge) holds from just after the event up to and including the
 * next one (ties by history id), `new` before the first. The span that holds at instant `x` is
 * the one with `since < x <= until`: the last change strictly before `x` decides.
 */
export const stateCtes = `
state_events AS MATERIALIZED (
  SELECT h.ticket_id, h.id, h.occurred_at, h.event, h.data->>'from' AS from_state,
         CASE WHEN h.event = 'merged' THEN 'merged' ELSE h.data->>'to' END AS to_state
  FROM ticket_history h JOIN scope s ON s.id = h.ticket_id
  WHERE h.event IN ('state-changed', 'merged')
),
state_spans AS MATERIALIZED (
  SELECT ticket_id, occurred_at AS since, lead(occurred_at) OVER (PARTITION BY ticket_id ORDER BY occurred_at, id) AS until, to_state AS state
  FROM state_events
  UNION ALL
  SELECT s.id, NULL, f.first_at, 'new'
  FROM scope s LEFT JOIN (SELECT ticket_id, min(occurred_at) AS first_at FROM state_events GROUP BY ticket_id) f ON f.ticket_id = s.id
),
closings AS MATERIALIZED (
  SELECT e.ticket_id, e.occurred_at FROM state_events e
  WHERE e.event = 'state-changed' AND e.to_state IN ${closingStates} AND e.from_state NOT IN ${closedStates}
),
reopenings AS MATERIALIZED (
  SELECT e.ticket_id, e.occurred_at FROM state_events e
  WHERE e.event = 'state-changed' AND e.from_state IN ${closedStates} AND e.to_state NOT IN ${closedStates}
)`;

/**
 * `name (at, key, backlog)`: per instant of `instants` (an SQL query with one column `at`) and
 * per `key` (an expression over the scope ticket `s`), the scope tickets created before it and not
 * closed at it.
 */
export function backlogCte(name: string, instants: string, key = `'all'`): string {
  return `
${name} AS MATERIALIZED (
  SELECT x.at, ${key} AS key, count(*)::int AS backlog
  FROM (${instants}) x
  JOIN state_spans sp ON (sp.since IS NULL OR sp.since < x.at) AND (sp.until IS NULL OR sp.until >= x.at)
  JOIN scope s ON s.id = sp.ticket_id AND s.created_at < x.at
  WHERE sp.state NOT IN ${closedStates}
  GROUP BY 1, 2
)`;
}

/** Runs the expectations of one report: its period, its scope and the groups the agent may read. */
export class ReportSql {
  constructor(
    private readonly db: Database,
    readonly period: ReportPeriod,
    readonly scope: ReportScope,
    readonly groups: readonly string[],
  ) {}

  private params(): SqlValue[] {
    const { scope } = this;
    const value = scope.kind === 'department' ? scope.group : scope.kind === 'queue' ? scope.queueId : scope.kind === 'institution' ? scope.institutionId : null;
    return [this.period.from, this.period.to, this.groups, scope.kind, value];
  }

  /** `select` after the base CTEs and `ctes` (each starting with its name, comma-separated). */
  async rows<Row extends object>(ctes: readonly string[], select: string): Promise<Row[]> {
    const sql = `WITH ${[baseCtes, ...ctes].join(',\n')}\n${select}`;
    try {
      // The planner's estimates over CTEs run far too high and make PostgreSQL JIT-compile each
      // query, which costs seconds for tables of a few thousand rows.
      return await this.db.transaction(async (tx) => (await tx.query<Row>(sql, this.params())).rows, { opening: 'SET LOCAL jit = off' });
    } catch (error) {
      throw new Error(`the test's SQL failed: ${String(error)}\n${sql}`, { cause: error });
    }
  }

  /** Rows as cells, the columns in the order they were selected. */
  async cells(ctes: readonly string[], select: string): Promise<ReportCell[][]> {
    return (await this.rows<Record<string, ReportCell>>(ctes, select)).map((row) => Object.values(row));
  }

  /** Numbers of the tickets `select` returns (one column, `number`), sorted. */
  async numbers(ctes: readonly string[], select: string): Promise<string[]> {
    return (await this.rows<{ number: string }>(ctes, select)).map((row) => row.number).sort();
  }
}
