import type { deTicket } from './de-ticket.js';

/** English messages of the ticket zoom and the search field; the same keys as the German ones. */
export const enTicket = {
  'ticket.number-pending': 'pending',
} satisfies Record<keyof typeof deTicket, unknown>;
