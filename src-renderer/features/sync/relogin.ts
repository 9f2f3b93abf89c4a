import { useLogout } from '../session/mutations.js';
import { useReloginStore, type ReloginNotice } from './relogin-store.js';

/**
 * Sends the agent back to the login: the main process ends the session (the cache closes, its
 * outbox stays for the next sign-in) and the login screen says why, with the user name filled in.
 */
export function useRelogin(username: string) {
  const logout = useLogout({ startOver: false });
  const ask = useReloginStore((state) => state.ask);
  return {
    start(notice: ReloginNotice) {
      if (logout.isPending) return;
      ask(notice, username);
      logout.mutate();
    },
    pending: logout.isPending,
    error: logout.isError ? logout.error : null,
  };
}
