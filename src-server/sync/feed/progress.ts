import { entityNames } from '../../../src-shared/sync/entities.js';
import type { Queryable } from '../../db/database.js';
import type { FeedProgress, FeedState } from './cursor.js';
import { snapshotCountQuery, type SnapshotGroups } from './entity-sql.js';
import { resyncGroups } from './phases.js';
import { snapshotGroupsOf } from './snapshot.js';

/**
 * How many changes a snapshot or scoped resync will deliver from `state` on, counted once when it
 * begins, so that the Desk can show items so far, the total and the time left. A snapshot is
 * counted exactly as it stands now (rows written while it is served may make it a few more or
 * fewer); a scoped resync's catch-up counts every log row its filter lets through, a little more
 * than it sends (links to tickets out of view and repeated removes are dropped later).
 */
export async function countChanges(db: Queryable, state: FeedState, readable: readonly string[]): Promise<number> {
  switch (state.phase) {
    case 'log':
      return 0;
    case 'snapshot':
      return countSnapshot(db, state, readable);
    case 'purge':
      return (await countPurge(db, state.lost, state.after)) + (await countSnapshot(db, scopedSnapshot(state.gained), readable));
    case 'catch-up': {
      const { kept, leaving, lost, gained } = resyncGroups(state, readable);
      const { rows } = await db.query<{ total: string }>(
        `SELECT count(*)::text AS total FROM change_log
         WHERE seq > $1 AND seq <= $2 AND (group_name IS NULL OR group_name = ANY($3::text[]) OR previous_group = ANY($4::text[]))`,
        [state.position, state.pin, kept, leaving],
      );
      return Number(rows[0]?.total ?? 0) + (await countPurge(db, lost, null)) + (await countSnapshot(db, scopedSnapshot(gained), readable));
    }
  }
}

/**
 * The progress to put into a page and its cursor. `previous` is the cursor's (null when this
 * page begins a snapshot or resync, `total` then is the count just made), `served` what this page
 * delivered of it. The page that completes it says `total` = `delivered`, whatever the count
 * said; until then `total` is never below `delivered`.
 */
export function progressAfter(previous: FeedProgress | null, total: number, served: number, completed: boolean): FeedProgress {
  const delivered = (previous?.delivered ?? 0) + served;
  return { delivered, total: completed ? delivered : Math.max(previous?.total ?? total, delivered) };
}

/** The snapshot of groups just gained, from its beginning. */
function scopedSnapshot(gained: readonly string[]): Extract<FeedState, { phase: 'snapshot' }> {
  return { phase: 'snapshot', pin: 0, scope: [...gained], entity: 0, after: null, lost: null, rowBytes: null };
}

async function countSnapshot(db: Queryable, state: Extract<FeedState, { phase: 'snapshot' }>, readable: readonly string[]): Promise<number> {
  const entities: { entity: (typeof entityNames)[number]; groups: SnapshotGroups | null; after: string | null }[] = [];
  entityNames.forEach((entity, index) => {
    const groups = snapshotGroupsOf(entity, state.scope, readable);
    if (index < state.entity || (groups !== null && groups.scope.length === 0)) return;
    entities.push({ entity, groups, after: index === state.entity ? state.after : null });
  });
  const query = snapshotCountQuery(entities);
  const { rows } = await db.query<{ total: string }>(query.sql, query.params);
  return Number(rows[0]?.total ?? 0);
}

async function countPurge(db: Queryable, lost: readonly string[], after: string | null): Promise<number> {
  if (lost.length === 0) return 0;
  const { rows } = await db.query<{ total: string }>(
    `SELECT count(*)::text AS total FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE q.group_name = ANY($1::text[]) AND ($2::uuid IS NULL OR t.id > $2::uuid)`,
    [lost, after],
  );
  return Number(rows[0]?.total ?? 0);
}
