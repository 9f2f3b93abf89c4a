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

  it('applies every migration on an empty database, once', async () => {
    db = await openPglite();
    expect(await migrate(db)).toEqual(migrations.map((migration) => migration.name));
    expect(await migrate(db)).toEqual([]);
  });

  it('0001 builds the session tables on an empty database', async () => {
    db = await openPglite();
    expect(await migrate(db, migrations.slice(0, 1))).toEqual(['0001-sessions']);
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

  it('0002 adds the ticket domain and the change log to a database at 0001 with agents in it', async () => {
    db = await openPglite();
    await migrate(db, migrations.slice(0, 1));
    await db.query(
      "INSERT INTO agents (id, dn, username, display_name, roles, permissions, last_login_at) VALUES ('a', 'uid=a', 'a', 'A', '[]', '{}', now())",
    );
    expect(await migrate(db, migrations.slice(0, 2))).toEqual(['0002-tickets']);
    const agent = await db.query<{ permission_epoch: number }>("SELECT permission_epoch FROM agents WHERE id = 'a'");
    expect(agent.rows).toEqual([{ permission_epoch: 1 }]);
    // A change row is written without a number and remembers the writing transaction.
    await db.query("INSERT INTO change_log (entity, op, entity_id) VALUES ('queue', 'upsert', 'q')");
    const change = await db.query<{ seq: string | null; committed_by: string }>('SELECT seq, committed_by::text FROM change_log');
    expect(change.rows[0]?.seq).toBeNull();
    expect(change.rows[0]?.committed_by).toMatch(/^\d+$/u);
    // History is never rewritten.
    await db.exec(`INSERT INTO queues (id, name, group_name, sla) VALUES ('00000000-0000-7000-8000-000000000001', 'Q', 'g', '{}');
      INSERT INTO tickets (id, number, title, queue_id, type, state, priority, created_at, created_by, updated_at)
        VALUES ('00000000-0000-7000-8000-000000000002', '20261130000001', 'T', '00000000-0000-7000-8000-000000000001', 'incident', 'new', 3, now(), 'a', now());
      INSERT INTO ticket_history (ticket_id, event, occurred_at) VALUES ('00000000-0000-7000-8000-000000000002', 'created', now())`);
    await expect(db.query('DELETE FROM ticket_history')).rejects.toThrow(/append-only/u);
  });

  it('refuses a database with a migration this server does not know', async () => {
    db = await openPglite();
    await migrate(db);
    await db.query("INSERT INTO schema_migrations (position, name) VALUES ($1, '9999-from-the-future')", [migrations.length]);
    await expect(migrate(db)).rejects.toThrow(MigrationMismatchError);
  });
});
