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
    const served = { count: 0, bytes: 0 };
    while (!exhausted) {
      if (page.isFull()) return { ...state, entity: index, after, rowBytes: averageOf(served) ?? rowBytes };
      const count = page.nextChunk(rowBytes);
      const query = snapshotChunkQuery(entity, groups, after, { pin: state.pin, count, bytesLeft: page.bytesLeft });
      const { rows } = await db.query<SnapshotChunkRow>(query.sql, query.params);
      for (const row of rows) {
        page.addWritten(row.change);
        served.count += 1;
        served.bytes += row.bytes;
        after = row.id;
      }
      rowBytes = averageOf(served) ?? rowBytes;
      // Fewer rows than asked and room left: the entity has no more (cut by the size cap, the page is full).
      exhausted = rows.length < count && !page.isFull();
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
