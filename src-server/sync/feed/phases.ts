import type { Queryable } from '../../db/database.js';
import type { FeedCursor, FeedState } from './cursor.js';
import { difference, intersection, sameGroups, union } from './groups.js';
import { serveLog } from './log.js';
import type { ChangesPage } from './page.js';
import { servePurge } from './purge.js';
import { serveSnapshot } from './snapshot.js';

/** Thrown when a cursor cannot be served any more: the client starts again with an empty cursor. */
export class ResyncRequired extends Error {}

/**
 * Where a cursor issued for other readable groups goes on (a scoped resync rather than a full
 * one): first the log up to the current newest number for the groups kept, with `remove`s for
 * tickets that left any old group; then `remove` for every ticket in a lost group; then a
 * snapshot of the gained groups pinned at that number; then the log after it.
 */
export function followPermissions(cursor: FeedCursor, readable: readonly string[], top: number): FeedState {
  if (sameGroups(cursor.groups, readable)) return cursor.state;
  const state = cursor.state;
  // Mid-snapshot or mid-resync the client's data is a mix that cannot be told apart: start over.
  if (state.phase !== 'log') throw new ResyncRequired('The permissions changed while the cache was being filled. Load it again.');
  const stillLost = state.lost !== null && state.position < state.lost.until ? state.lost.groups : [];
  return { phase: 'catch-up', position: state.position, pin: top, previous: cursor.groups, removable: stillLost };
}

/**
 * Fills the page from `initial` on, moving through the phases, until the page is full or the
 * log is exhausted. Returns the state to put into the next cursor and whether more is waiting.
 */
export async function fillPage(db: Queryable, page: ChangesPage, initial: FeedState, readable: readonly string[]): Promise<{ state: FeedState; hasMore: boolean }> {
  let state = initial;
  while (!page.isFull()) {
    switch (state.phase) {
      case 'snapshot': {
        const next = await serveSnapshot(db, page, state, readable);
        state = next ?? { phase: 'log', position: state.pin, lost: state.lost };
        break;
      }
      case 'catch-up': {
        const kept = intersection(state.previous, readable);
        const progress = await serveLog(db, page, state.position, state.pin, { readable: kept, removable: union(state.previous, state.removable) });
        state =
          progress.position >= state.pin
            ? {
                phase: 'purge',
                pin: state.pin,
                lost: difference(union(state.previous, state.removable), readable),
                gained: difference(readable, state.previous),
                after: null,
                until: state.pin,
              }
            : { ...state, position: progress.position };
        break;
      }
      case 'purge': {
        const progress = await servePurge(db, page, state);
        state = progress.done
          ? {
              phase: 'snapshot',
              pin: state.pin,
              scope: state.gained,
              entity: 0,
              after: null,
              lost: state.lost.length > 0 ? { groups: state.lost, until: progress.until } : null,
            }
          : { ...state, after: progress.after, until: progress.until };
        break;
      }
      case 'log': {
        const { lost } = state;
        if (lost !== null && state.position < lost.until) {
          // Tickets leaving a lost group are removed only up to what the purge could not see.
          const progress = await serveLog(db, page, state.position, lost.until, { readable, removable: lost.groups });
          state = { phase: 'log', position: progress.position, lost: progress.position < lost.until ? lost : null };
          break;
        }
        const progress = await serveLog(db, page, state.position, null, { readable, removable: [] });
        state = { phase: 'log', position: progress.position, lost: null };
        if (progress.position >= progress.top) return { state, hasMore: false };
        break;
      }
    }
  }
  return { state, hasMore: true };
}
