import { QueryClient } from '@tanstack/react-query';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // IPC is local: React Query's online detection must not pause it when the machine is offline.
        networkMode: 'always',
        // Failures are typed reasons shown to the agent; a reconnect refetches (see app.tsx).
        retry: false,
        refetchOnWindowFocus: false,
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}
