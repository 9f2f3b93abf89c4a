import { useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../src-shared/ipc/cache.js';

/** A catch-up with the log shorter than this is not shown: most last a blink, and the header should not flicker. */
export const quietCatchUpMs = 1_500;

function isLogCatchUp(status: SyncStatusView | undefined): boolean {
  return status?.state === 'syncing' && status.phase === 'log';
}

/**
 * The status the header shows. Every change is shown at once, except a catch-up with the log
 * (after a push from the server, the periodic pull): that appears only once it has lasted
 * `quietCatchUpMs`, so that "Synchronisiert" does not blink and screen readers are not told
 * about every push. Until then the status before it stays.
 */
export function useSettledStatus(status: SyncStatusView | undefined): SyncStatusView | undefined {
  const catchingUp = isLogCatchUp(status);
  const [steady, setSteady] = useState(status);
  const [revealed, setRevealed] = useState(false);
  // Adjusted while rendering (React's pattern for state that follows a prop): no extra paint.
  if (!catchingUp && steady !== status) setSteady(status);
  useEffect(() => {
    if (!catchingUp) return undefined;
    const timer = setTimeout(() => setRevealed(true), quietCatchUpMs);
    return () => {
      clearTimeout(timer);
      setRevealed(false);
    };
  }, [catchingUp]);
  if (catchingUp && !revealed && steady !== undefined) return steady;
  return status;
}
