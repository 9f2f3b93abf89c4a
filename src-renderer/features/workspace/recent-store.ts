import { create } from 'zustand';

/** How many tickets the agent holds open at once in the recent list. */
export const recentLimit = 8;

interface RecentTicketsState {
  /** Ticket ids, the most recently opened first. */
  ticketIds: string[];
  opened: (ticketId: string) => void;
  remove: (ticketId: string) => void;
  clear: () => void;
}

/**
 * The tickets the agent opened lately, so that several stay one key away. UI state only: ids,
 * never ticket data (titles come from the cache through the query), and not kept on disk, so a
 * colleague signing in on the same machine does not see them.
 */
export const useRecentTickets = create<RecentTicketsState>()((set) => ({
  ticketIds: [],
  opened: (ticketId) => set((state) => ({ ticketIds: [ticketId, ...state.ticketIds.filter((id) => id !== ticketId)].slice(0, recentLimit) })),
  remove: (ticketId) => set((state) => ({ ticketIds: state.ticketIds.filter((id) => id !== ticketId) })),
  clear: () => set({ ticketIds: [] }),
}));
