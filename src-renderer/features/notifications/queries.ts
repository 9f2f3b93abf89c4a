import { useQuery } from '@tanstack/react-query';
import { request } from '../../ipc/client.js';

export const notificationKeys = {
  all: ['notifications'] as const,
  settings: () => [...notificationKeys.all, 'settings'] as const,
};

/** The agent's notification settings: kinds, watched queues (every readable queue, by name), language. */
export function useNotificationSettings() {
  return useQuery({
    queryKey: notificationKeys.settings(),
    queryFn: () => request('notifications.settings'),
    // Changed only through the mutations, which put the answer in place.
    staleTime: Infinity,
  });
}
