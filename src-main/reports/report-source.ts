import type Database from 'better-sqlite3';
import type { ReportScope } from '../../src-shared/reports/model.js';
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

/** The stored state of one clock (docs/decisions/sla-clocks.md). */
export interface ClockFacts {
  startedAt: string | null;
  minutes: number;
  due: string | null;
  breached: boolean;
  answered: boolean;
}

export interface ReportTicket {
  id: string;
  number: string;
  title: string;
  queueId: string;
  type: string;
  state: TicketState;
  priority: number;
  institutionId: string | null;
  slaId: string | null;
  createdAt: string;
  clocks: Record<ClockName, ClockFacts>;
}

export type ClockStatus = 'met' | 'breached' | 'running';

export const closedStateSet: ReadonlySet<string> = new Set(closedStates);
/** Closing counts these two; a merge is closed but not a closing (docs/reports.md). */
export const closingStates: ReadonlySet<string> = new Set(['closed-successful', 'closed-unsuccessful']);
/** The permission group of the first level: its queues are where tickets start. */
export const firstLevelGroup = 'serviceline';

/** Breached: the sticky flag. Met: stopped, and answered or the ticket is closed. Running: the rest. */
export function clockStatus(ticket: ReportTicket, clock: ClockName): ClockStatus {
  const facts = ticket.clocks[clock];
  if (facts.breached) return 'breached';
  if (facts.startedAt === null && (facts.answered || closedStateSet.has(ticket.state))) return 'met';
  return 'running';
}

/** Each clock's column prefix in the cache's tickets table. */
export const clockColumns: Record<ClockName, string> = { firstResponse: 'first_response', update: 'update', solution: 'solution' };
const clockSelect = clockNames
  .map((clock) => ['started_at', 'minutes', 'due', 'breached', 'answered'].map((field) => `t."${clockColumns[clock]}_${field}"`).join(', '))
  .join(', ');

interface TicketRow {
  id: string;
  number: string;
  title: string;
  queue_id: string;
  type: string;
  state: TicketState;
  priority: number;
  institution_id: string | null;
  sla_id: string | null;
  created_at: string;
  [column: string]: string | number | null;
}

function ticketOf(row: TicketRow): ReportTicket {
  const clock = (name: ClockName): ClockFacts => {
    const prefix = clockColumns[name];
    return {
      startedAt: row[`${prefix}_started_at`] as string | null,
      minutes: row[`${prefix}_minutes`] as number,
      due: row[`${prefix}_due`] as string | null,
      breached: row[`${prefix}_breached`] === 1,
      answered: row[`${prefix}_answered`] === 1,
    };
  };
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    queueId: row.queue_id,
    type: row.type,
    state: row.state,
    priority: row.priority,
    institutionId: row.institution_id,
    slaId: row.sla_id,
    createdAt: row.created_at,
    clocks: { firstResponse: clock('firstResponse'), update: clock('update'), solution: clock('solution') },
  };
}

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

  /** The scope's tickets created in `[start, end)`: the cohort. */
  cohort(scope: ResolvedScope, start: Date, end: Date): ReportTicket[] {
    const rows = this.db
      .prepare(
        `SELECT t."id", t."number", t."title", t."queue_id", t."type", t."state", t."priority", t."institution_id", t."sla_id", t."created_at", ${clockSelect}
         FROM tickets t WHERE ${scope.where} AND t."created_at" >= ? AND t."created_at" < ? ORDER BY t."number"`,
      )
      .all(...scope.params, start.toISOString(), end.toISOString()) as TicketRow[];
    return rows.map(ticketOf);
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
