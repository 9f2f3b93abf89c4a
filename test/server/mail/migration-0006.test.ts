import { describe, expect, it } from 'vitest';
import { databaseBefore } from '../support/empty-database.js';

describe('migration 0006: the mail outbox', () => {
  it('adds a server-only language to customer users (null: German) and the outbox, to a database at 0005 with data in it', async () => {
    const { db, migrateIt } = await databaseBefore('0006-mail-outbox');
    await db.exec(`INSERT INTO institutions (id, name) VALUES ('i1', 'Globex');
      INSERT INTO customer_users (id, username, display_name, email, institution_id) VALUES ('c1', 'jsmith', 'John Smith', 'john@globex.example', 'i1')`);
    expect(await migrateIt()).toEqual(['0006-mail-outbox']);
    const customer = await db.query('SELECT id, email, language, version FROM customer_users');
    expect(customer.rows).toEqual([{ id: 'c1', email: 'john@globex.example', language: null, version: 1 }]);

    await db.exec(`INSERT INTO agents (id, dn, username, display_name, roles, permissions, last_login_at) VALUES ('a', 'uid=a', 'a', 'A', '[]', '{}', now());
      INSERT INTO slas (id, name, calendar_id, first_response_minutes, update_minutes, solution_minutes, warning_percent)
        VALUES ('00000000-0000-7000-8000-000000000009', 'S', '7dc5b582-c874-5c00-9b03-e83256bb3218', 60, 240, 1440, 80);
      INSERT INTO queues (id, name, group_name, sla_id) VALUES ('00000000-0000-7000-8000-000000000001', 'Q', 'g', '00000000-0000-7000-8000-000000000009');
      INSERT INTO tickets (id, number, title, queue_id, type, state, priority, created_at, created_by, updated_at)
        VALUES ('00000000-0000-7000-8000-000000000002', '20261130000001', 'T', '00000000-0000-7000-8000-000000000001', 'incident', 'new', 3, now(), 'a', now())`);
    const insert = (kind: string, messageId: string): Promise<unknown> =>
      db.query(
        `INSERT INTO mail_outbox (id, ticket_id, kind, recipients, language, subject, text, html, message_id, created_at)
         VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000002', $1, '{"to":[],"cc":[]}', 'de', 's', 't', 'h', $2, now())`,
        [kind, messageId],
      );
    await expect(insert('created', '<a@x>')).resolves.toBeDefined();
    const row = await db.query('SELECT attempts, sent_at, gave_up_at, claimed_until, next_attempt_at IS NOT NULL AS due FROM mail_outbox');
    expect(row.rows).toEqual([{ attempts: 0, sent_at: null, gave_up_at: null, claimed_until: null, due: true }]);
    // One Message-ID per mail, and only the kinds the sender knows.
    await expect(insert('answered', '<a@x>')).rejects.toThrow(/unique/u);
    await expect(insert('reminder', '<b@x>')).rejects.toThrow(/check constraint/u);
  });
});
