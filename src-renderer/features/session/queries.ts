import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SyncStatusView } from '../../../src-shared/ipc/cache.js';
import type { SessionState } from '../../../src-shared/ipc/session.js';
import { kontor, request } from '../../ipc/client.js';
import { appKeys } from '../app/queries.js';
import { syncKeys } from '../sync/queries.js';
import { useReloginStore } from '../sync/relogin-store.js';

export const sessionKeys = {
  all: ['session'] as const,
  current: () => [...sessionKeys.all, 'current'] as const,
};

/** Who is signed in, as the main process says; `session.changed` keeps it current. */
export function useSessionState() {
  return useQuery({
    queryKey: sessionKeys.current(),
    queryFn: () => request('session.current'),
    staleTime: Infinity,
  });
}

function agentIdOf(state: SessionState | undefined): string | null {
  return state?.state === 'signed-in' ? state.signedIn.agent.id : null;
}

/**
 * Stores a new session state. When the agent changes (sign-in, sign-out, another agent), every
 * query that answered under the previous agent's rights is dropped, so nothing of theirs shows.
 */
export function applySessionState(queryClient: QueryClient, next: SessionState): void {
  const previous = queryClient.getQueryData<SessionState>(sessionKeys.current());
  queryClient.setQueryData(sessionKeys.current(), next);
  if (agentIdOf(previous) !== agentIdOf(next)) {
    queryClient.removeQueries({
      predicate: (query) => query.queryKey[0] !== sessionKeys.all[0] && query.queryKey[0] !== appKeys.all[0],
    });
  }
}

/**
 * A sign-out the agent did not ask for, after the sync had said the server ended the session:
 * the login screen says so (and that nothing typed is lost) with their user name filled in.
 */
function noteSessionEndedByServer(queryClient: QueryClient, next: SessionState): void {
  const previous = queryClient.getQueryData<SessionState>(sessionKeys.current());
  const sync = queryClient.getQueryData<SyncStatusView>(syncKeys.status());
  if (previous?.state === 'signed-in' && next.state === 'signed-out' && sync?.state === 'signed-out' && useReloginStore.getState().notice === null) {
    useReloginStore.getState().ask('session-ended', previous.signedIn.agent.username);
  }
}

/** Follows `session.changed` pushes from the main process for as long as the app is mounted. */
export function useSessionEvents(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      kontor.on('session.changed', (state) => {
        noteSessionEndedByServer(queryClient, state);
        applySessionState(queryClient, state);
      }),
    [queryClient],
  );
}
