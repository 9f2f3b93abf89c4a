import { create } from 'zustand';

/** Why the login screen asks the agent to sign in again, beyond the plain login. */
export type ReloginNotice = 'session-ended' | 'unlocked-offline';

interface ReloginState {
  /** Shown above the login form until the agent signed in (or out on purpose). */
  notice: ReloginNotice | null;
  /** The user name to fill in, so that the agent types only the password. */
  username: string;
  ask: (notice: ReloginNotice, username: string) => void;
  clear: () => void;
}

/** UI state only: what the login screen tells an agent who was sent back to it. */
export const useReloginStore = create<ReloginState>()((set) => ({
  notice: null,
  username: '',
  ask: (notice, username) => set({ notice, username }),
  clear: () => set({ notice: null, username: '' }),
}));
