import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionState } from '../../../src-shared/ipc/session.js';
import { request, type ChannelInput, type ChannelReason } from '../../ipc/client.js';
import type { IpcError } from '../../ipc/ipc-error.js';
import { useReloginStore } from '../sync/relogin-store.js';
import { navigate } from '../workspace/hash-location.js';
import { routes } from '../workspace/routes.js';
import { applySessionState, sessionKeys } from './queries.js';

export type LoginInput = ChannelInput<'session.login'>;
export type LoginError = IpcError<ChannelReason<'session.login'>>;
export type LogoutError = IpcError<ChannelReason<'session.logout'>>;

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation<SessionState, LoginError, LoginInput>({
    mutationFn: (input) => request('session.login', input),
    onSuccess: async (state) => {
      useReloginStore.getState().clear();
      applySessionState(queryClient, state);
      await queryClient.invalidateQueries({ queryKey: sessionKeys.all });
    },
  });
}

/**
 * Ends the session on the server and in the main process. A sign-out starts the next sign-in at
 * the start screen (the next agent on this workstation must not land on the last one's ticket);
 * signing in again after the session ended (`startOver: false`) keeps where the agent was.
 */
export function useLogout({ startOver = true }: { startOver?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useMutation<SessionState, LogoutError>({
    mutationFn: () => request('session.logout'),
    onSuccess: async (state) => {
      if (startOver) navigate(routes.home, { replace: true });
      applySessionState(queryClient, state);
      await queryClient.invalidateQueries({ queryKey: sessionKeys.all });
    },
  });
}
