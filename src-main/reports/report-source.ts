import type Database from 'better-sqlite3';
import type { ReportScope } from '../../src-shared/reports/model.js';
import type { ClockName } from '../../src-shared/sla/clocks.js';
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
 * SQLite while reading (a year's report reads 100,000 of these; fewer, smaller objects keep the
 * main process quick). Titles and a late clock's facts are read for the few rows that show them.
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
  /** For a breached clock only (null otherwise): what its lateness is counted from. */
  firstResponseLate: LateClock | null;
  updateLate: LateClock | null;
  solutionLate: LateClock | null;
}

/** A breached clock's minutes taken and, while it still runs, since when. */
export interface LateClock {
  minutes: number;
  startedAt: string | null;
}

export type ClockStatus = 'met' | 'breached' | 'running';

export const closedStateSet: ReadonlySet<string> = new Set(closedStates);
/** Closing counts these two; a merge is closed but not a closing (docs/reports.md). */
export const closingStates: ReadonlySet<string> = new Set(['closed-successful', 'closed-unsuccessful']);
/** The permission group of the first level: its queues are where tickets start. */
export const firstLevelGroup = 'serviceline';

/** A clock's status, by the stored facts: breached (the sticky flag); met (stopped, and answered or the ticket closed); running (the rest). */
function statusSql(clock: ClockName): string {
  const column = clockColumns[clock];
  return `CASE WHEN t."${column}_breached" = 1 THEN 'breached'
    WHEN t."${column}_started_at" IS NULL AND (t."${column}_answered" = 1 OR t."state" IN (${closedStates.map((state) => `'${state}'`).join(', ')})) THEN 'met'
    ELSE 'running' END`;
}

export function clockStatus(ticket: ReportTicket, clock: ClockName): ClockStatus {
  return ticket[`${clock}Status`];
}

/** Each clock's column prefix in the cache's tickets table. */
export const clockColumns: Record<ClockName, string> = { firstResponse: 'first_response', update: 'update', solution: 'solution' };
type CohortRow = [string, string, string, string, TicketState, number, string | null, string | null, string, ClockStatus, ClockStatus, ClockStatus, number, number, number, string | null, string | null, string | null];

/** A breached clock's facts come as a JSON pair; the others as null. */
function lateClock(pair: string | null): LateClock | null {
  if (pair === null) return null;
  const [minutes, startedAt] = JSON.parse(pair) as [number, string | null];
  return { minutes, startedAt };
}

function cohortTicket(row: CohortRow): ReportTicket {
  const [id, number, queueId, type, state, priority, institutionId, slaId, createdAt, firstResponseStatus, updateStatus, solutionStatus, firstResponseAnswered, firstResponseMinutes, solutionMinutes, firstResponseLate, updateLate, solutionLate] = row;
  return {
    id, number, queueId, type, state, priority, institutionId, slaId, createdAt, firstResponseStatus, updateStatus, solutionStatus, firstResponseAnswered, firstResponseMinutes, solutionMinutes,
    firstResponseLate: lateClock(firstResponseLate), updateLate: lateClock(updateLate), solutionLate: lateClock(solutionLate),
  };
}

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
   * one flat object each: a year's 100,000 tickets.
   */
  cohort(scope: ResolvedScope, start: Date, end: Date): ReportTicket[] {
    const late = (clock: ClockName): string => {
      const column = clockColumns[clock];
      return `CASE WHEN t."${column}_breached" = 1 THEN json_array(t."${column}_minutes", t."${column}_started_at") END`;
    };
    const rows = this.db
      .prepare(
        `SELECT t."id", t."number", t."queue_id", t."type", t."state", t."priority", t."institution_id", t."sla_id", t."created_at",
                ${statusSql('firstResponse')}, ${statusSql('update')}, ${statusSql('solution')},
                t."first_response_answered", t."first_response_minutes", t."solution_minutes", ${late('firstResponse')}, ${late('update')}, ${late('solution')}
         FROM tickets t WHERE ${scope.where} AND t."created_at" >= ? AND t."created_at" < ?`,
      )
      .raw()
      .all(...scope.params, start.toISOString(), end.toISOString()) as CohortRow[];
    return rows.map(cohortTicket);
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
  slaOf(ticket: Pick<ReportTicket, 'slaId' | 'queueId'>): { sla: Sla; calendar: CalendarEntity } | null {
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
