/** German messages of the ticket zoom and the search field (features/ticket, features/search). */
export const deTicket = {
  'ticket.number-pending': 'ausstehend',
};
