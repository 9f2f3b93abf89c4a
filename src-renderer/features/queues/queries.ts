import { useQuery } from '@tanstack/react-query';
import { request } from '../../ipc/client.js';

export const queueKeys = {
  all: ['queues'] as const,
  overview: () => [...queueKeys.all, 'overview'] as const,
};

/** The queue tree's queues with their counts, and the counts of the agent's own views. */
export function useQueueOverview() {
  return useQuery({
    queryKey: queueKeys.overview(),
    queryFn: () => request('queues.overview', {}),
    // Kept current by `cache.changed` (features/workspace/queries.ts), not by polling.
    staleTime: Infinity,
  });
}
