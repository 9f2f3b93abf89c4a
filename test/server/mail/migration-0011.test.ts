import { describe, expect, it } from 'vitest';
import { claimDueMails } from '../../../src-server/mail/outbox.js';
import { databaseBefore } from '../support/empty-database.js';

describe('migration 0011: a sender per queued mail', () => {
  it('gives the outbox of a database at 0010 a sender column; mails queued before have none and go out from mail.from', async () => {
    const { db, migrateIt } = await databaseBefore('0011-mail-senders');
    await db.exec(`INSERT INTO agents (id, dn, username, display_name, roles, permissions, last_login_at) VALUES ('a', 'uid=a', 'a', 'A', '[]', '{}', now());
      INSERT INTO slas (id, name, calendar_id, first_response_minutes, update_minutes, solution_minutes, warning_percent)
        VALUES ('00000000-0000-7000-8000-000000000009', 'S', '7dc5b582-c874-5c00-9b03-e83256bb3218', 60, 240, 1440, 80);
      INSERT INTO queues (id, name, group_name, sla_id) VALUES ('00000000-0000-7000-8000-000000000001', 'Q', 'g', '00000000-0000-7000-8000-000000000009');
      INSERT INTO tickets (id, number, title, queue_id, type, state, priority, created_at, created_by, updated_at)
        VALUES ('00000000-0000-7000-8000-000000000002', '20261130000001', 'T', '00000000-0000-7000-8000-000000000001', 'incident', 'new', 3, now(), 'a', now());
      INSERT INTO mail_outbox (id, ticket_id, kind, recipients, language, subject, text, html, message_id, created_at)
        VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000002', 'created', '{"to":[{"name":"","address":"c@x.example"}],"cc":[]}', 'de', 's', 't', 'h', '<a@x>', now())`);
    expect(await migrateIt()).toEqual(['0011-mail-senders']);
    const [queued] = await claimDueMails(db, 10, 60);
    expect(queued).toMatchObject({ messageId: '<a@x>', sender: null });
    await db.query(`UPDATE mail_outbox SET sender = 'Wertpapiere <wp@bank.example>', claimed_until = NULL`);
    expect((await claimDueMails(db, 10, 60))[0]?.sender).toEqual({ name: 'Wertpapiere', address: 'wp@bank.example' });
    await expect(db.query(`UPDATE mail_outbox SET sender = 'x'`)).rejects.toThrow(/check constraint/u);
  });
});
