import { clocksAt } from '../../src-shared/sla/clocks.js';
import { clockFieldsOf, clocksOfTicket } from '../../src-shared/sla/ticket-clocks.js';
import type { Database } from '../db/database.js';
import { appendChanges, type NewChange } from '../sync/change-log.js';
import { ticketChange } from './changes.js';
import { appendHistory } from './history.js';
import { queueConfigLockKey } from './queues.js';
import { ticketColumns, ticketFromRow, type TicketRow } from './ticket-record.js';
import { ticketUpdate } from './tickets.js';

/** Held while one instance escalates: two instances must not both record the same breach. */
export const slaTimerLockKey = 0x6b6f736c; // "kosl"

/** Tickets one run looks at; a run that finds this many is followed by another at once. */
export const escalationBatch = 500;

export interface EscalationRun {
  /** False when another instance held the timer's lock: nothing was looked at. */
  ran: boolean;
  tickets: number;
  warnings: number;
  breaches: number;
}

/**
 * Records the warnings and breaches whose instants have passed by `now`, without any change to
 * the ticket by an agent: for each, a history entry (`sla-warning`, `sla-breached`, by nobody)
 * and the ticket's next version with the clock flagged, so that the feed carries both. One
 * instance at a time across all instances (an advisory lock tried, not waited for); shares the
 * configuration lock with the mutations, so a calendar change never interleaves.
 */
export async function escalateDueClocks(db: Database, now: Date): Promise<EscalationRun> {
  return db.transaction(
    async (tx) => {
      const run: EscalationRun = { ran: false, tickets: 0, warnings: 0, breaches: 0 };
      const got = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [slaTimerLockKey]);
      if (got.rows[0]?.got !== true) return run;
      run.ran = true;
      const result = await tx.query<TicketRow>(
        `SELECT ${ticketColumns} FROM tickets t JOIN queues q ON q.id = t.queue_id
         WHERE t.next_sla_event_at <= $1 ORDER BY t.next_sla_event_at, t.id LIMIT $2 FOR UPDATE OF t SKIP LOCKED`,
        [now, escalationBatch],
      );
      const changes: NewChange[] = [];
      for (const row of result.rows) {
        const record = ticketFromRow(row);
        const { clocks, events } = clocksAt(clocksOfTicket(record.ticket), now);
        const update = ticketUpdate(record, clockFieldsOf(clocks), [], now);
        for (const [index, event] of events.entries()) {
          const history = await appendHistory(
            tx,
            { ticketId: record.ticket.id, event: event.kind === 'breach' ? 'sla-breached' : 'sla-warning', actorId: null, data: { clock: event.clock, at: event.at }, occurredAt: now },
            record.group,
            // The ticket's new version goes with the last history row, in the same statement.
            index === events.length - 1 ? update.statement : undefined,
          );
          changes.push(history.change);
          if (event.kind === 'breach') run.breaches += 1;
          else run.warnings += 1;
        }
        if (events.length === 0) {
          // Nothing was due after all (the instant was stale): clear it rather than wake for it again.
          await tx.query('UPDATE tickets SET next_sla_event_at = NULL WHERE id = $1', [record.ticket.id]);
          continue;
        }
        changes.push(ticketChange(update.record.ticket, record.group));
        run.tickets += 1;
      }
      await appendChanges(tx, changes);
      return run;
    },
    { opening: `SELECT pg_advisory_xact_lock_shared(${String(queueConfigLockKey)})` },
  );
}
