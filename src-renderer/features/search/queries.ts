import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { kontor, request } from '../../ipc/client.js';

/** Numbers, titles and people are searched from two characters on (docs/decisions/desk-search.md). */
export const ticketSearchMinLength = 2;

export type SearchScope = 'typing' | 'everything';

export const searchKeys = {
  all: ['search'] as const,
  tickets: (query: string, scope: SearchScope) => [...searchKeys.all, 'tickets', scope, query] as const,
};

/** Tickets matching `query` (trimmed and debounced by the caller), as the agent types or over all article text. */
export function useTicketSearch(query: string, scope: SearchScope) {
  return useQuery({
    queryKey: searchKeys.tickets(query, scope),
    queryFn: () => request('tickets.search', { query, scope, limit: 20 }),
    enabled: query.length >= ticketSearchMinLength,
    // The previous matches stay while the next ones load, so the list does not jump.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** New tickets and text from the sync: the shown matches are asked for again. */
export function useSearchRefresh(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      kontor.on('cache.changed', () => {
        void queryClient.invalidateQueries({ queryKey: searchKeys.all });
      }),
    [queryClient],
  );
}
