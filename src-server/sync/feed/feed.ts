import { z } from 'zod';
import { limits } from '../../../src-shared/limits.js';
import { permissionsSchema } from '../../../src-shared/permissions.js';
import type { Queryable } from '../../db/database.js';
import { cursorVersion, decodeCursor, encodeCursor, highestPosition, type FeedCursor, type FeedProgress, type FeedState } from './cursor.js';
import { readableGroups, sameGroups } from './groups.js';
import { ChangesPage, standingOf } from './page.js';
import { fillPage, followPermissions, ResyncRequired } from './phases.js';
import { countChanges, progressAfter } from './progress.js';
import { ReadAhead } from './read-ahead.js';

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
  /**
   * Where the next snapshot pages are read ahead (read-ahead.ts), null for nowhere; unless given,
   * one per database, none on PGlite (one connection: a page read ahead would only queue in front
   * of other requests).
   */
  readAhead?: ReadAhead<ServedPage> | null;
}

const agentRowSchema = z.object({ permission_epoch: z.number().int(), permissions: permissionsSchema, top: z.coerce.number().int() });

/** The agent as the feed sees them when a page is asked for. */
interface AgentStanding {
  epoch: number;
  readable: string[];
  /** The newest stamped number. */
  top: number;
}

/** A page ready to be sent, and what it was read for. */
export interface ServedPage {
  epoch: number;
  readable: readonly string[];
  /** The cursor it hands out, and the state that cursor carries on with. */
  cursor: string;
  state: FeedState;
  hasMore: boolean;
  /** The JSON, with the server's clock when it leaves. */
  body: (serverTime: Date) => Buffer;
}

/** One read-ahead per database handle, that is per server instance. */
const readAheads = new WeakMap<Queryable, ReadAhead<ServedPage>>();

function readAheadOf(deps: FeedDependencies): ReadAhead<ServedPage> | null {
  if (deps.readAhead !== undefined) return deps.readAhead;
  if ('kind' in deps.db && deps.db.kind === 'pglite') return null;
  let readAhead = readAheads.get(deps.db);
  if (readAhead === undefined) readAheads.set(deps.db, (readAhead = new ReadAhead<ServedPage>()));
  return readAhead;
}

/**
 * One page of `GET /api/v1/sync/changes` as UTF-8 JSON (changesResponseSchema). Throws
 * ResyncRequired for a cursor this server cannot continue.
 */
export async function readChanges(deps: FeedDependencies, request: ChangesRequest): Promise<Buffer> {
  const key = await deps.cursorKey();
  const agent = await agentStanding(deps.db, request.agentId);
  const readAhead = readAheadOf(deps);
  const ahead = readAhead === null ? null : await readAhead.take(aheadKey(request));
  // A page read ahead stands for this request while the agent's groups are unchanged and it
  // stayed in the snapshot: a page that reached the log tells where the log ends, which only a
  // read made now may say.
  const usable = ahead !== null && ahead.epoch === agent.epoch && sameGroups(ahead.readable, agent.readable) && ahead.state.phase !== 'log';
  const page = usable ? ahead : await servePage(deps, key, request, agent);
  if (readAhead !== null) readOn(readAhead, deps, key, request, agent, page);
  return page.body(deps.now());
}

/**
 * Reads the page after `page` ahead while the snapshot has more, and when that read is done the
 * one after it, as far as the read-ahead's depth allows: PostgreSQL reads the next pages while
 * the server sends this one and the Desk takes it in. A page already held or being read carries
 * the chain on from where it ends.
 */
function readOn(readAhead: ReadAhead<ServedPage>, deps: FeedDependencies, key: Buffer, request: ChangesRequest, agent: AgentStanding, page: ServedPage): void {
  if (!page.hasMore || page.state.phase !== 'snapshot') return;
  const next = { ...request, after: page.cursor };
  const held = readAhead.peek(aheadKey(next));
  if (held !== null) {
    void held.then((read) => read !== null && readOn(readAhead, deps, key, next, agent, read));
    return;
  }
  readAhead.start(aheadKey(next), request.agentId, async () => {
    const read = await servePage(deps, key, next, agent);
    readOn(readAhead, deps, key, next, agent, read);
    return read;
  });
}

async function agentStanding(db: Queryable, agentId: string): Promise<AgentStanding> {
  const result = await db.query(`SELECT permission_epoch, permissions, (SELECT coalesce(max(seq), 0) FROM change_log)::text AS top FROM agents WHERE id = $1`, [agentId]);
  const agent = agentRowSchema.parse(result.rows[0]);
  return { epoch: agent.permission_epoch, readable: readableGroups(agent.permissions), top: agent.top };
}

/** Reads the page after `request.after` for an agent standing as `agent` does. */
async function servePage(deps: FeedDependencies, key: Buffer, request: ChangesRequest, agent: AgentStanding): Promise<ServedPage> {
  const cursor = request.after === '' ? bootstrapCursor(request.agentId, agent.epoch, agent.readable, agent.top) : checkedCursor(request, key, agent.top);
  const initial = followPermissions(cursor, agent.readable, agent.top);
  // A snapshot or resync is counted when it begins, while its first page is read.
  const counting = initial.phase !== 'log' && cursor.progress === null ? countChanges(deps.db, initial, agent.readable) : null;
  counting?.catch(() => undefined);
  const page = new ChangesPage(request.limit, deps.maxPageBytes ?? limits.changesPageMaxBytes);
  const { state, hasMore, beforeLog } = await fillPage(deps.db, page, initial, agent.readable);
  const total = counting === null ? 0 : await counting;
  const completed = state.phase === 'log';
  const progress: FeedProgress | null = initial.phase === 'log' ? null : progressAfter(cursor.progress, total, beforeLog, completed);
  const next = encodeCursor({ v: cursorVersion, agent: request.agentId, epoch: agent.epoch, groups: agent.readable, state, progress: completed ? null : progress }, key);
  const standing = standingOf(state);
  return { epoch: agent.epoch, readable: agent.readable, state, hasMore, cursor: next, body: (serverTime) => page.toBody(next, hasMore, standing, progress, serverTime) };
}

const aheadKey = (request: ChangesRequest): string => `${request.agentId}\n${request.limit}\n${request.after}`;

/** An empty cursor: the whole snapshot, pinned at the newest stamped number. */
function bootstrapCursor(agentId: string, epoch: number, readable: string[], top: number): FeedCursor {
  return {
    v: cursorVersion,
    agent: agentId,
    epoch,
    groups: readable,
    state: { phase: 'snapshot', pin: top, scope: null, entity: 0, after: null, lost: null, rowBytes: null },
    progress: null,
  };
}

function checkedCursor(request: ChangesRequest, key: Buffer, top: number): FeedCursor {
  const cursor = decodeCursor(request.after, key);
  if (cursor === null) throw new ResyncRequired('The cursor is not one this server issued. Load the cache again.');
  if (cursor.agent !== request.agentId) throw new ResyncRequired('The cursor belongs to another agent. Load the cache again.');
  // A database restored from a backup has forgotten numbers the client already holds.
  if (highestPosition(cursor.state) > top) throw new ResyncRequired('The cursor is ahead of the change log. Load the cache again.');
  return cursor;
}
