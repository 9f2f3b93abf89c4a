import { workingMinutesBetween, type Calendar } from '../../../src-shared/sla/calendar.js';
import type { ClockName } from '../../../src-shared/sla/clocks.js';
import { closedStates, pendingStates, type Ticket } from '../../../src-shared/sync/entities.js';

/**
 * What a clock badge in the list says. Running clocks count the time to their due instant in
 * working time on the ticket's calendar (the shared calendar math, as the zoom does), or in clock
 * time where the cache lacks the calendar (`counted` says which); the kind decides icon, words
 * and colour together, so no state is told by colour alone.
 */
export type ClockBadge =
  | { kind: 'running' | 'warning'; due: string; millisLeft: number; counted: 'working' | 'wall' }
  | { kind: 'breached'; due: string; millisOver: number; counted: 'working' | 'wall' }
  | { kind: 'paused' | 'met' | 'missed' | 'none' };

const minuteMs = 60_000;

/** Milliseconds from `from` to `to`: working time on `calendar`, whole minutes as the zoom counts them, or clock time without one. */
export function timeBetween(calendar: Calendar | null, from: number, to: number): number {
  return calendar === null ? to - from : Math.floor(workingMinutesBetween(calendar, new Date(from), new Date(to))) * minuteMs;
}

/** The badge of one clock of `ticket` at `now`, its time counted on `calendar` (null: clock time). */
export function clockBadge(ticket: Ticket, clock: ClockName, now: number, calendar: Calendar | null = null): ClockBadge {
  const startedAt = ticket[`${clock}StartedAt`];
  const due = ticket[`${clock}Due`];
  const warnAt = ticket[`${clock}WarnAt`];
  const breached = ticket[`${clock}Breached`];
  const counted = calendar === null ? 'wall' : 'working';
  if (startedAt !== null && due !== null) {
    const dueAt = Date.parse(due);
    if (dueAt <= now) return { kind: 'breached', due, millisOver: timeBetween(calendar, dueAt, now), counted };
    const warning = ticket[`${clock}Warned`] || (warnAt !== null && Date.parse(warnAt) <= now);
    return { kind: warning ? 'warning' : 'running', due, millisLeft: timeBetween(calendar, now, dueAt), counted };
  }
  // Stopped: answered or closed. A sticky breach of an earlier update cycle is no miss of the answer given now.
  if (ticket[`${clock}Answered`]) return { kind: breached && clock !== 'update' ? 'missed' : 'met' };
  if (closedStates.includes(ticket.state)) return { kind: breached ? 'missed' : 'met' };
  // Not running, not stopped: paused while the ticket is pending.
  if (pendingStates.includes(ticket.state)) return { kind: 'paused' };
  return { kind: 'none' };
}
