/** The one search field of the header (`/` or Ctrl+K), as-you-type over the cache (issue 9). Placeholder until built. */
export function SearchField(_props: { onOpenTicket: (ticketId: string) => void }) {
  return null;
}
