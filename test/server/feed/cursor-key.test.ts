import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../../src-server/db/database.js';
import { migrate } from '../../../src-server/db/migrate.js';
import { migrations } from '../../../src-server/db/migrations/index.js';
import { loadCursorKey } from '../../../src-server/sync/feed/cursor-key.js';
import { cursorVersion, decodeCursor, encodeCursor, type FeedCursor } from '../../../src-server/sync/feed/cursor.js';

const cursor: FeedCursor = {
  v: cursorVersion,
  agent: 'agent-1',
  epoch: 1,
  groups: ['custody'],
  state: { phase: 'log', position: 42, lost: null },
  progress: null,
};

describe('0004 server secrets and the cursor key', () => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('adds the secrets table to a database at the migration before it', async () => {
    db = await openPglite();
    const before = migrations.findIndex((migration) => migration.name === '0004-server-secrets');
    await migrate(db, migrations.slice(0, before));
    expect(await migrate(db, migrations.slice(0, before + 1))).toEqual(['0004-server-secrets']);
    // A key too short to sign with is refused by the table itself.
    await expect(db.query("INSERT INTO server_secrets VALUES ('short', '\\x00'::bytea, now())")).rejects.toThrow(/check constraint/u);
  });

  it('creates one key per database and gives every caller that one', async () => {
    db = await openPglite();
    await migrate(db);
    const database = db;
    const keys = await Promise.all([1, 2, 3].map(() => loadCursorKey(database, new Date())));
    expect(keys[0]?.length).toBe(32);
    expect(keys.every((key) => key.equals(keys[0] ?? Buffer.alloc(0)))).toBe(true);

    const signed = encodeCursor(cursor, keys[0] ?? Buffer.alloc(0));
    expect(decodeCursor(signed, keys[0] ?? Buffer.alloc(0))).toEqual(cursor);
    // Another database's key does not accept it: a cursor is bound to the database that issued it.
    expect(decodeCursor(signed, Buffer.alloc(32, 1))).toBeNull();
  });
});
