import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { kontor, request } from '../../ipc/client.js';

export const ticketKeys = {
  all: ['ticket'] as const,
  views: () => [...ticketKeys.all, 'view'] as const,
  view: (ticketId: string) => [...ticketKeys.views(), ticketId] as const,
  queueNames: () => [...ticketKeys.all, 'queue-names'] as const,
};

/** One whole ticket (articles, history, links, time, pending and refused edits), from the cache or, past retention, the server. */
export function useTicketView(ticketId: string) {
  return useQuery({
    queryKey: ticketKeys.view(ticketId),
    queryFn: () => request('tickets.get', { ticketId }),
    // A ticket that could not be read (not found, server away) is not asked for again on every render.
    retry: false,
  });
}

/** Tickets named by links, for their numbers and titles; each read like the zoom reads its own. */
export function useLinkedTickets(ticketIds: readonly string[]) {
  return useQueries({
    queries: ticketIds.map((ticketId) => ({ queryKey: ticketKeys.view(ticketId), queryFn: () => request('tickets.get', { ticketId }), retry: false })),
  });
}

/** Re-reads the shown tickets when the cache changed (a feed page applied, an edit made). */
export function useTicketRefresh(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      kontor.on('cache.changed', () => {
        void queryClient.invalidateQueries({ queryKey: ticketKeys.views() });
      }),
    [queryClient],
  );
}

/** Queue names by id, from the queue overview: the ticket names only its queue's id. */
export function useQueueNames(): ReadonlyMap<string, string> {
  const overview = useQuery({
    queryKey: ticketKeys.queueNames(),
    queryFn: () => request('queues.overview', {}),
    staleTime: 60_000,
    retry: false,
  });
  return useMemo(() => new Map((overview.data?.queues ?? []).map((queue) => [queue.queueId, queue.name])), [overview.data]);
}
