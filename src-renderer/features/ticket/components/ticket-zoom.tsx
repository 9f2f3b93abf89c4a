/** The ticket zoom: header, SLA clocks, articles, history (issue 9). Placeholder until built. */
export function TicketZoom({ ticketId }: { ticketId: string }) {
  return <section aria-label="Ticket">{ticketId}</section>;
}
