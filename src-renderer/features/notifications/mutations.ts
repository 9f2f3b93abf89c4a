import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NoticeKind, NotificationSettings } from '../../../src-shared/ipc/notifications.js';
import { request } from '../../ipc/client.js';
import { notificationKeys } from './queries.js';

/** Each change answers with the whole settings, which replace the cached ones. */
function useSettingsMutation<I>(call: (input: I) => Promise<NotificationSettings>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (settings) => queryClient.setQueryData(notificationKeys.settings(), settings),
  });
}

export function useSetWatch() {
  return useSettingsMutation((input: { queueId: string; watched: boolean }) => request('notifications.setWatch', input));
}

export function useSetKind() {
  return useSettingsMutation((input: { kind: NoticeKind; enabled: boolean }) => request('notifications.setKind', input));
}
