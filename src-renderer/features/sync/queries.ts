import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { kontor, request } from '../../ipc/client.js';

export const syncKeys = {
  all: ['sync'] as const,
  status: () => [...syncKeys.all, 'status'] as const,
};

/** Where the agent's cache stands against the server, as the main process says; `sync.changed` keeps it current. */
export function useSyncStatus() {
  return useQuery({
    queryKey: syncKeys.status(),
    queryFn: () => request('sync.status'),
    staleTime: Infinity,
  });
}

/** Follows `sync.changed` pushes from the main process while the signed-in shell is shown. */
export function useSyncEvents(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      kontor.on('sync.changed', (status) => {
        queryClient.setQueryData(syncKeys.status(), status);
      }),
    [queryClient],
  );
}
