import { describe, expect, it } from 'vitest';
import { databaseBefore } from '../support/empty-database.js';

const insertSession = `INSERT INTO customer_sessions (token_hash, customer_user_id, institution_id, client_id, address, created_at, last_seen_at, idle_expires_at, expires_at)
  VALUES ($1, $2, $3, gen_random_uuid(), '127.0.0.1', now(), now(), now() + $4::interval, now() + interval '8 hours')`;

describe('migration 0008-portal', () => {
  it('adds customer sessions to a database at 0007 with customers and a mail in it, keeping them', async () => {
    const { db, migrateIt } = await databaseBefore('0008-portal');
    await db.exec(`INSERT INTO institutions (id, name) VALUES ('i1', 'Bankhaus Löwe');
      INSERT INTO customer_users (id, username, display_name, email, institution_id) VALUES ('cu', 'jloewe', 'Jürgen Löwe', 'j@loewe.example', 'i1');
      INSERT INTO inbound_mails (mailbox, uid_validity, uid, received_at, stored_at, raw, size) VALUES ('servicedesk', 1, 1, now(), now(), '\\x41'::bytea, 1)`);
    expect(await migrateIt()).toEqual(['0008-portal']);

    expect((await db.query('SELECT id, institution_id FROM customer_users')).rows).toEqual([{ id: 'cu', institution_id: 'i1' }]);
    expect((await db.query('SELECT count(*)::int AS n FROM inbound_mails')).rows).toEqual([{ n: 1 }]);

    const hash = Buffer.alloc(32, 7);
    await db.query(insertSession, [hash, 'cu', 'i1', '30 minutes']);
    // Only a sha256 of the token is kept; a session belongs to a known customer user and institution.
    await expect(db.query(insertSession, [Buffer.alloc(16, 1), 'cu', 'i1', '30 minutes'])).rejects.toThrow(/check constraint/u);
    await expect(db.query(insertSession, [Buffer.alloc(32, 2), 'nobody', 'i1', '30 minutes'])).rejects.toThrow(/foreign key/u);
    await expect(db.query(insertSession, [Buffer.alloc(32, 3), 'cu', 'elsewhere', '30 minutes'])).rejects.toThrow(/foreign key/u);
    // The idle expiry never lies beyond the absolute one.
    await expect(db.query(insertSession, [Buffer.alloc(32, 4), 'cu', 'i1', '9 hours'])).rejects.toThrow(/check constraint/u);
    await expect(db.query(insertSession, [hash, 'cu', 'i1', '30 minutes'])).rejects.toThrow(/unique|duplicate/u);
  });
});
