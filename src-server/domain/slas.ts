import { calendarSchema, type Calendar } from '../../src-shared/sla/calendar.js';
import type { SlaTargets } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';

/** What a ticket's clocks count with: its SLA's targets on the SLA's calendar. */
export interface TicketSla {
  slaId: string;
  targets: SlaTargets;
  calendar: Calendar;
}

/** Columns of the SLA in force for a ticket `t` in queue `q`, joined as `s`: `FROM … JOIN slas s ON s.id = coalesce(t.sla_id, q.sla_id)`. */
export const slaColumns = `s.id AS sla_id_in_force, s.first_response_minutes, s.update_minutes, s.solution_minutes, s.warning_percent,
  s.calendar_id, c.version AS calendar_version`;
export const slaJoin = 'JOIN slas s ON s.id = coalesce(t.sla_id, q.sla_id) JOIN calendars c ON c.id = s.calendar_id';

export interface SlaRow {
  sla_id_in_force: string;
  first_response_minutes: number;
  update_minutes: number;
  solution_minutes: number;
  warning_percent: number;
  calendar_id: string;
  calendar_version: number;
}

/**
 * Calendars by id and version: a calendar's holidays are a few hundred dates that every mutation
 * would otherwise read and validate. A new version (applied by any instance) is a new key, so
 * nothing stale is ever used; old versions are few and small.
 */
const calendars = new Map<string, Calendar>();

async function calendarOf(db: Queryable, id: string, version: number): Promise<Calendar> {
  const key = `${id}:${String(version)}`;
  const known = calendars.get(key);
  if (known) return known;
  const result = await db.query<{ name: string; time_zone: string; weekdays: unknown; holidays: unknown; version: number }>(
    'SELECT name, time_zone, weekdays, holidays, version FROM calendars WHERE id = $1',
    [id],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`calendar ${id} is missing`);
  const calendar = calendarSchema.parse({ name: row.name, timeZone: row.time_zone, weekdays: row.weekdays, holidays: row.holidays });
  calendars.set(`${id}:${String(row.version)}`, calendar);
  return calendar;
}

/** The SLA a row read with `slaColumns` names, with its calendar. */
export async function slaFromRow(db: Queryable, row: SlaRow): Promise<TicketSla> {
  return {
    slaId: row.sla_id_in_force,
    targets: {
      firstResponseMinutes: row.first_response_minutes,
      updateMinutes: row.update_minutes,
      solutionMinutes: row.solution_minutes,
      warningPercent: row.warning_percent,
    },
    calendar: await calendarOf(db, row.calendar_id, row.calendar_version),
  };
}

/** The SLA of a queue (what a new ticket in it counts with). */
export async function slaOfQueue(db: Queryable, queueId: string): Promise<TicketSla> {
  const result = await db.query<SlaRow>(
    `SELECT ${slaColumns} FROM queues q JOIN slas s ON s.id = q.sla_id JOIN calendars c ON c.id = s.calendar_id WHERE q.id = $1`,
    [queueId],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`queue ${queueId} has no SLA`);
  return slaFromRow(db, row);
}
