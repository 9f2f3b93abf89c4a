import { useQuery } from '@tanstack/react-query';
import { request } from '../../ipc/client.js';

export const appKeys = {
  all: ['app'] as const,
  info: () => [...appKeys.all, 'info'] as const,
};

/** Version, host and server of this Desk; does not change while it runs. */
export function useAppInfo() {
  return useQuery({
    queryKey: appKeys.info(),
    queryFn: () => request('app.info'),
    staleTime: Infinity,
  });
}
