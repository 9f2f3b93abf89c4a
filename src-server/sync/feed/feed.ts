import { z } from 'zod';
import { limits } from '../../../src-shared/limits.js';
import { permissionsSchema } from '../../../src-shared/permissions.js';
import type { Queryable } from '../../db/database.js';
import { cursorVersion, decodeCursor, encodeCursor, highestPosition, type FeedCursor } from './cursor.js';
import { readableGroups } from './groups.js';
import { ChangesPage, standingOf } from './page.js';
import { fillPage, followPermissions, ResyncRequired } from './phases.js';

export interface ChangesRequest {
  agentId: string;
  /** The cursor of the previous page; empty for a bootstrap. */
  after: string;
  limit: number;
}

export interface FeedDependencies {
  db: Queryable;
  /** The key cursors are signed with (src-server/sync/feed/cursor-key.ts). */
  cursorKey: () => Promise<Buffer>;
  now: () => Date;
  /** Bytes after which a page stops growing; `limits.changesPageMaxBytes` unless a test says otherwise. */
  maxPageBytes?: number;
}

const agentRowSchema = z.object({ permission_epoch: z.number().int(), permissions: permissionsSchema, top: z.coerce.number().int() });

/**
 * One page of `GET /api/v1/sync/changes` as JSON text (changesResponseSchema). Throws
 * ResyncRequired for a cursor this server cannot continue.
 */
export async function readChanges(deps: FeedDependencies, request: ChangesRequest): Promise<string> {
  const key = await deps.cursorKey();
  const result = await deps.db.query(
    `SELECT permission_epoch, permissions, (SELECT coalesce(max(seq), 0) FROM change_log)::text AS top FROM agents WHERE id = $1`,
    [request.agentId],
  );
  const agent = agentRowSchema.parse(result.rows[0]);
  const readable = readableGroups(agent.permissions);
  const cursor = request.after === '' ? bootstrapCursor(request.agentId, agent.permission_epoch, readable, agent.top) : checkedCursor(request, key, agent.top);

  const page = new ChangesPage(request.limit, deps.maxPageBytes ?? limits.changesPageMaxBytes);
  const { state, hasMore } = await fillPage(deps.db, page, followPermissions(cursor, readable, agent.top), readable);
  const next = encodeCursor({ v: cursorVersion, agent: request.agentId, epoch: agent.permission_epoch, groups: readable, state }, key);
  return page.toJson(next, hasMore, standingOf(state), deps.now());
}

/** An empty cursor: the whole snapshot, pinned at the newest stamped number. */
function bootstrapCursor(agentId: string, epoch: number, readable: string[], top: number): FeedCursor {
  return { v: cursorVersion, agent: agentId, epoch, groups: readable, state: { phase: 'snapshot', pin: top, scope: null, entity: 0, after: null, lost: null } };
}

function checkedCursor(request: ChangesRequest, key: Buffer, top: number): FeedCursor {
  const cursor = decodeCursor(request.after, key);
  if (cursor === null) throw new ResyncRequired('The cursor is not one this server issued. Load the cache again.');
  if (cursor.agent !== request.agentId) throw new ResyncRequired('The cursor belongs to another agent. Load the cache again.');
  // A database restored from a backup has forgotten numbers the client already holds.
  if (highestPosition(cursor.state) > top) throw new ResyncRequired('The cursor is ahead of the change log. Load the cache again.');
  return cursor;
}
