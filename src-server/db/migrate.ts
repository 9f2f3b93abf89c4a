import type { Database } from './database.js';
import { migrations as knownMigrations } from './migrations/index.js';

export class MigrationMismatchError extends Error {}

/**
 * Applies the migrations this server knows that the database lacks, each in its own
 * transaction. Refuses a database whose applied migrations are not a prefix of the known ones
 * (written by a newer or a diverged server).
 */
export async function migrate(db: Database, migrations = knownMigrations): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    position integer PRIMARY KEY, name text NOT NULL UNIQUE, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied = await db.query<{ position: number; name: string }>('SELECT position, name FROM schema_migrations ORDER BY position');
  applied.rows.forEach((row, index) => {
    if (row.position !== index || migrations[index]?.name !== row.name) {
      throw new MigrationMismatchError(
        `database has migration ${row.name} at position ${row.position}, which this server does not know there; refusing to open it`,
      );
    }
  });
  const done: string[] = [];
  for (const [position, migration] of migrations.entries()) {
    if (position < applied.rows.length) continue;
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (position, name) VALUES ($1, $2)', [position, migration.name]);
    });
    done.push(migration.name);
  }
  return done;
}
