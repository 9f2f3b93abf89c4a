import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
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

/** What `useInlinePictures` gives: each asked picture's `data:` address, or why it is not shown. */
export interface InlinePictures {
  settled: boolean;
  addresses: ReadonlyMap<string, string>;
  failures: ReadonlyMap<string, unknown>;
}

/**
 * A mail's inline pictures (attachments), read only once the agent asked to see them
 * (`attachments.picture`, by their article); their content never changes, so each is read once. `attachmentIds`
 * must keep its identity between renders (memoised by the caller).
 */
export function useInlinePictures(articleId: string, attachmentIds: readonly string[], asked: boolean): InlinePictures {
  const combine = useCallback(
    (results: { data?: { dataUrl: string } | undefined; error: unknown; isPending: boolean }[]): InlinePictures => {
      const addresses = new Map<string, string>();
      const failures = new Map<string, unknown>();
      results.forEach((result, index) => {
        const id = attachmentIds[index];
        if (id === undefined) return;
        if (result.data) addresses.set(id, result.data.dataUrl);
        else if (result.error !== null) failures.set(id, result.error);
      });
      return { settled: results.every((result) => !result.isPending), addresses, failures };
    },
    [attachmentIds],
  );
  return useQueries({
    queries: attachmentIds.map((attachmentId) => ({
      queryKey: [...ticketKeys.all, 'picture', attachmentId] as const,
      queryFn: () => request('attachments.picture', { articleId, attachmentId }),
      enabled: asked,
      retry: false,
      staleTime: Number.POSITIVE_INFINITY,
    })),
    combine,
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
