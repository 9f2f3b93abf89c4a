import { workingMinutesBetween, type Calendar } from '../../../src-shared/sla/calendar.js';
import { clockNames, type ClockName, type ClockState } from '../../../src-shared/sla/clocks.js';
import { clocksOfTicket, type ClockFields } from '../../../src-shared/sla/ticket-clocks.js';
import { closedStates, pendingStates, type TicketState } from '../../../src-shared/sync/entities.js';

/** What a clock shows: each state has its own icon and words, colour is the third cue. */
export type ClockDisplayState = 'running' | 'warning' | 'breached' | 'paused' | 'met' | 'met-late' | 'stopped' | 'idle';

export interface ClockView {
  name: ClockName;
  state: ClockDisplayState;
  /** The due instant of a running clock. */
  due: Date | null;
  /** Whole minutes until due (running, warning) or since due (breached); null when not running. */
  minutes: number | null;
  /** Whether `minutes` is working time on the SLA's calendar, or plain clock time because the calendar is not known. */
  counted: 'working' | 'wall';
  /** Working minutes the clock took in earlier segments (paused and stopped clocks). */
  used: number;
}

const minuteMs = 60_000;

function minutesBetween(calendar: Calendar | null, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  const minutes = calendar === null ? (to.getTime() - from.getTime()) / minuteMs : workingMinutesBetween(calendar, from, to);
  return Math.floor(minutes);
}

function viewOf(name: ClockName, clock: ClockState, ticketState: TicketState, calendar: Calendar | null, now: Date): ClockView {
  const counted = calendar === null ? 'wall' : 'working';
  const base = { name, counted, used: clock.minutes } as const;
  if (clock.startedAt !== null && clock.due !== null) {
    const due = new Date(clock.due);
    // A running clock is judged by its own instants: the sticky `breached` flag may stem from an earlier update cycle.
    if (due.getTime() <= now.getTime()) return { ...base, state: 'breached', due, minutes: minutesBetween(calendar, due, now) };
    const warned = clock.warnAt !== null && Date.parse(clock.warnAt) <= now.getTime();
    return { ...base, state: warned ? 'warning' : 'running', due, minutes: minutesBetween(calendar, now, due) };
  }
  const idle = { ...base, due: null, minutes: null };
  if (clock.answered) return { ...idle, state: clock.breached ? 'met-late' : 'met' };
  if (closedStates.includes(ticketState)) return { ...idle, state: 'stopped' };
  if (name === 'update' && pendingStates.includes(ticketState)) return { ...idle, state: 'paused' };
  return { ...idle, state: 'idle' };
}

/**
 * The three clocks of a ticket at `now`. With the SLA's calendar, time left is counted in
 * working minutes by the shared calendar math; without it (`null`), in clock time.
 */
export function clockViews(ticket: ClockFields & { state: TicketState }, calendar: Calendar | null, now: Date): ClockView[] {
  const clocks = clocksOfTicket(ticket);
  return clockNames.map((name) => viewOf(name, clocks[name], ticket.state, calendar, now));
}
