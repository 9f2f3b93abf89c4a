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

type CatchUpState = Extract<FeedState, { phase: 'catch-up' }>;

/**
 * What a scoped resync does with each group: `kept` groups are followed through the log (with
 * `remove` for tickets `leaving` them), tickets of `lost` groups are purged, `gained` groups get
 * a snapshot.
 */
export function resyncGroups(state: CatchUpState, readable: readonly string[]): { kept: string[]; leaving: string[]; lost: string[]; gained: string[] } {
  const removable = union(state.previous, state.removable);
  const kept = intersection(state.previous, readable);
  return { kept, leaving: union(kept, removable), lost: difference(removable, readable), gained: difference(readable, state.previous) };
}

export interface FilledPage {
  /** The state to put into the next cursor. */
  state: FeedState;
  hasMore: boolean;
  /** Changes of the page served before it reached the log: of a snapshot or a scoped resync. */
  beforeLog: number;
}

/**
 * Fills the page from `initial` on, moving through the phases, until the page is full or the
 * log is exhausted.
 */
export async function fillPage(db: Queryable, page: ChangesPage, initial: FeedState, readable: readonly string[]): Promise<FilledPage> {
  let state = initial;
  let beforeLog: number | null = initial.phase === 'log' ? 0 : null;
  const filled = (hasMore: boolean): FilledPage => ({ state, hasMore, beforeLog: beforeLog ?? page.count });
  while (!page.isFull()) {
    switch (state.phase) {
      case 'snapshot': {
        const next = await serveSnapshot(db, page, state, readable);
        state = next ?? { phase: 'log', position: state.pin, lost: state.lost };
        if (next === null) beforeLog = page.count;
        break;
      }
      case 'catch-up': {
        const { kept, lost, gained } = resyncGroups(state, readable);
        const progress = await serveLog(db, page, state.position, state.pin, { readable: kept, removable: union(state.previous, state.removable) });
        state = progress.position >= state.pin ? { phase: 'purge', pin: state.pin, lost, gained, after: null, until: state.pin } : { ...state, position: progress.position };
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
              rowBytes: null,
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
        if (progress.position >= progress.top) return filled(false);
        break;
      }
    }
  }
  return filled(true);
}
