import { closedStates, pendingStates, type SlaTargets, type TicketState } from '../sync/entities.js';
import { addWorkingMinutes, type Calendar } from './calendar.js';

/**
 * Escalation due instants: the SLA's targets in working minutes on a business calendar. As in
 * OTRS: first response and solution are anchored at creation, update at the last customer
 * contact; a closed ticket has none. Shared, so that the Desk computes what the server does.
 */
export interface DueInstants {
  firstResponseDue: string | null;
  updateDue: string | null;
  solutionDue: string | null;
}

const after = (calendar: Calendar, from: Date | string, minutes: number): string => addWorkingMinutes(calendar, new Date(from), minutes).toISOString();
const isPending = (state: TicketState): boolean => pendingStates.includes(state);
const isClosed = (state: TicketState): boolean => closedStates.includes(state);

export function dueAtCreation(calendar: Calendar, sla: SlaTargets, createdAt: Date): DueInstants {
  return {
    firstResponseDue: after(calendar, createdAt, sla.firstResponseMinutes),
    updateDue: after(calendar, createdAt, sla.updateMinutes),
    solutionDue: after(calendar, createdAt, sla.solutionMinutes),
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
export function dueAfterArticle(calendar: Calendar, due: DueInstants, state: TicketState, sla: SlaTargets, article: ArticleFacts, now: Date): DueInstants {
  if (isClosed(state)) return due;
  const answered = article.sender === 'agent' && article.visibility === 'customer-visible';
  return {
    firstResponseDue: answered ? null : due.firstResponseDue,
    updateDue: article.sender === 'customer' && !isPending(state) ? after(calendar, now, sla.updateMinutes) : due.updateDue,
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
export function dueAfterStateChange(calendar: Calendar, due: DueInstants, sla: SlaTargets, change: StateChangeFacts, now: Date): DueInstants {
  if (isClosed(change.to)) return { firstResponseDue: null, updateDue: null, solutionDue: null };
  const updateDue = isPending(change.to) ? null : isPending(change.from) || isClosed(change.from) ? after(calendar, now, sla.updateMinutes) : due.updateDue;
  if (!isClosed(change.from)) return { firstResponseDue: due.firstResponseDue, updateDue, solutionDue: due.solutionDue };
  return {
    firstResponseDue: change.firstResponded ? null : after(calendar, change.createdAt, sla.firstResponseMinutes),
    updateDue,
    solutionDue: after(calendar, change.createdAt, sla.solutionMinutes),
  };
}
