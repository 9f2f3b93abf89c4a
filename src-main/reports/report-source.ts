import type Database from 'better-sqlite3';
import type { ReportScope } from '../../src-shared/reports/model.js';
import { bucketFinder, type Bucket } from '../../src-shared/reports/period.js';
import { clockNames, type ClockName } from '../../src-shared/sla/clocks.js';
import { closedStates, type CalendarEntity, type Sla, type TicketState } from '../../src-shared/sync/entities.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';

/**
 * What the reports read of the cache: the scope as SQL, the tickets of a cohort with their stored
 * clock facts, and the names the tables show. Reports only read; the cache holds only what the
 * lead's rights allow, so every report is within them.
 */

export type SqlValue = string | number | null;

/** A scope resolved against the cache: its SQL over `tickets t`, and its name. */
export interface ResolvedScope {
  where: string;
  params: SqlValue[];
  name: string | null;
}

/**
 * A ticket of a cohort as the reports count it: its facts and each clock's status, worked out by
 * SQLite while reading. The SLA and complaints reports never read these one by one: they count in
 * SQL (`slaTallies`); volume, times and the service report read a cohort.
 */
export interface ReportTicket {
  id: string;
  number: string;
  queueId: string;
  type: string;
  state: TicketState;
  priority: number;
  institutionId: string | null;
  slaId: string | null;
  createdAt: string;
  firstResponseStatus: ClockStatus;
  updateStatus: ClockStatus;
  solutionStatus: ClockStatus;
  /** 1 when answered (SQLite's boolean). */
  firstResponseAnswered: number;
  firstResponseMinutes: number;
  solutionMinutes: number;
}

export type ClockStatus = 'met' | 'breached' | 'running';

export const closedStateSet: ReadonlySet<string> = new Set(closedStates);
/** Closing counts these two; a merge is closed but not a closing (docs/reports.md). */
export const closingStates: ReadonlySet<string> = new Set(['closed-successful', 'closed-unsuccessful']);
/** The permission group of the first level: its queues are where tickets start. */
export const firstLevelGroup = 'serviceline';

/**
 * A clock's status by the stored facts, as SQL yielding `values` for met, running and breached:
 * breached (the sticky flag); met (stopped, and answered or the ticket closed); running (the rest).
 */
function statusSql(clock: ClockName, values: readonly [met: string, running: string, breached: string] = ["'met'", "'running'", "'breached'"]): string {
  const column = clockColumns[clock];
  return `CASE WHEN t."${column}_breached" = 1 THEN ${values[2]}
    WHEN t."${column}_started_at" IS NULL AND (t."${column}_answered" = 1 OR t."state" IN (${closedStates.map((state) => `'${state}'`).join(', ')})) THEN ${values[0]}
    ELSE ${values[1]} END`;
}

export function clockStatus(ticket: ReportTicket, clock: ClockName): ClockStatus {
  return ticket[`${clock}Status`];
}

/** Each clock's column prefix in the cache's tickets table. */
export const clockColumns: Record<ClockName, string> = { firstResponse: 'first_response', update: 'update', solution: 'solution' };

/** A status as a digit; a ticket's three clocks make one code, first response × 9 + update × 3 + solution. */
const statusByDigit: readonly ClockStatus[] = ['met', 'running', 'breached'];
const codeSql = `(${statusSql('firstResponse', ['0', '1', '2'])}) * 9 + (${statusSql('update', ['0', '1', '2'])}) * 3 + (${statusSql('solution', ['0', '1', '2'])})`;
const codes = 27;

/** The status of `clock` in a ticket's code. */
export function statusInCode(code: number, clock: ClockName): ClockStatus {
  const digit = clock === 'firstResponse' ? Math.floor(code / 9) : clock === 'update' ? Math.floor(code / 3) % 3 : code % 3;
  return statusByDigit[digit] ?? 'running';
}

/** How many tickets have each combination of clock statuses: every SLA count of a group is read off it. */
export class StatusTally {
  private readonly counts: number[] = new Array<number>(codes).fill(0);

  add(code: number, count: number): this {
    this.counts[code] = (this.counts[code] ?? 0) + count;
    return this;
  }

  addAll(other: StatusTally): this {
    other.counts.forEach((count, code) => this.add(code, count));
    return this;
  }

  /** Each code with its count, leaving out those no ticket has. */
  *entries(): Generator<[code: number, count: number]> {
    for (let code = 0; code < codes; code += 1) if ((this.counts[code] ?? 0) > 0) yield [code, this.counts[code] ?? 0];
  }

  get tickets(): number {
    return this.counts.reduce((sum, count) => sum + count, 0);
  }

  static sum(tallies: Iterable<StatusTally>): StatusTally {
    const total = new StatusTally();
    for (const tally of tallies) total.addAll(tally);
    return total;
  }
}

/** The SLA tally of the tickets of one queue, institution and priority. */
export interface GroupTally {
  queueId: string;
  institutionId: string | null;
  priority: number;
  tally: StatusTally;
}

/** A ticket with at least one breached clock: what the list of offenders is made of. */
export interface BreachedTicket {
  id: string;
  number: string;
  queueId: string;
  institutionId: string | null;
  slaId: string | null;
  /** Per clock, null unless breached. */
  late: Record<ClockName, LateClock | null>;
}

/** A breached clock's minutes taken and, while it still runs, since when. */
export interface LateClock {
  minutes: number;
  startedAt: string | null;
}

/** How often each value occurs. */
function countsOf(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

type CohortRow = [string, string, string, string, TicketState, number, string | null, string | null, string, ClockStatus, ClockStatus, ClockStatus, number, number, number];

function cohortTicket(row: CohortRow): ReportTicket {
  const [id, number, queueId, type, state, priority, institutionId, slaId, createdAt, firstResponseStatus, updateStatus, solutionStatus, firstResponseAnswered, firstResponseMinutes, solutionMinutes] = row;
  return { id, number, queueId, type, state, priority, institutionId, slaId, createdAt, firstResponseStatus, updateStatus, solutionStatus, firstResponseAnswered, firstResponseMinutes, solutionMinutes };
}

/** A breached clock as `lateCandidates` reads it: the ticket, the clock's index in clockNames, its minutes and running start. */
type LateRow = [string, string, string, string | null, string | null, number, number, string | null];

/** Ids per look-up: json_each takes them as one argument; batches keep each list reasonable. */
const batch = 5_000;

export interface QueueInfo {
  id: string;
  name: string;
  group: string;
  slaId: string;
}

/** The cache's side of a report: statements prepared on demand, names read once per report. */
export class CacheReader {
  readonly queues: ReadonlyMap<string, QueueInfo>;
  private institutionNames: Map<string, string> | null = null;
  private slas: Map<string, Sla> | null = null;
  private calendars: Map<string, CalendarEntity> | null = null;

  /** Every queue the cache knows (to name a ticket's), and those whose group the lead may read. */
  readonly readableQueues: readonly QueueInfo[];

  constructor(readonly db: Database.Database, readable: (group: string) => boolean) {
    const rows = db.prepare('SELECT "id", "name", "group", "sla_id" FROM queues').all() as { id: string; name: string; group: string; sla_id: string }[];
    this.queues = new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, group: row.group, slaId: row.sla_id }]));
    this.readableQueues = [...this.queues.values()].filter((queue) => readable(queue.group));
  }

  /** The scope as SQL over `tickets t`; null when the cache knows no such department, queue or institution. */
  resolve(scope: ReportScope): ResolvedScope | null {
    switch (scope.kind) {
      case 'all':
        return { where: '1 = 1', params: [], name: null };
      case 'department': {
        const ids = this.readableQueues.filter((queue) => queue.group === scope.group).map((queue) => queue.id);
        if (ids.length === 0) return null;
        return { where: `t."queue_id" IN (${ids.map(() => '?').join(', ')})`, params: ids, name: scope.group };
      }
      case 'queue': {
        const queue = this.readableQueues.find((candidate) => candidate.id === scope.queueId);
        return queue ? { where: 't."queue_id" = ?', params: [queue.id], name: queue.name } : null;
      }
      case 'institution': {
        // Known by name from the directory, or at least by the tickets that name it (the directory not synced yet).
        const name = this.institutionName(scope.institutionId) ?? (this.db.prepare('SELECT 1 FROM tickets WHERE "institution_id" = ? LIMIT 1').get(scope.institutionId) ? scope.institutionId : null);
        return name === null ? null : { where: 't."institution_id" = ?', params: [scope.institutionId], name };
      }
    }
  }

  /**
   * The scope's tickets created in `[start, end)`: the cohort, in no particular order, the clocks'
   * statuses worked out in the query. Rows come as arrays (quicker than named columns) and become
   * one flat object each.
   */
  cohort(scope: ResolvedScope, start: Date, end: Date): ReportTicket[] {
    const rows = this.db
      .prepare(
        `SELECT t."id", t."number", t."queue_id", t."type", t."state", t."priority", t."institution_id", t."sla_id", t."created_at",
                ${statusSql('firstResponse')}, ${statusSql('update')}, ${statusSql('solution')},
                t."first_response_answered", t."first_response_minutes", t."solution_minutes"
         FROM tickets t WHERE ${scope.where} AND t."created_at" >= ? AND t."created_at" < ?`,
      )
      .raw()
      .all(...scope.params, start.toISOString(), end.toISOString()) as CohortRow[];
    return rows.map(cohortTicket);
  }

  /**
   * The SLA counts of the cohort (of one ticket type, for the complaints): a tally per queue,
   * institution and priority, and one per bucket, in one pass over the tickets. A year's 100,000
   * tickets never become objects, nor rows handed to JavaScript one by one, nor a GROUP BY that
   * sorts them all: SQLite writes each ticket as an integer (its queue's and institution's row
   * numbers, its priority and its clocks' code) and as the hour it was created in, into two JSON
   * arrays, and JavaScript counts those. A ticket naming a queue or an institution the cache lacks
   * (the directory not read yet) has no row number: a third array, aligned with the first, names
   * its ids. Europe/Berlin is a whole number of hours from UTC, so an hour lies in one day.
   */
  slaTallies(scope: ResolvedScope, start: Date, end: Date, options: { type?: string; buckets?: readonly Bucket[] } = {}): { groups: GroupTally[]; buckets: StatusTally[] } {
    const queueIds = new Map(this.db.prepare('SELECT "rowid", "id" FROM queues').raw().all() as [number, string][]);
    const institutionIds = new Map(this.db.prepare('SELECT "rowid", "id" FROM institutions').raw().all() as [number, string][]);
    // Row 0: none or unknown. Keys stay far below 2^53 for any real bank (a million rows of each).
    const slots = Math.max(0, ...institutionIds.keys()) + 1;
    const origin = Math.floor(start.getTime() / 1000);
    const row = this.db
      .prepare(
        `SELECT json_group_array(((coalesce(q."rowid", 0) * ${String(slots)} + coalesce(i."rowid", 0)) * 8 + t."priority") * ${String(codes)} + ${codeSql}),
                json_group_array(((unixepoch(t."created_at") - CAST(? AS INTEGER)) / 3600) * ${String(codes)} + ${codeSql}),
                json_group_array(CASE WHEN q."rowid" IS NULL OR (t."institution_id" IS NOT NULL AND i."rowid" IS NULL) THEN json_array(t."queue_id", t."institution_id") END)
         FROM tickets t LEFT JOIN queues q ON q."id" = t."queue_id" LEFT JOIN institutions i ON i."id" = t."institution_id"
         WHERE ${scope.where} AND t."created_at" >= ? AND t."created_at" < ?${options.type === undefined ? '' : ' AND t."type" = ?'}`,
      )
      .raw()
      .get(origin, ...scope.params, start.toISOString(), end.toISOString(), ...(options.type === undefined ? [] : [options.type])) as [string, string, string];
    const keys = JSON.parse(row[0]) as number[];
    const hours = JSON.parse(row[1]) as number[];
    const unknown = JSON.parse(row[2]) as ([string, string | null] | null)[];

    const groups = new Map<string | number, GroupTally>();
    keys.forEach((key, index) => {
      const group = Math.floor(key / codes);
      const priority = group % 8;
      const ids = unknown[index] ?? null;
      const groupKey = ids === null ? group : `${ids[0]}\u0000${ids[1] ?? ''}\u0000${String(priority)}`;
      let found = groups.get(groupKey);
      if (!found) {
        const institutionRow = Math.floor(group / 8) % slots;
        found = ids
          ? { queueId: ids[0], institutionId: ids[1], priority, tally: new StatusTally() }
          : { queueId: queueIds.get(Math.floor(group / 8 / slots)) ?? '', institutionId: institutionRow === 0 ? null : (institutionIds.get(institutionRow) ?? null), priority, tally: new StatusTally() };
        groups.set(groupKey, found);
      }
      found.tally.add(key % codes, 1);
    });
    const buckets = (options.buckets ?? []).map(() => new StatusTally());
    if (buckets.length > 0) {
      const bucketOf = bucketFinder(options.buckets ?? []);
      for (const [key, count] of countsOf(hours)) buckets[bucketOf(new Date((origin + Math.floor(key / codes) * 3600) * 1000).toISOString())]?.add(key % codes, count);
    }
    return { groups: [...groups.values()], buckets };
  }

  /**
   * The breached clocks the offenders list can show: of those stopped, the `limit` latest by their
   * lateness (worked out by SQLite from the minutes taken and the SLA's target), and every one still
   * running (its lateness grows up to the data's time, counted in working time by the caller). The
   * list's first `limit` rows are among these, so a year's tens of thousands of breached clocks
   * are never read; how many there are comes from the tallies.
   */
  lateCandidates(scope: ResolvedScope, start: Date, end: Date, limit: number): BreachedTicket[] {
    const range = `${scope.where} AND t."created_at" >= ? AND t."created_at" < ?`;
    const params = [...scope.params, start.toISOString(), end.toISOString()];
    const stopped = clockNames.map((clock, index) => {
      const column = clockColumns[clock];
      return `SELECT t."id", t."number", t."queue_id", t."institution_id", t."sla_id", ${String(index)} AS clock, t."${column}_minutes" AS minutes, NULL AS started_at,
                CASE WHEN c."id" IS NULL THEN -1 ELSE max(0, t."${column}_minutes" - s."${column}_minutes") END AS over
              FROM tickets t LEFT JOIN queues q ON q."id" = t."queue_id" LEFT JOIN slas s ON s."id" = coalesce(t."sla_id", q."sla_id") LEFT JOIN calendars c ON c."id" = s."calendar_id"
              WHERE ${range} AND t."${column}_breached" = 1 AND t."${column}_started_at" IS NULL`;
    });
    const running = clockNames.map((clock, index) => {
      const column = clockColumns[clock];
      return `SELECT t."id", t."number", t."queue_id", t."institution_id", t."sla_id", ${String(index)}, t."${column}_minutes", t."${column}_started_at"
              FROM tickets t WHERE ${range} AND t."${column}_breached" = 1 AND t."${column}_started_at" IS NOT NULL`;
    });
    const top = this.db
      .prepare(`SELECT "id", "number", "queue_id", "institution_id", "sla_id", clock, minutes, started_at FROM (${stopped.join(' UNION ALL ')}) ORDER BY over DESC, "number", clock LIMIT ?`)
      .raw()
      .all(...params, ...params, ...params, limit) as LateRow[];
    const open = this.db.prepare(running.join(' UNION ALL ')).raw().all(...params, ...params, ...params) as LateRow[];
    const tickets = new Map<string, BreachedTicket>();
    for (const [id, number, queueId, institutionId, slaId, clock, minutes, startedAt] of [...top, ...open]) {
      let ticket = tickets.get(id);
      if (!ticket) {
        ticket = { id, number, queueId, institutionId, slaId, late: { firstResponse: null, update: null, solution: null } };
        tickets.set(id, ticket);
      }
      const name = clockNames[clock];
      if (name !== undefined) ticket.late[name] = { minutes, startedAt };
    }
    return [...tickets.values()];
  }

  /** The numbers of the cohort's tickets (of one type), in order: the tickets behind the numbers. */
  cohortNumbers(scope: ResolvedScope, start: Date, end: Date, type?: string): string[] {
    return this.db
      .prepare(`SELECT t."number" FROM tickets t WHERE ${scope.where} AND t."created_at" >= ? AND t."created_at" < ?${type === undefined ? '' : ' AND t."type" = ?'} ORDER BY t."number"`)
      .pluck()
      .all(...scope.params, start.toISOString(), end.toISOString(), ...(type === undefined ? [] : [type])) as string[];
  }

  /** The titles of these tickets (rows a table shows). */
  titles(ids: readonly string[]): Map<string, string> {
    const statement = this.db.prepare('SELECT t."id", t."title" FROM tickets t WHERE t."id" IN (SELECT "value" FROM json_each(?))').raw();
    const titles = new Map<string, string>();
    for (let from = 0; from < ids.length; from += batch) {
      for (const [id, title] of statement.all(JSON.stringify(ids.slice(from, from + batch))) as [string, string][]) titles.set(id, title);
    }
    return titles;
  }

  queueName(queueId: string): string {
    return this.queues.get(queueId)?.name ?? queueId;
  }

  queueGroup(queueId: string): string {
    return this.queues.get(queueId)?.group ?? '';
  }

  institutionName(institutionId: string): string | null {
    if (this.institutionNames === null) {
      const rows = this.db.prepare('SELECT "id", "name" FROM institutions').all() as { id: string; name: string }[];
      this.institutionNames = new Map(rows.map((row) => [row.id, row.name]));
    }
    return this.institutionNames.get(institutionId) ?? null;
  }

  /** The SLA a ticket counts by (its own, or its queue's) with its calendar; null if the cache lacks either. */
  slaOf(ticket: { slaId: string | null; queueId: string }): { sla: Sla; calendar: CalendarEntity } | null {
    if (this.slas === null || this.calendars === null) {
      this.slas = new Map((this.db.prepare('SELECT * FROM slas').all() as Record<string, unknown>[]).map((row) => {
        const sla = entityFromCacheRow('sla', row);
        return [sla.id, sla];
      }));
      this.calendars = new Map((this.db.prepare('SELECT * FROM calendars').all() as Record<string, unknown>[]).map((row) => {
        const calendar = entityFromCacheRow('calendar', row);
        return [calendar.id, calendar];
      }));
    }
    const slaId = ticket.slaId ?? this.queues.get(ticket.queueId)?.slaId;
    const sla = slaId === undefined ? undefined : this.slas.get(slaId);
    const calendar = sla && this.calendars.get(sla.calendarId);
    return sla && calendar ? { sla, calendar } : null;
  }

  dataAsOf(): string | null {
    return cacheDataAsOf(this.db);
  }
}

/** The server time of the last page the cache applied: what the data is as of (null: never synced). */
export function cacheDataAsOf(db: Database.Database): string | null {
  const row = db.prepare('SELECT "server_time" FROM sync_state WHERE "singleton" = 1').get() as { server_time: string } | undefined;
  return row && row.server_time !== '' ? new Date(row.server_time).toISOString() : null;
}
