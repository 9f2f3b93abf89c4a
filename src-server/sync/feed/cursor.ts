import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { entityNames } from '../../../src-shared/sync/entities.js';

const seq = z.number().int().nonnegative();
const groupList = z.array(z.string().min(1)).max(500);

/** Groups the agent lost: a ticket leaving one of them up to `until` still arrives as `remove`. */
const lostSchema = z.strictObject({ groups: groupList, until: seq });

/**
 * Current state served entity by entity (`entity` indexes `entityNames`, `after` is the last id
 * served), pinned at `pin`: everything up to `pin` is in it, the log continues after it.
 * `scope` null is the whole bootstrap; a list is the snapshot of groups just gained.
 */
const snapshotState = z.strictObject({
  phase: z.literal('snapshot'),
  pin: seq,
  scope: groupList.nullable(),
  entity: z.number().int().min(0).max(entityNames.length - 1),
  after: z.string().max(64).nullable(),
  lost: lostSchema.nullable(),
  /**
   * JSON bytes of an average change of `entity` on the page before, so that the next page reads
   * about as many rows as fit at once (null: not known yet, the page finds out with a few rows).
   */
  rowBytes: z.number().int().positive().nullable(),
});

/**
 * First step of a scoped resync: the log up to `pin` for the groups the agent kept, with
 * `remove`s for tickets leaving any group of `previous` (the groups the cursor had).
 */
const catchUpState = z.strictObject({
  phase: z.literal('catch-up'),
  position: seq,
  pin: seq,
  previous: groupList,
  /** Groups lost in an earlier resync whose window is still open. */
  removable: groupList,
});

/** Second step: `remove` for every ticket now in a lost group; `until` is the log position it saw. */
const purgeState = z.strictObject({
  phase: z.literal('purge'),
  pin: seq,
  lost: groupList,
  gained: groupList,
  after: z.uuid().nullable(),
  until: seq,
});

/** The log after `position`. */
const logState = z.strictObject({ phase: z.literal('log'), position: seq, lost: lostSchema.nullable() });

export const feedStateSchema = z.discriminatedUnion('phase', [snapshotState, catchUpState, purgeState, logState]);
export type FeedState = z.infer<typeof feedStateSchema>;
export type SnapshotState = z.infer<typeof snapshotState>;
export type LostGroups = z.infer<typeof lostSchema>;

/**
 * How far a snapshot or scoped resync has come: changes delivered so far and the total counted
 * when it began (feed/progress.ts). Null in the log.
 */
const progressSchema = z.strictObject({ delivered: seq, total: seq });
export type FeedProgress = z.infer<typeof progressSchema>;

/**
 * The cursor format. 2 since links and merges reach only agents who may read both tickets and
 * history stopped naming the other ticket (docs/decisions/reading-rights.md): a Desk holding a
 * cursor of 1 may hold links it may no longer see, so it is sent back to a fresh bootstrap.
 * 4 added `progress` and the snapshot's `rowBytes`; a cursor of 3 means the same and is read
 * as one of 4 without them (sending every Desk back to a bootstrap for that would cost them all
 * a full download).
 */
export const cursorVersion = 4;

const cursorFields = {
  /** The agent the cursor was issued to; anybody else gets `resync-required`. */
  agent: z.string().min(1),
  /** The permission epoch and the readable groups the cursor was issued for. */
  epoch: z.number().int().positive(),
  groups: groupList,
};

export const cursorSchema = z.strictObject({ v: z.literal(cursorVersion), ...cursorFields, state: feedStateSchema, progress: progressSchema.nullable() });
export type FeedCursor = z.infer<typeof cursorSchema>;

/** Version 3: no progress, no `rowBytes`. */
const cursorV3Schema = z.strictObject({
  v: z.literal(3),
  ...cursorFields,
  state: z.discriminatedUnion('phase', [snapshotState.omit({ rowBytes: true }), catchUpState, purgeState, logState]),
});

function upgradeV3(cursor: z.infer<typeof cursorV3Schema>): FeedCursor {
  const state: FeedState = cursor.state.phase === 'snapshot' ? { ...cursor.state, rowBytes: null } : cursor.state;
  return { ...cursor, v: cursorVersion, state, progress: null };
}

/** `base64url(JSON).base64url(HMAC-SHA256)`: opaque to the client and not forgeable by it. */
export function encodeCursor(cursor: FeedCursor, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  return `${payload}.${sign(payload, key)}`;
}

/** The cursor, or null when it is malformed, tampered with or from another database. */
export function decodeCursor(text: string, key: Buffer): FeedCursor | null {
  const [payload, signature, ...rest] = text.split('.');
  if (payload === undefined || signature === undefined || rest.length > 0) return null;
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const older = cursorV3Schema.safeParse(json);
  return older.success ? upgradeV3(older.data) : null;
}

/** The highest log position a cursor refers to; past the newest stamped number it cannot be ours. */
export function highestPosition(state: FeedState): number {
  switch (state.phase) {
    case 'snapshot':
      return Math.max(state.pin, state.lost?.until ?? 0);
    case 'catch-up':
      return Math.max(state.position, state.pin);
    case 'purge':
      return Math.max(state.pin, state.until);
    case 'log':
      return Math.max(state.position, state.lost?.until ?? 0);
  }
}

function sign(payload: string, key: Buffer): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}
