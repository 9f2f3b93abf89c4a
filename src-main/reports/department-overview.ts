import type Database from 'better-sqlite3';
import type { DepartmentOverview } from '../../src-shared/ipc/reports.js';
import { closedStates } from '../../src-shared/sync/entities.js';
import { clockNames } from '../../src-shared/sla/clocks.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';
import { cacheDataAsOf, clockColumns } from './report-source.js';
import { byName } from './report-tables.js';

/** Clocks about to breach that the wall screen lists. */
const nearBreachShown = 20;


/**
 * The live department overview (a wall screen): open tickets per queue and state, running clocks
 * past their warning and not yet breached (with the calendars their time left counts on), and
 * who holds what — read from the cache as it is now.
 */
export function departmentOverview(db: Database.Database, group: string | null): DepartmentOverview {
  const notClosed = `t."state" NOT IN (${closedStates.map(() => '?').join(', ')})`;
  const inGroup = group === null ? '1 = 1' : 'q."group" = ?';
  const params = group === null ? [...closedStates] : [...closedStates, group];
  const counts = db
    .prepare(`SELECT q."id" AS queueId, q."name" AS name, t."state" AS state, COUNT(*) AS n FROM tickets t JOIN queues q ON q."id" = t."queue_id" WHERE ${notClosed} AND ${inGroup} GROUP BY q."id", t."state"`)
    .all(...params) as { queueId: string; name: string; state: string; n: number }[];
  const queues = new Map<string, DepartmentOverview['queues'][number]>();
  for (const row of counts) {
    const queue = queues.get(row.queueId) ?? { queueId: row.queueId, name: row.name, states: {}, open: 0 };
    queue.states[row.state] = row.n;
    queue.open += row.n;
    queues.set(row.queueId, queue);
  }
  const nearBreach = clockNames
    .flatMap((clock) => {
      const column = clockColumns[clock];
      const rows = db
          .prepare(
            `SELECT t."id" AS ticketId, t."number" AS number, t."title" AS title, q."name" AS queue, t."${column}_due" AS due, s."calendar_id" AS calendarId
             FROM tickets t JOIN queues q ON q."id" = t."queue_id" LEFT JOIN slas s ON s."id" = coalesce(t."sla_id", q."sla_id")
             WHERE ${notClosed} AND ${inGroup} AND t."${column}_warned" = 1 AND t."${column}_breached" = 0 AND t."${column}_started_at" IS NOT NULL AND t."${column}_due" IS NOT NULL
             ORDER BY t."${column}_due" LIMIT ?`,
          )
          .all(...params, nearBreachShown) as { ticketId: string; number: string; title: string; queue: string; due: string; calendarId: string | null }[];
      return rows.map((row) => ({ ...row, clock, due: new Date(row.due).toISOString() }));
    })
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
    .slice(0, nearBreachShown);
  const holders = (
    db
      .prepare(
        `SELECT t."owner_id" AS agentId, a."display_name" AS name, COUNT(*) AS open, SUM(t."locked") AS locked
         FROM tickets t JOIN queues q ON q."id" = t."queue_id" LEFT JOIN agents a ON a."id" = t."owner_id"
         WHERE ${notClosed} AND ${inGroup} GROUP BY t."owner_id" ORDER BY open DESC`,
      )
      .all(...params) as { agentId: string | null; name: string | null; open: number; locked: number | null }[]
  ).map((row) => ({ ...row, locked: row.locked ?? 0 }));
  const calendarIds = [...new Set(nearBreach.flatMap((row) => (row.calendarId === null ? [] : [row.calendarId])))];
  const calendars = (db.prepare('SELECT * FROM calendars WHERE "id" IN (SELECT value FROM json_each(?))').all(JSON.stringify(calendarIds)) as Record<string, unknown>[]).map((row) =>
    entityFromCacheRow('calendar', row),
  );
  return {
    dataAsOf: cacheDataAsOf(db),
    queues: [...queues.values()].sort((a, b) => byName(a.name, b.name)),
    nearBreach,
    calendars: Object.fromEntries(calendars.map((calendar) => [calendar.id, calendar])),
    holders,
  };
}
