/**
 * The one ticket list on screen, for shortcuts that act on it from elsewhere ("g l", `j` while
 * the focus is in the queue tree). The list registers itself while it is mounted.
 */
export interface ListHandle {
  /** Focuses the list; `step` moves the selection as `j` (1) or `k` (-1) would. */
  focus(step?: 1 | -1): void;
}

let current: ListHandle | null = null;

export function registerList(handle: ListHandle): () => void {
  current = handle;
  return () => {
    if (current === handle) current = null;
  };
}

/** Focuses the list on screen; false when there is none. */
export function focusList(step?: 1 | -1): boolean {
  if (current === null) return false;
  current.focus(step);
  return true;
}
