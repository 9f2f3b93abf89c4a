import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.js';

const keyName = 'feed-cursor';

/**
 * The key that signs feed cursors, the same on every instance of one database: the first
 * instance to need it creates it, the others read the winner's (ON CONFLICT DO NOTHING).
 */
export async function loadCursorKey(db: Queryable, now: Date): Promise<Buffer> {
  await db.query('INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
    keyName,
    randomBytes(32),
    now,
  ]);
  const result = await db.query<{ secret: Buffer }>('SELECT secret FROM server_secrets WHERE name = $1', [keyName]);
  const secret = result.rows[0]?.secret;
  if (!secret) throw new Error('the feed cursor key vanished right after it was written');
  return Buffer.from(secret);
}
