import { entityNames } from '../../../src-shared/sync/entities.js';
import type { Queryable } from '../../db/database.js';
import type { SnapshotState } from './cursor.js';
import { isPublicEntity, snapshotChunkQuery, type SnapshotChunkRow, type SnapshotGroups } from './entity-sql.js';
import type { ChangesPage } from './page.js';

/** Whose rows of `entity` a snapshot serves: null for all, otherwise the groups to filter by (an empty scope: none). */
export function snapshotGroupsOf(entity: (typeof entityNames)[number], scope: readonly string[] | null, readable: readonly string[]): SnapshotGroups | null {
  // A scoped snapshot (groups just gained) leaves out what every agent already has.
  if (isPublicEntity(entity)) return scope === null ? null : { readable, scope: [] };
  return { readable, scope: scope ?? readable };
}

/**
 * Serves current state entity by entity (`entityNames` order), keyset-paginated by id, each row
 * with seq = the pin: the client has then reached that position of the log. Rows changed after
 * the pin come again from the log, newer or equal, so a row read late does no harm. Returns
 * where to go on, or null when the snapshot is complete.
 */
export async function serveSnapshot(db: Queryable, page: ChangesPage, state: SnapshotState, readable: readonly string[]): Promise<SnapshotState | null> {
  let { entity: index, after, rowBytes } = state;
  while (index < entityNames.length) {
    const entity = entityNames[index];
    if (entity === undefined) break;
    const groups = snapshotGroupsOf(entity, state.scope, readable);
    let exhausted = groups !== null && groups.scope.length === 0;
    // What this page served of the entity, for the next page's first read.
    let served = { count: 0, bytes: 0 };
    while (!exhausted) {
      if (page.isFull()) return { ...state, entity: index, after, rowBytes: averageOf(served) ?? rowBytes };
      const count = page.nextChunk(rowBytes);
      const query = snapshotChunkQuery(entity, groups, after, { pin: state.pin, count, bytesLeft: page.left.bytes });
      const { rows } = await db.query<SnapshotChunkRow>(query.sql, query.params);
      const chunk = rows[0];
      if (chunk === undefined) throw new Error('the snapshot chunk statement answered no row');
      page.addJoined(chunk.changes, chunk.count, chunk.bytes);
      if (chunk.last !== null) after = chunk.last;
      served = { count: served.count + chunk.count, bytes: served.bytes + chunk.bytes };
      rowBytes = averageOf(served) ?? rowBytes;
      // Cut by the size cap with rows left, or fewer rows than asked: nothing more of this entity.
      exhausted = chunk.count === chunk.read && chunk.read < count;
    }
    index += 1;
    after = null;
    rowBytes = null;
  }
  return null;
}

function averageOf(served: { count: number; bytes: number }): number | null {
  return served.count === 0 ? null : Math.max(1, Math.round(served.bytes / served.count));
}
