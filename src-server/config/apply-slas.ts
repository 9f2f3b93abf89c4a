import { nameBasedUuid } from '../../src-shared/node/name-based-id.js';
import { calendarEntitySchema, slaSchema, type CalendarEntity, type Sla } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import type { Fields } from '../../src-shared/sync/entity-fields.js';
import { entityFromRow, insertSql, selectList, storedFields, storedValues, type EntityOf, type EntityTable } from '../db/entity-table.js';
import { calendarTable, slaTable } from '../db/entity-tables.js';
import type { NewChange } from '../sync/change-log.js';
import type { QueueConfig } from './queues.js';
import { continuousCalendarName, holidayYears, resolveCalendar, type CalendarConfig, type SlaConfig } from './slas.js';

/** The same calendar or SLA name gets the same id in every database. */
export const calendarIdFor = (name: string): string => nameBasedUuid(`kontor-calendar:${name}`);
export const slaIdFor = (name: string): string => nameBasedUuid(`kontor-sla:${name}`);

export interface SlaConfigReport {
  created: string[];
  updated: string[];
  invalidated: string[];
  /** The SLAs whose targets or calendar changed: open tickets counting with them are recomputed. */
  changedSlaIds: string[];
  changes: NewChange[];
}

const publicChange = (entity: 'calendar' | 'sla', data: CalendarEntity | Sla): NewChange => ({ entity, op: 'upsert', id: data.id, ticketId: null, group: null, data });

async function upsert<F extends Fields>(tx: Queryable, table: EntityTable<F>, entity: EntityOf<F>): Promise<void> {
  const set = storedFields(table).filter(({ key }) => key !== 'id').map(({ column }) => `${column} = excluded.${column}`);
  await tx.query(`${insertSql(table)} ON CONFLICT (id) DO UPDATE SET ${set.join(', ')}`, storedValues(table, entity));
}

function sameContent<E extends { version: number }>(a: E, b: E): boolean {
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}

/**
 * Makes calendars and SLAs match the configuration, by name: new ones created, changed ones get
 * a new version, ones no longer named become invalid (tickets may still count with them, so
 * they are never deleted). A queue that gives its targets inline has an SLA of its own name on
 * the 24/7 calendar. Holidays are spelt out for the years around `now`, so a restart in a new
 * year moves them on. Runs in the caller's transaction, under the config lock.
 */
export async function applySlaConfig(
  tx: Queryable,
  config: { calendars: readonly CalendarConfig[]; slas: readonly SlaConfig[]; queues: readonly QueueConfig[] },
  now: Date,
): Promise<SlaConfigReport> {
  const report: SlaConfigReport = { created: [], updated: [], invalidated: [], changedSlaIds: [], changes: [] };
  const years = holidayYears(now);
  const calendarsNow = new Map(
    (await tx.query(`SELECT ${selectList(calendarTable)} FROM calendars c`)).rows.map((row) => {
      const entity = entityFromRow(calendarTable, row);
      return [entity.name, entity] as const;
    }),
  );
  const changedCalendars = new Set<string>();
  const wantedCalendars = config.calendars.map((calendar) => resolveCalendar(calendar, years));
  for (const wanted of wantedCalendars) {
    const current = calendarsNow.get(wanted.name);
    const entity = calendarEntitySchema.parse({
      id: current?.id ?? calendarIdFor(wanted.name),
      name: wanted.name,
      timeZone: wanted.timeZone,
      weekdays: wanted.weekdays,
      holidays: wanted.holidays,
      valid: true,
      version: current?.version ?? 1,
    });
    if (current && sameContent(current, entity)) continue;
    const next = current ? { ...entity, version: current.version + 1 } : entity;
    await upsert(tx, calendarTable, next);
    report.changes.push(publicChange('calendar', next));
    (current ? report.updated : report.created).push(`calendar ${wanted.name}`);
    if (current) changedCalendars.add(current.id);
    calendarsNow.set(next.name, next);
  }
  const namedCalendars = new Set([continuousCalendarName, ...config.calendars.map((calendar) => calendar.name)]);
  for (const current of calendarsNow.values()) {
    if (namedCalendars.has(current.name) || !current.valid) continue;
    const next = { ...current, valid: false, version: current.version + 1 };
    await upsert(tx, calendarTable, next);
    report.changes.push(publicChange('calendar', next));
    report.invalidated.push(`calendar ${current.name}`);
  }

  const slasNow = new Map(
    (await tx.query(`SELECT ${selectList(slaTable)} FROM slas s`)).rows.map((row) => {
      const entity = entityFromRow(slaTable, row);
      return [entity.name, entity] as const;
    }),
  );
  const continuousId = calendarsNow.get(continuousCalendarName)?.id ?? calendarIdFor(continuousCalendarName);
  const wantedSlas = [
    ...config.slas.map((sla) => ({ ...sla, calendarId: calendarsNow.get(sla.calendar)?.id ?? calendarIdFor(sla.calendar), id: slaIdFor(sla.name) })),
    ...config.queues.flatMap((queue) => (typeof queue.sla === 'string' ? [] : [{ ...queue.sla, name: queue.name, calendarId: continuousId, id: nameBasedUuid(`kontor-queue:${queue.name}`) }])),
  ];
  for (const wanted of wantedSlas) {
    const current = slasNow.get(wanted.name);
    const entity = slaSchema.parse({
      id: current?.id ?? wanted.id,
      name: wanted.name,
      calendarId: wanted.calendarId,
      firstResponseMinutes: wanted.firstResponseMinutes,
      updateMinutes: wanted.updateMinutes,
      solutionMinutes: wanted.solutionMinutes,
      warningPercent: wanted.warningPercent,
      valid: true,
      version: current?.version ?? 1,
    });
    const unchanged = current !== undefined && sameContent(current, entity);
    if (!unchanged) {
      const next = current ? { ...entity, version: current.version + 1 } : entity;
      await upsert(tx, slaTable, next);
      report.changes.push(publicChange('sla', next));
      (current ? report.updated : report.created).push(`SLA ${wanted.name}`);
      slasNow.set(next.name, next);
    }
    if ((current && !unchanged) || changedCalendars.has(entity.calendarId)) report.changedSlaIds.push(entity.id);
  }
  const namedSlas = new Set(wantedSlas.map((sla) => sla.name));
  for (const current of slasNow.values()) {
    if (namedSlas.has(current.name) || !current.valid) continue;
    const next = { ...current, valid: false, version: current.version + 1 };
    await upsert(tx, slaTable, next);
    report.changes.push(publicChange('sla', next));
    report.invalidated.push(`SLA ${current.name}`);
  }
  return report;
}

/** The id of the SLA a queue names (or gives inline), once `applySlaConfig` ran. */
export async function slaIdOfQueueConfig(tx: Queryable, queue: QueueConfig): Promise<string> {
  const name = typeof queue.sla === 'string' ? queue.sla : queue.name;
  const result = await tx.query<{ id: string }>('SELECT id FROM slas WHERE name = $1', [name]);
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error(`SLA ${name} of queue ${queue.name} is missing`);
  return id;
}
