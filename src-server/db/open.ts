import { mkdir } from 'node:fs/promises';
import { openPglite, openPostgres, type Database, type PostgresOptions } from './database.js';
import { migrate } from './migrate.js';

/** PostgreSQL when a URL is configured, PGlite (in a folder, or in memory) otherwise; migrated. */
export async function openDatabase(
  config: { url?: string | undefined; pgliteDir?: string | undefined; idleInTransactionTimeoutSeconds?: number },
  options: Pick<PostgresOptions, 'onConnectionError'> = {},
): Promise<Database> {
  let db: Database;
  if (config.url !== undefined) {
    db = openPostgres(config.url, {
      ...options,
      ...(config.idleInTransactionTimeoutSeconds === undefined ? {} : { idleInTransactionTimeoutMs: config.idleInTransactionTimeoutSeconds * 1000 }),
    });
  } else {
    if (config.pgliteDir !== undefined) await mkdir(config.pgliteDir, { recursive: true, mode: 0o700 });
    db = await openPglite(config.pgliteDir);
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
