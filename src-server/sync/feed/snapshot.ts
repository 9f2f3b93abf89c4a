import { entityNames } from '../../../src-shared/sync/entities.js';
import type { Queryable } from '../../db/database.js';
import type { SnapshotState } from './cursor.js';
import { isPublicEntity, snapshotQuery } from './entity-sql.js';
import type { ChangesPage } from './page.js';

/**
 * Serves current state entity by entity (`entityNames` order), keyset-paginated by id, each row
 * with seq = the pin: the client has then reached that position of the log. Rows changed after
 * the pin come again from the log, newer or equal, so a row read late does no harm. Returns
 * where to go on, or null when the snapshot is complete.
 */
export async function serveSnapshot(db: Queryable, page: ChangesPage, state: SnapshotState, readable: readonly string[]): Promise<SnapshotState | null> {
  let { entity: index, after } = state;
  while (index < entityNames.length) {
    const entity = entityNames[index];
    if (entity === undefined) break;
    // A scoped snapshot (groups just gained) leaves out what every agent already has.
    const scope = isPublicEntity(entity) ? (state.scope === null ? null : []) : (state.scope ?? readable);
    const groups = scope === null ? null : { readable, scope };
    let exhausted = scope !== null && scope.length === 0;
    while (!exhausted) {
      if (page.isFull()) return { ...state, entity: index, after };
      const chunk = page.nextChunk();
      const query = snapshotQuery(entity, groups, after, chunk);
      const { rows } = await db.query<{ id: string; data: string }>(query.sql, query.params);
      for (const row of rows) {
        if (page.isFull()) return { ...state, entity: index, after };
        page.add(state.pin, entity, 'upsert', row.id, row.data);
        after = row.id;
      }
      exhausted = rows.length < chunk;
    }
    index += 1;
    after = null;
  }
  return null;
}
