import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { loadCursorKey } from '../../../src-server/sync/feed/cursor-key.js';
import { decodeCursor, encodeCursor, type FeedCursor } from '../../../src-server/sync/feed/cursor.js';
import { apiErrorSchema } from '../../../src-shared/api/sessions.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, waitForStamped } from './support/domain.js';
import { getChanges, pullAll, signIn } from './support/feed-client.js';

describe('feed cursors: opaque, signed, per agent; 410 when one cannot be served', () => {
  let running: ServerOnTestDatabase;
  let db: Database;
  let sobrien: string;
  let mmueller: string;
  let cursor: string;

  const expectResync = async (after: string, token = sobrien): Promise<void> => {
    const response = await getChanges(running.url, token, after);
    expect(response.status, response.text).toBe(410);
    expect(apiErrorSchema.parse(response.json).reason).toBe('resync-required');
  };

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
    db = openPostgres(running.database.url, { max: 2 });
    await createQueue(db, 'Verwahrung', 'custody');
    await waitForStamped(db);
    [sobrien, mmueller] = [await signIn(running.url, 'sobrien'), await signIn(running.url, 'mmueller')];
    cursor = (await pullAll(running.url, sobrien)).cursor;
  });
  afterAll(async () => {
    await db.close();
    await running.close();
  });

  it('continues from a cursor it issued', async () => {
    const response = await getChanges(running.url, sobrien, cursor);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ changes: [], hasMore: false });
  });

  it('refuses a cursor that is not one of its own', async () => {
    await expectResync('garbage');
    await expectResync('e30.e30');
    await expectResync(`${cursor}x`);
    // A readable payload with the signature of another one: the groups cannot be widened by hand.
    const [payload, signature] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { groups: string[] };
    const widened = Buffer.from(JSON.stringify({ ...decoded, groups: [...decoded.groups, 'helpdesk'] })).toString('base64url');
    await expectResync(`${widened}.${signature ?? ''}`);
  });

  it('refuses a cursor issued to another agent', async () => {
    await expectResync(cursor, mmueller);
  });

  it('refuses a cursor ahead of the log, as after restoring an older backup of the database', async () => {
    const key = await loadCursorKey(db, new Date());
    const current = decodeCursor(cursor, key);
    if (current?.state.phase !== 'log') throw new Error(`expected a log cursor, got ${JSON.stringify(current)}`);
    const top = await waitForStamped(db);
    await expectResync(encodeCursor({ ...current, state: { ...current.state, position: top + 1 } }, key));
    // The same cursor at the newest number is fine.
    const atTop = await getChanges(running.url, sobrien, encodeCursor({ ...current, state: { ...current.state, position: top } }, key));
    expect(atTop.status).toBe(200);
  });

  it('sends a cursor of an older format back to a fresh bootstrap, signed or not (its cache may hold links it may no longer see)', async () => {
    const key = await loadCursorKey(db, new Date());
    const current = decodeCursor(cursor, key);
    if (current === null) throw new Error('the cursor did not decode');
    await expectResync(encodeCursor({ ...current, v: 1 } as unknown as FeedCursor, key));
  });

  it('continues a cursor of version 3, which means the same without progress', async () => {
    const key = await loadCursorKey(db, new Date());
    const current = decodeCursor(cursor, key);
    if (current?.state.phase !== 'log') throw new Error(`expected a log cursor, got ${JSON.stringify(current)}`);
    const { progress: _progress, ...older } = current;
    const response = await getChanges(running.url, sobrien, encodeCursor({ ...older, v: 3 } as unknown as FeedCursor, key));
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ changes: [], hasMore: false, phase: 'log', progress: null });
  });

  it('refuses a malformed query with 400 and a request without a session with 401', async () => {
    expect((await getChanges(running.url, sobrien, '', 0)).status).toBe(400);
    expect((await getChanges(running.url, sobrien, '', 1001)).status).toBe(400);
    const unknownField = await fetch(`${running.url}/api/v1/sync/changes?after=&since=3`, { headers: { authorization: `Bearer ${sobrien}` } });
    expect(unknownField.status).toBe(400);
    expect((await getChanges(running.url, 'not-a-token', '')).status).toBe(401);
  });
});
