import type { Ticket } from '../sync/entities.js';
import { clockNames, type ClockName, type ClockState, type TicketClocks } from './clocks.js';

const suffixes = ['StartedAt', 'Minutes', 'Due', 'WarnAt', 'Breached', 'Warned', 'Answered'] as const;

/** The ticket fields that hold the clocks' state (`firstResponseDue`, `updateMinutes`, …). */
export type ClockFields = Pick<Ticket, `${ClockName}${(typeof suffixes)[number]}`>;

/** The names of those fields. */
export const clockFieldKeys = clockNames.flatMap((clock) => suffixes.map((suffix) => `${clock}${suffix}` as const)) satisfies (keyof ClockFields)[];

function clockOf(ticket: ClockFields, clock: ClockName): ClockState {
  return {
    startedAt: ticket[`${clock}StartedAt`],
    minutes: ticket[`${clock}Minutes`],
    due: ticket[`${clock}Due`],
    warnAt: ticket[`${clock}WarnAt`],
    breached: ticket[`${clock}Breached`],
    warned: ticket[`${clock}Warned`],
    answered: ticket[`${clock}Answered`],
  };
}

/** The clocks a ticket carries, as `src-shared/sla/clocks.ts` moves them. */
export function clocksOfTicket(ticket: ClockFields): TicketClocks {
  return { firstResponse: clockOf(ticket, 'firstResponse'), update: clockOf(ticket, 'update'), solution: clockOf(ticket, 'solution') };
}

/** The ticket fields that store these clocks. */
export function clockFieldsOf(clocks: TicketClocks): ClockFields {
  const fields: Partial<Record<keyof ClockFields, unknown>> = {};
  for (const clock of clockNames) {
    const state = clocks[clock];
    fields[`${clock}StartedAt`] = state.startedAt;
    fields[`${clock}Minutes`] = state.minutes;
    fields[`${clock}Due`] = state.due;
    fields[`${clock}WarnAt`] = state.warnAt;
    fields[`${clock}Breached`] = state.breached;
    fields[`${clock}Warned`] = state.warned;
    fields[`${clock}Answered`] = state.answered;
  }
  return fields as ClockFields;
}
