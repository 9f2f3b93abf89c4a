import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { changesLists } from '../../../src-shared/ipc/workspace.js';
import { kontor, request } from '../../ipc/client.js';
import { queueKeys } from '../queues/queries.js';
import { ticketListKeys } from '../ticket-list/queries.js';

export const recentKeys = {
  all: ['recent-tickets'] as const,
  label: (ticketId: string) => [...recentKeys.all, ticketId] as const,
};

/** Number and title of a ticket in the recent list, from the cache. */
export function useRecentLabel(ticketId: string) {
  return useQuery({
    queryKey: recentKeys.label(ticketId),
    queryFn: () => request('tickets.get', { ticketId }),
    select: (view) => ({ number: view.ticket.number, title: view.ticket.title }),
    staleTime: Infinity,
  });
}

/**
 * Follows `cache.changed` while the workspace is shown: the tree's counts, every list window and
 * the recent tickets' titles are read again, unless only articles, history, links or time entries
 * changed (most of a bootstrap). React Query keeps the data on screen while it refetches, so
 * nothing jumps and the list keeps its scroll position and selection.
 */
export function useWorkspaceEvents(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      kontor.on('cache.changed', ({ entities }) => {
        if (!changesLists(entities)) return;
        void queryClient.invalidateQueries({ queryKey: queueKeys.all });
        void queryClient.invalidateQueries({ queryKey: ticketListKeys.all });
        void queryClient.invalidateQueries({ queryKey: recentKeys.all });
      }),
    [queryClient],
  );
}
