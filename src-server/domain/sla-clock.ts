import { closedStates, pendingStates, type SlaTargets, type TicketState } from '../../src-shared/sync/entities.js';

/**
 * Escalation due instants with fixed targets in plain wall-clock minutes (working-hour
 * calendars come later; the shape stays). As in OTRS: first response and solution are anchored
 * at creation, update at the last customer contact; a closed ticket has none.
 */
export interface DueInstants {
  firstResponseDue: string | null;
  updateDue: string | null;
  solutionDue: string | null;
}

const after = (from: Date | string, minutes: number): string => new Date(new Date(from).getTime() + minutes * 60_000).toISOString();
const isPending = (state: TicketState): boolean => pendingStates.includes(state);
const isClosed = (state: TicketState): boolean => closedStates.includes(state);

export function dueAtCreation(sla: SlaTargets, createdAt: Date): DueInstants {
  return {
    firstResponseDue: after(createdAt, sla.firstResponseMinutes),
    updateDue: after(createdAt, sla.updateMinutes),
    solutionDue: after(createdAt, sla.solutionMinutes),
  };
}

export interface ArticleFacts {
  sender: 'agent' | 'customer' | 'system';
  visibility: 'internal' | 'customer-visible';
}

/**
 * After an article on a ticket in `state` (after any reopen it caused): the first
 * customer-visible agent article answers the customer; a customer article restarts the update
 * clock unless the ticket is pending.
 */
export function dueAfterArticle(due: DueInstants, state: TicketState, sla: SlaTargets, article: ArticleFacts, now: Date): DueInstants {
  if (isClosed(state)) return due;
  const answered = article.sender === 'agent' && article.visibility === 'customer-visible';
  return {
    firstResponseDue: answered ? null : due.firstResponseDue,
    updateDue: article.sender === 'customer' && !isPending(state) ? after(now, sla.updateMinutes) : due.updateDue,
    solutionDue: due.solutionDue,
  };
}

export interface StateChangeFacts {
  from: TicketState;
  to: TicketState;
  createdAt: string;
  /** Whether a customer-visible agent article exists: a reopened ticket was answered already. */
  firstResponded: boolean;
}

/** After a state change: closing clears every clock, pending stops the update clock, reopening restarts them. */
export function dueAfterStateChange(due: DueInstants, sla: SlaTargets, change: StateChangeFacts, now: Date): DueInstants {
  if (isClosed(change.to)) return { firstResponseDue: null, updateDue: null, solutionDue: null };
  const updateDue = isPending(change.to) ? null : isPending(change.from) || isClosed(change.from) ? after(now, sla.updateMinutes) : due.updateDue;
  if (!isClosed(change.from)) return { firstResponseDue: due.firstResponseDue, updateDue, solutionDue: due.solutionDue };
  return {
    firstResponseDue: change.firstResponded ? null : after(change.createdAt, sla.firstResponseMinutes),
    updateDue,
    solutionDue: after(change.createdAt, sla.solutionMinutes),
  };
}
