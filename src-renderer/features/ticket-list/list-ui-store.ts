import { create } from 'zustand';

/** Where the agent was in one list (one address: view, sort, filters). */
export interface ListPlace {
  /** Scroll offset of the list in pixels. */
  scrollTop: number;
  /** The selected row: its ticket, and its position when it was selected. */
  selected: { ticketId: string; index: number } | null;
}

interface ListPlacesState {
  places: Record<string, ListPlace>;
  /** The address of the list the agent last worked in: where "back" leads when history cannot. */
  lastList: string | null;
  remember: (listKey: string, place: Partial<ListPlace>) => void;
  forgetAll: () => void;
}

const nowhere: ListPlace = { scrollTop: 0, selected: null };

/**
 * Scroll position and selection per list, so that coming back from a ticket (Escape, back)
 * finds the list as it was left. UI state only, in memory.
 */
export const useListPlaces = create<ListPlacesState>()((set) => ({
  places: {},
  lastList: null,
  remember: (listKey, place) =>
    set((state) => ({ places: { ...state.places, [listKey]: { ...(state.places[listKey] ?? nowhere), ...place } }, lastList: listKey })),
  forgetAll: () => set({ places: {}, lastList: null }),
}));

export function placeOf(listKey: string): ListPlace {
  return useListPlaces.getState().places[listKey] ?? nowhere;
}
