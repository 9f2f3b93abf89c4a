import { closedStates, pendingStates, type SlaTargets, type TicketState } from '../sync/entities.js';
import { addWorkingMinutes, workingMinutesBetween, type Calendar } from './calendar.js';

/**
 * SLA clocks as in OTRS, on a business calendar: first response, update and solution, each
 * running, paused or stopped, with the working minutes it has taken. Pure and shared, so that
 * the Desk computes what the server does. The rules and their reasons: docs/decisions/sla-clocks.md.
 */
export const clockNames = ['firstResponse', 'update', 'solution'] as const;
export type ClockName = (typeof clockNames)[number];

/** One clock's persistent state. Running iff startedAt !== null. */
export interface ClockState {
  /** When the current running segment started; null when stopped or paused. */
  startedAt: string | null;
  /** Working minutes taken in earlier segments (and, once stopped, the total the clock took). */
  minutes: number;
  /** Due instant of the running segment: startedAt + (target - minutes) working minutes; null when not running. */
  due: string | null;
  /** Instant at which warningPercent of the target is used: startedAt + max(0, ceil(target*warningPercent/100) - minutes) working minutes; null when not running. */
  warnAt: string | null;
  /** Whether this clock ever passed its due instant (sticky: reports count it). */
  breached: boolean;
  /** Whether the running clock passed warnAt (cleared when the clock stops or restarts; a pause keeps it). */
  warned: boolean;
  /**
   * Whether an agent answered the customer (first response; update: in this cycle). Such a clock
   * stays stopped, where one stopped by closing or paused by pending resumes. Always false for solution.
   */
  answered: boolean;
}
export type TicketClocks = Record<ClockName, ClockState>;

/** Something the server's timer acts on: a clock reached its warning or its due instant. */
export interface ClockEvent {
  clock: ClockName;
  kind: 'warning' | 'breach';
  at: string;
}

export interface ArticleFacts {
  sender: 'agent' | 'customer' | 'system';
  visibility: 'internal' | 'customer-visible';
}

const after = (calendar: Calendar, from: Date | string, minutes: number): string => addWorkingMinutes(calendar, new Date(from), minutes).toISOString();
const isPending = (state: TicketState): boolean => pendingStates.includes(state);
const isClosed = (state: TicketState): boolean => closedStates.includes(state);
const reached = (instant: string | null, now: Date): boolean => instant !== null && Date.parse(instant) <= now.getTime();

const targetMinutes = (sla: SlaTargets, name: ClockName): number =>
  name === 'firstResponse' ? sla.firstResponseMinutes : name === 'update' ? sla.updateMinutes : sla.solutionMinutes;

/** The three clocks, each passed through `next` and copied: no transition hands back its input. */
function eachClock(clocks: TicketClocks, next: (clock: ClockState, name: ClockName) => ClockState): TicketClocks {
  return {
    firstResponse: { ...next(clocks.firstResponse, 'firstResponse') },
    update: { ...next(clocks.update, 'update') },
    solution: { ...next(clocks.solution, 'solution') },
  };
}

/** The clock running from `startedAt` with its `minutes` already taken: what is left of the target is due. */
function runningFrom(calendar: Calendar, sla: SlaTargets, name: ClockName, clock: ClockState, startedAt: string): ClockState {
  const target = targetMinutes(sla, name);
  const warnMinutes = Math.ceil((target * sla.warningPercent) / 100);
  return {
    ...clock,
    startedAt,
    due: after(calendar, startedAt, Math.max(0, target - clock.minutes)),
    warnAt: after(calendar, startedAt, Math.max(0, warnMinutes - clock.minutes)),
  };
}

/** A paused or stopped clock running again from `now` with what is left; a running one unchanged. */
const resumed = (calendar: Calendar, sla: SlaTargets, name: ClockName, clock: ClockState, now: Date): ClockState =>
  clock.startedAt === null ? runningFrom(calendar, sla, name, clock, now.toISOString()) : clock;

/** The clock halted at `now`: the segment's whole working minutes added, breached if it reached due. */
function halted(calendar: Calendar, clock: ClockState, now: Date): ClockState {
  if (clock.startedAt === null) return clock;
  const taken = Math.floor(workingMinutesBetween(calendar, new Date(clock.startedAt), now));
  return { ...clock, startedAt: null, due: null, warnAt: null, minutes: clock.minutes + taken, breached: clock.breached || reached(clock.due, now) };
}

const stopped = (calendar: Calendar, clock: ClockState, now: Date, answered: boolean): ClockState => ({ ...halted(calendar, clock, now), warned: false, answered });

/** A fresh update cycle from `now` (the customer waits again), paused while the ticket is pending. */
function newCycle(calendar: Calendar, sla: SlaTargets, clock: ClockState, state: TicketState, now: Date): ClockState {
  const fresh = { startedAt: null, minutes: 0, due: null, warnAt: null, breached: clock.breached || reached(clock.due, now), warned: false, answered: false };
  return isPending(state) ? fresh : runningFrom(calendar, sla, 'update', fresh, now.toISOString());
}

/** Every clock running from the ticket's creation. */
export function clocksAtCreation(calendar: Calendar, sla: SlaTargets, createdAt: Date): TicketClocks {
  const idle: ClockState = { startedAt: null, minutes: 0, due: null, warnAt: null, breached: false, warned: false, answered: false };
  return eachClock({ firstResponse: idle, update: idle, solution: idle }, (clock, name) => resumed(calendar, sla, name, clock, createdAt));
}

/**
 * After an article on a ticket in `state` (after any reopen it caused): a customer-visible agent
 * article answers (first response and update stop); a customer article starts a new update cycle.
 */
export function clocksAfterArticle(calendar: Calendar, sla: SlaTargets, clocks: TicketClocks, state: TicketState, article: ArticleFacts, now: Date): TicketClocks {
  const answer = article.sender === 'agent' && article.visibility === 'customer-visible';
  return eachClock(clocks, (clock, name) => {
    if (name === 'solution') return clock;
    if (answer) return stopped(calendar, clock, now, true);
    if (name === 'update' && article.sender === 'customer' && !isClosed(state)) return newCycle(calendar, sla, clock, state, now);
    return clock;
  });
}

/** After a state change: closing stops every clock, a reopen resumes them, pending pauses the update clock. */
export function clocksAfterStateChange(calendar: Calendar, sla: SlaTargets, clocks: TicketClocks, change: { from: TicketState; to: TicketState }, now: Date): TicketClocks {
  const { from, to } = change;
  if (!isClosed(from) && isClosed(to)) return eachClock(clocks, (clock) => stopped(calendar, clock, now, clock.answered));
  if (isClosed(from) && !isClosed(to)) {
    return eachClock(clocks, (clock, name) => {
      if (name === 'update') return newCycle(calendar, sla, clock, to, now);
      return clock.answered ? clock : resumed(calendar, sla, name, clock, now);
    });
  }
  const pausing = !isClosed(to) && !isPending(from) && isPending(to);
  const leaving = !isClosed(to) && isPending(from) && !isPending(to);
  return eachClock(clocks, (clock, name) => {
    if (name !== 'update') return clock;
    if (pausing) return halted(calendar, clock, now);
    if (leaving && !clock.answered) return resumed(calendar, sla, name, clock, now);
    return clock;
  });
}

/** Due and warnAt of every running clock again, after its calendar or SLA changed; startedAt, minutes and flags stay (the next clocksAt flags what moved into the past). */
export function clocksRecomputed(calendar: Calendar, sla: SlaTargets, clocks: TicketClocks): TicketClocks {
  return eachClock(clocks, (clock, name) => (clock.startedAt === null ? clock : runningFrom(calendar, sla, name, clock, clock.startedAt)));
}

/** The instants a running clock has not been flagged for yet, warning before breach. */
function unflagged(clock: ClockState, name: ClockName): ClockEvent[] {
  if (clock.startedAt === null) return [];
  return [
    ...(clock.warned || clock.warnAt === null ? [] : [{ clock: name, kind: 'warning' as const, at: clock.warnAt }]),
    ...(clock.breached || clock.due === null ? [] : [{ clock: name, kind: 'breach' as const, at: clock.due }]),
  ];
}

const allUnflagged = (clocks: TicketClocks): ClockEvent[] =>
  clockNames.flatMap((name) => unflagged(clocks[name], name)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

/** Flags of clocks whose warnAt/due is <= now, and the events that happened, in order: each once per segment. */
export function clocksAt(clocks: TicketClocks, now: Date): { clocks: TicketClocks; events: ClockEvent[] } {
  const events = allUnflagged(clocks).filter((event) => reached(event.at, now));
  const happened = (name: ClockName, kind: ClockEvent['kind']): boolean => events.some((event) => event.clock === name && event.kind === kind);
  return {
    clocks: eachClock(clocks, (clock, name) => ({ ...clock, warned: clock.warned || happened(name, 'warning'), breached: clock.breached || happened(name, 'breach') })),
    events,
  };
}

/** The earliest warnAt/due among running clocks not yet flagged for it; null when none: the server's timer wakes at this instant. */
export function nextClockEvent(clocks: TicketClocks): string | null {
  return allUnflagged(clocks)[0]?.at ?? null;
}
