import type Database from 'better-sqlite3';
import { clockNames, type ClockName, type ClockState } from '../../src-shared/sla/clocks.js';
import { clocksOfTicket } from '../../src-shared/sla/ticket-clocks.js';
import type { Ticket } from '../../src-shared/sync/entities.js';
import { columnName } from '../../src-shared/sync/entity-fields.js';
import { openTicket } from '../cache/migrations/0008-workspace-lists.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';

type Row = Record<string, unknown>;

/** Something that happened to a ticket the agent may want to hear of, before it is put in words. */
export type NoticeEvent =
  | { kind: 'new-ticket'; tag: string; ticket: Ticket; queueName: string }
  | { kind: 'reminder'; tag: string; ticket: Ticket }
  | { kind: 'clock-warning'; tag: string; ticket: Ticket; clock: ClockName; due: string };

const clockTag = (ticketId: string, clock: ClockName): string => `clock:${ticketId}:${clock}`;

/** Not remembered yet (told or passed over): a check reads what is new, not everything that still qualifies. */
const unremembered = (tag: string): string => `NOT EXISTS (SELECT 1 FROM notification_log AS l WHERE l."tag" = ${tag})`;

/**
 * A clock of `t` that may be in its warning and was not told: `inWarning` decides. The instants
 * are compared as text, with a second's slack either way (`@early`, `@late`) so that a format
 * the server might send differently never leaves one out.
 */
function mayWarn(clock: ClockName): string {
  const column = (suffix: string): string => `t."${columnName(`${clock}${suffix}`)}"`;
  return `(${column('StartedAt')} IS NOT NULL AND ${column('Due')} > @early AND (${column('Warned')} = 1 OR ${column('WarnAt')} <= @late)
    AND ${unremembered(`'clock:' || t."id" || ':${clock}'`)})`;
}

/**
 * A clock is in its warning while it runs past its warning instant and before its due instant.
 * The episode lasts while the clock keeps its warned flag (a pause keeps it; an answer or a new
 * update cycle clears it), so that a clock resumed after a pending spell is not told again.
 */
function inWarning(clock: ClockState, now: number): boolean {
  const running = clock.startedAt !== null && clock.due !== null;
  return running && Date.parse(clock.due ?? '') > now && (clock.warned || (clock.warnAt !== null && Date.parse(clock.warnAt) <= now));
}
function warningEpisode(clock: ClockState, now: number): boolean {
  return clock.warned || (clock.startedAt !== null && clock.warnAt !== null && Date.parse(clock.warnAt) <= now);
}

/**
 * Reads from the agent's cache what qualifies for a notice at an instant. The cache holds only
 * what the server let the agent read, so nothing here can name a ticket they may not see.
 */
export class NoticeFinder {
  private readonly created: Database.Statement;
  private readonly reminders: Database.Statement;
  private readonly mine: Database.Statement;
  private readonly ticket: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly agentId: string) {
    // Each check runs on every change of the cache, on the main thread: each statement reads only
    // what may be new (at 100,000 tickets, reading every due reminder and every ticket of the
    // agent and of the watched queues took 110 ms a check).
    // New tickets: created after the watcher armed, by someone else, in a watched queue, still open.
    // A ticket's `updated_at` is never before its creation: for each watched queue (CROSS JOIN keeps
    // that order) its index finds the tickets written since; without statistics SQLite would
    // rather scan every open ticket.
    this.created = db.prepare(
      `SELECT t.*, q."name" AS "queue_name" FROM notification_watches AS w
       CROSS JOIN tickets AS t INDEXED BY tickets_queue ON t."queue_id" = w."queue_id" AND t."updated_at" > @armedAt JOIN queues AS q ON q."id" = t."queue_id"
       WHERE t."created_at" > @armedAt AND t."created_by" <> @agent AND t.${openTicket} AND ${unremembered(`'ticket:' || t."id"`)}`,
    );
    // Reminders due: the agent's own tickets, and those of the queues they watch (without statistics SQLite would take the state's index).
    this.reminders = db.prepare(
      `SELECT * FROM tickets AS t INDEXED BY tickets_reminders WHERE t."state" = 'pending-reminder' AND t."pending_until" <= @now
       AND (t."owner_id" = @agent OR t."queue_id" IN (SELECT "queue_id" FROM notification_watches))
       AND ${unremembered(`'reminder:' || t."id" || ':' || t."pending_until"`)}`,
    );
    this.mine = db.prepare(`SELECT * FROM tickets AS t WHERE t."owner_id" = @agent AND t.${openTicket} AND (${clockNames.map(mayWarn).join(' OR ')})`);
    this.ticket = db.prepare('SELECT * FROM tickets WHERE "id" = ?');
  }

  /** The plan SQLite chose for each statement of a check (new tickets, reminders, the agent's clocks): tests read it. */
  plans(): string[] {
    const now = new Date().toISOString();
    const params = { armedAt: now, agent: this.agentId, now, early: now, late: now };
    return [this.created, this.reminders, this.mine].map((statement) => {
      const named = Object.fromEntries(Object.entries(params).filter(([name]) => statement.source.includes(`@${name}`)));
      return (this.db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(named) as { detail: string }[]).map((row) => row.detail).join('; ');
    });
  }

  /**
   * What qualifies at `now` and is not remembered yet (told, or passed over at a baseline);
   * `armedAt` (server time) bounds which tickets count as new.
   */
  events(now: Date, armedAt: string): NoticeEvent[] {
    const at = now.getTime();
    const events: NoticeEvent[] = [];
    const agent = this.agentId;
    for (const row of this.created.all({ armedAt, agent }) as Row[]) {
      const ticket = entityFromCacheRow('ticket', row);
      events.push({ kind: 'new-ticket', tag: `ticket:${ticket.id}`, ticket, queueName: String(row['queue_name']) });
    }
    for (const row of this.reminders.all({ now: now.toISOString(), agent }) as Row[]) {
      const ticket = entityFromCacheRow('ticket', row);
      events.push({ kind: 'reminder', tag: `reminder:${ticket.id}:${ticket.pendingUntil ?? ''}`, ticket });
    }
    const slack = (ms: number): string => new Date(at + ms).toISOString();
    for (const row of this.mine.all({ agent, early: slack(-1000), late: slack(1000) }) as Row[]) {
      const ticket = entityFromCacheRow('ticket', row);
      const clocks = clocksOfTicket(ticket);
      for (const clock of clockNames) {
        const state = clocks[clock];
        if (inWarning(state, at)) events.push({ kind: 'clock-warning', tag: clockTag(ticket.id, clock), ticket, clock, due: state.due ?? '' });
      }
    }
    return events;
  }

  /** Whether the warning a clock tag names is over (or its ticket gone): its next warning may be told. */
  warningOver(tag: string, ticketId: string, now: Date): boolean {
    const clock = tag.split(':')[2] as ClockName | undefined;
    const row = this.ticket.get(ticketId) as Row | undefined;
    if (row === undefined || clock === undefined || !clockNames.includes(clock)) return true;
    return !warningEpisode(clocksOfTicket(entityFromCacheRow('ticket', row))[clock], now.getTime());
  }
}
