import type Database from 'better-sqlite3';
import { clockNames, type ClockName, type ClockState } from '../../src-shared/sla/clocks.js';
import { clocksOfTicket } from '../../src-shared/sla/ticket-clocks.js';
import type { Ticket } from '../../src-shared/sync/entities.js';
import { openTicket } from '../cache/migrations/0008-workspace-lists.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';

type Row = Record<string, unknown>;

/** Something that happened to a ticket the agent may want to hear of, before it is put in words. */
export type NoticeEvent =
  | { kind: 'new-ticket'; tag: string; ticket: Ticket; queueName: string }
  | { kind: 'reminder'; tag: string; ticket: Ticket }
  | { kind: 'clock-warning'; tag: string; ticket: Ticket; clock: ClockName; due: string };

const clockTag = (ticketId: string, clock: ClockName): string => `clock:${ticketId}:${clock}`;

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

  constructor(db: Database.Database, private readonly agentId: string) {
    // New tickets: created after the watcher armed, by someone else, in a watched queue, still open.
    this.created = db.prepare(
      `SELECT t.*, q."name" AS "queue_name" FROM notification_watches AS w
       JOIN tickets AS t ON t."queue_id" = w."queue_id" JOIN queues AS q ON q."id" = t."queue_id"
       WHERE t."created_at" > ? AND t."created_by" <> ? AND t.${openTicket}`,
    );
    // Reminders due: the agent's own tickets, and those of the queues they watch.
    this.reminders = db.prepare(
      `SELECT * FROM tickets WHERE "state" = 'pending-reminder' AND "pending_until" <= ?
       AND ("owner_id" = ? OR "queue_id" IN (SELECT "queue_id" FROM notification_watches))`,
    );
    this.mine = db.prepare(`SELECT * FROM tickets WHERE "owner_id" = ? AND ${openTicket}`);
    this.ticket = db.prepare('SELECT * FROM tickets WHERE "id" = ?');
  }

  /** Everything that qualifies at `now`; `armedAt` (server time) bounds which tickets count as new. */
  events(now: Date, armedAt: string): NoticeEvent[] {
    const at = now.getTime();
    const events: NoticeEvent[] = [];
    for (const row of this.created.all(armedAt, this.agentId) as Row[]) {
      const ticket = entityFromCacheRow('ticket', row);
      events.push({ kind: 'new-ticket', tag: `ticket:${ticket.id}`, ticket, queueName: String(row['queue_name']) });
    }
    for (const row of this.reminders.all(now.toISOString(), this.agentId) as Row[]) {
      const ticket = entityFromCacheRow('ticket', row);
      events.push({ kind: 'reminder', tag: `reminder:${ticket.id}:${ticket.pendingUntil ?? ''}`, ticket });
    }
    for (const row of this.mine.all(this.agentId) as Row[]) {
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
