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

/** Every valid queue with the agent's rights on its group: where they may create, move to, edit. */
export function useQueueChoices() {
  return useQuery({
    queryKey: [...queueKeys.all, 'choices'] as const,
    queryFn: () => request('queues.choices', {}),
    staleTime: Infinity,
  });
}

/** Agents who may own tickets of a queue (owner and responsible candidates), from the cache. */
export function useOwnerCandidates(queueId: string | null) {
  return useQuery({
    queryKey: [...queueKeys.all, 'owner-candidates', queueId] as const,
    queryFn: () => request('agents.ownerCandidates', { queueId: queueId ?? '' }),
    enabled: queueId !== null,
    staleTime: Infinity,
  });
}
