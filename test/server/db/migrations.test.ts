import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../../src-server/db/database.js';
import { migrate, MigrationMismatchError } from '../../../src-server/db/migrate.js';
import { migrations } from '../../../src-server/db/migrations/index.js';

describe('migrations', () => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('0001 builds the session tables on an empty database, once', async () => {
    db = await openPglite();
    expect(await migrate(db)).toEqual(migrations.map((migration) => migration.name));
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(['agent_sessions', 'agents', 'audit_log', 'login_attempts', 'schema_migrations']);

    // A token hash must be a sha256, and a session cannot idle past its absolute end.
    await db.query(
      "INSERT INTO agents (id, dn, username, display_name, roles, permissions, last_login_at) VALUES ('a', 'uid=a', 'a', 'A', '[]', '{}', now())",
    );
    await expect(
      db.query("INSERT INTO agent_sessions VALUES ('\\x00'::bytea, 'a', '127.0.0.1', now(), now(), now(), now(), NULL)"),
    ).rejects.toThrow(/check constraint/u);
  });

  it('refuses a database with a migration this server does not know', async () => {
    db = await openPglite();
    await migrate(db);
    await db.query("INSERT INTO schema_migrations (position, name) VALUES ($1, '9999-from-the-future')", [migrations.length]);
    await expect(migrate(db)).rejects.toThrow(MigrationMismatchError);
  });
});
