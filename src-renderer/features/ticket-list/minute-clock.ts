import { useSyncExternalStore } from 'react';

// One timer for every clock badge on screen, ticking at the turn of each minute, so that all
// badges change together and none re-renders between minutes.

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | null = null;

function schedule(): void {
  timer = setTimeout(() => {
    now = Date.now();
    listeners.forEach((listener) => listener());
    schedule();
  }, 60_000 - (Date.now() % 60_000) + 50);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/** The current time in milliseconds, new at each full minute. */
export function useMinuteClock(): number {
  return useSyncExternalStore(subscribe, () => now);
}
