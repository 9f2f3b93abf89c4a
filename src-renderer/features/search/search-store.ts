import { create } from 'zustand';

interface SearchState {
  /** What the agent typed: kept while screens change, so that nothing typed is lost. */
  text: string;
  /** The query for which the agent asked to search all article text; typing on goes back to the recent text. */
  everythingFor: string | null;
  setText: (text: string) => void;
  searchEverything: (query: string) => void;
}

/** UI state of the search field only; the matches live in React Query. */
export const useSearchStore = create<SearchState>()((set) => ({
  text: '',
  everythingFor: null,
  setText: (text) => set({ text }),
  searchEverything: (query) => set({ everythingFor: query }),
}));
