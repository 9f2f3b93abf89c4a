import type { ClockName } from '../../../src-shared/sla/clocks.js';
import { closedStates, pendingStates, type Ticket } from '../../../src-shared/sync/entities.js';

/**
 * What a clock badge in the list says. Running clocks count wall-clock time to their due
 * instant (the list carries no calendar; the ticket zoom shows working time); the kind decides
 * icon, words and colour together, so no state is told by colour alone.
 */
export type ClockBadge =
  | { kind: 'running' | 'warning'; due: string; millisLeft: number }
  | { kind: 'breached'; due: string; millisOver: number }
  | { kind: 'paused' | 'met' | 'missed' | 'none' };

/** The badge of one clock of `ticket` at `now`. */
export function clockBadge(ticket: Ticket, clock: ClockName, now: number): ClockBadge {
  const startedAt = ticket[`${clock}StartedAt`];
  const due = ticket[`${clock}Due`];
  const warnAt = ticket[`${clock}WarnAt`];
  const breached = ticket[`${clock}Breached`];
  if (startedAt !== null && due !== null) {
    const dueAt = Date.parse(due);
    if (dueAt <= now) return { kind: 'breached', due, millisOver: now - dueAt };
    const warning = ticket[`${clock}Warned`] || (warnAt !== null && Date.parse(warnAt) <= now);
    return { kind: warning ? 'warning' : 'running', due, millisLeft: dueAt - now };
  }
  // Stopped: answered or closed. A sticky breach of an earlier update cycle is no miss of the answer given now.
  if (ticket[`${clock}Answered`]) return { kind: breached && clock !== 'update' ? 'missed' : 'met' };
  if (closedStates.includes(ticket.state)) return { kind: breached ? 'missed' : 'met' };
  // Not running, not stopped: paused while the ticket is pending.
  if (pendingStates.includes(ticket.state)) return { kind: 'paused' };
  return { kind: 'none' };
}
