/** The bank's calendar: a ticket opened at 00:30 in Frankfurt belongs to that day, whatever UTC says. */
const berlinDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const counterDigits = 6;
export const maxTicketsPerDay = 10 ** counterDigits - 1;

/** The Europe/Berlin calendar date of an instant as YYYY-MM-DD. */
export function berlinDay(instant: Date): string {
  const parts = Object.fromEntries(berlinDate.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts['year'] ?? ''}-${parts['month'] ?? ''}-${parts['day'] ?? ''}`;
}

/** Thrown when a day has used up its counter; nothing sensible can be numbered then. */
export class TicketNumbersExhaustedError extends Error {}

/**
 * The statement that takes the next counter value of the day its parameter names. Ticket
 * numbers are YYYYMMDD (Berlin) + a six-digit counter; the counter row stays locked until the
 * caller's transaction ends, so numbers are unique across server instances, and a rolled-back
 * creation gives its number back.
 */
export function counterIncrement(day: string): string {
  return `INSERT INTO ticket_number_counters (day, last_value) VALUES (${day}, 1)
       ON CONFLICT (day) DO UPDATE SET last_value = ticket_number_counters.last_value + 1
       RETURNING last_value`;
}

/**
 * The number from the counter value `last_value`: the day's digits and the zero-padded counter.
 * Past the counter's digits it comes out longer, which no ticket number may be.
 */
export function numberExpression(dayDigits: string, maxPerDay: string): string {
  return `${dayDigits} || CASE WHEN last_value <= ${maxPerDay} THEN lpad(last_value::text, ${String(counterDigits)}, '0') ELSE last_value::text END`;
}
