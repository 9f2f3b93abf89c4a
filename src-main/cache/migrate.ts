import type Database from 'better-sqlite3';
import { cacheMigrations } from './migrations/index.js';

/** The cache was written by another (newer, or diverged) Kontor Desk: it is not opened at all. */
export class CacheMigrationMismatchError extends Error {}

/**
 * Brings the cache up to the known migrations, each in its own transaction. Refuses, before
 * changing anything, a cache whose applied migrations are not a prefix of the known ones.
 * Returns the names applied now.
 */
export function migrateCache(db: Database.Database, migrations = cacheMigrations): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations ("name" TEXT PRIMARY KEY, "applied_at" TEXT NOT NULL)');
  const applied = (db.prepare('SELECT "name" FROM schema_migrations ORDER BY "name"').all() as { name: string }[]).map((row) => row.name);
  applied.forEach((name, index) => {
    if (migrations[index]?.name !== name) {
      throw new CacheMigrationMismatchError(
        `the cache was written by another version of Kontor Desk (it has migration ${name}, this version expects ${migrations[index]?.name ?? 'none'} there); it is left untouched`,
      );
    }
  });
  const record = db.prepare('INSERT INTO schema_migrations ("name", "applied_at") VALUES (?, ?)');
  const done: string[] = [];
  for (const migration of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      record.run(migration.name, new Date().toISOString());
    })();
    done.push(migration.name);
  }
  return done;
}
