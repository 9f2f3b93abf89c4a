import path from 'node:path';
import Database from 'better-sqlite3';
import { onTestFinished } from 'vitest';
import { migrateCache } from '../../../../src-main/cache/migrate.js';
import { cacheMigrations } from '../../../../src-main/cache/migrations/index.js';
import { temporaryDirectory } from '../../../server/support/temporary.js';

/**
 * For a test of the cache migration `name`: a cache file migrated up to just before it, closed
 * when the test ends, the migration's place in the list, and `migrateIt`, which applies `name`
 * (and only it) and says what it applied. The cache's counterpart of the server's
 * `databaseBefore` (test/server/support/empty-database.ts).
 */
export function cacheBefore(name: string): { db: Database.Database; at: number; migrateIt: () => string[] } {
  const at = cacheMigrations.findIndex((migration) => migration.name === name);
  if (at <= 0) throw new Error(`No cache migration ${name} after the first`);
  const db = new Database(path.join(temporaryDirectory('kontor-cache-'), `before-${name}.sqlite`));
  onTestFinished(() => {
    db.close();
  });
  migrateCache(db, cacheMigrations.slice(0, at));
  return { db, at, migrateIt: () => migrateCache(db, cacheMigrations.slice(0, at + 1)) };
}
