import type { Queryable } from '../db/database.js';

/** The bank's calendar: a ticket opened at 00:30 in Frankfurt belongs to that day, whatever UTC says. */
const berlinDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const counterDigits = 6;
const maxPerDay = 10 ** counterDigits - 1;

/** The Europe/Berlin calendar date of an instant as YYYY-MM-DD. */
export function berlinDay(instant: Date): string {
  const parts = Object.fromEntries(berlinDate.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts['year'] ?? ''}-${parts['month'] ?? ''}-${parts['day'] ?? ''}`;
}

/** Thrown when a day has used up its counter; nothing sensible can be numbered then. */
export class TicketNumbersExhaustedError extends Error {}

/**
 * The next ticket number of the Berlin day of `now`: YYYYMMDD + a six-digit counter. The
 * counter row stays locked until the caller's transaction ends, so numbers are unique across
 * server instances, and a rolled-back creation gives its number back.
 */
export async function nextTicketNumber(tx: Queryable, now: Date): Promise<string> {
  const day = berlinDay(now);
  const result = await tx.query<{ last_value: number }>(
    `INSERT INTO ticket_number_counters (day, last_value) VALUES ($1, 1)
     ON CONFLICT (day) DO UPDATE SET last_value = ticket_number_counters.last_value + 1
     RETURNING last_value`,
    [day],
  );
  const value = result.rows[0]?.last_value;
  if (value === undefined) throw new Error('the ticket number counter returned no row');
  if (value > maxPerDay) throw new TicketNumbersExhaustedError(`more than ${maxPerDay} tickets on ${day}`);
  return `${day.replaceAll('-', '')}${String(value).padStart(counterDigits, '0')}`;
}
