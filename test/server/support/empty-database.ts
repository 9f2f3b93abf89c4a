import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { migrate } from '../../../src-server/db/migrate.js';
import { migrations } from '../../../src-server/db/migrations/index.js';
import { postgresUrl } from '../../harness/postgres.js';

/**
 * An empty database on the run's PostgreSQL, for a migration test that starts below the
 * migrated template the per-file databases are copies of; `drop` closes and removes it.
 */
export async function emptyDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const server = inject('postgres');
  const admin = new pg.Client({ connectionString: postgresUrl(server, 'postgres') });
  await admin.connect();
  const name = `kontor_migration_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  const db = openPostgres(postgresUrl(server, name), { max: 1 });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * For a test of the migration `name`: an empty database migrated up to just before it, dropped
 * when the test ends, and `migrateIt`, which applies `name` (alone) and says what it applied.
 */
export async function databaseBefore(name: string): Promise<{ db: Database; migrateIt: () => Promise<string[]> }> {
  const at = migrations.findIndex((migration) => migration.name === name);
  if (at <= 0) throw new Error(`No migration ${name} after the first`);
  const { db, drop } = await emptyDatabase();
  onTestFinished(drop);
  await migrate(db, migrations.slice(0, at));
  return { db, migrateIt: () => migrate(db, migrations.slice(0, at + 1)) };
}
