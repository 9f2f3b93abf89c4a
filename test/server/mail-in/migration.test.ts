import { describe, expect, it } from 'vitest';
import { databaseBefore } from '../support/empty-database.js';

const insertMail = `INSERT INTO inbound_mails (mailbox, uid_validity, uid, received_at, stored_at, raw, size)
  VALUES ('servicedesk@bank.example', 7, $1, now(), now(), '\\x4142'::bytea, 2)`;

describe('migration 0007-mail-in', () => {
  it('adds inbound_mails to a database at 0006 with customer users in it', async () => {
    const { db, migrateIt } = await databaseBefore('0007-mail-in');
    await db.exec("INSERT INTO customer_users (id, username, display_name, email) VALUES ('cu', 'cu', 'C', 'Anna@Globex.example')");
    expect(await migrateIt()).toEqual(['0007-mail-in']);

    // One row per mailbox, UIDVALIDITY and UID: a second instance's insert of the same mail is a no-op.
    await db.query(insertMail, [1]);
    await expect(db.query(insertMail, [1])).rejects.toThrow(/unique/u);
    const again = await db.query(`${insertMail} ON CONFLICT (mailbox, uid_validity, uid) DO NOTHING RETURNING id`, [1]);
    expect(again.rowCount).toBe(0);

    // Processed only with the ticket and article it was handed over to; a decision carries its time.
    await expect(db.query("UPDATE inbound_mails SET state = 'processed', processed_at = now()")).rejects.toThrow(/check constraint/u);
    await expect(db.query("UPDATE inbound_mails SET state = 'ignored'")).rejects.toThrow(/check constraint/u);
    await expect(db.query("UPDATE inbound_mails SET state = 'lost', processed_at = now()")).rejects.toThrow(/check constraint/u);
    await db.query("UPDATE inbound_mails SET state = 'failed', processed_at = now(), error = 'x'");
    // The raw bytes are the whole mail unless marked truncated.
    await expect(db.query("INSERT INTO inbound_mails (mailbox, uid_validity, uid, received_at, stored_at, raw, size) VALUES ('m', 1, 1, now(), now(), '\\x41'::bytea, 5)")).rejects.toThrow(/check constraint/u);
    await db.query("INSERT INTO inbound_mails (mailbox, uid_validity, uid, received_at, stored_at, raw, size, truncated) VALUES ('m', 1, 1, now(), now(), '\\x41'::bytea, 5, true)");

    const sender = await db.query<{ id: string }>("SELECT id FROM customer_users WHERE lower(email) = 'anna@globex.example'");
    expect(sender.rows).toEqual([{ id: 'cu' }]);
  });

  it('0010 counts refused hand-overs of the mails already stored, from nought', async () => {
    const { db, migrateIt } = await databaseBefore('0010-mail-in-retries');
    await db.query(insertMail, [1]);
    await db.query("UPDATE inbound_mails SET state = 'failed', processed_at = now(), error = 'hand-over failed: x'");
    expect(await migrateIt()).toEqual(['0010-mail-in-retries']);
    expect((await db.query('SELECT state, failed_hand_overs FROM inbound_mails')).rows).toEqual([{ state: 'failed', failed_hand_overs: 0 }]);
    await expect(db.query('UPDATE inbound_mails SET failed_hand_overs = -1')).rejects.toThrow(/check constraint/u);
  });
});
