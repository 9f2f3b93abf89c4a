import { describe, expect, it } from 'vitest';
import { checkThrottle } from '../../../src-server/auth/throttle.js';
import { databaseBefore } from '../support/empty-database.js';

const limits = { perUsername: { maxFailures: 3, windowMinutes: 15 }, perAddress: { maxFailures: 50, windowMinutes: 15 } };

describe('migration 0009: sign-in realms and portal request counts', () => {
  it("counts the attempts recorded before it as the agents', and every new attempt must name its realm", async () => {
    const { db, migrateIt } = await databaseBefore('0009-portal-hardening');
    const now = new Date();
    const before = new Date(now.getTime() - 60_000);
    // Three wrong passwords for lweber before the upgrade, from the Desk or the portal alike.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await db.query("INSERT INTO login_attempts (username, address, outcome, attempted_at) VALUES ('lweber', '10.0.0.1', 'invalid-credentials', $1)", [before]);
    }
    expect(await migrateIt()).toEqual(['0009-portal-hardening']);

    const rows = await db.query<{ realm: string }>('SELECT realm FROM login_attempts');
    expect(rows.rows.map((row) => row.realm)).toEqual(['agent', 'agent', 'agent']);
    // They still throttle the agent, and only the agent: the same name on the portal is free.
    expect(await checkThrottle(db, { realm: 'agent', username: 'lweber', address: '10.0.0.2', now }, limits)).toMatchObject({ throttled: true });
    expect(await checkThrottle(db, { realm: 'customer', username: 'lweber', address: '10.0.0.2', now }, limits)).toEqual({ throttled: false });

    // No default: a writer that forgets the realm fails rather than counting as an agent.
    await expect(db.query("INSERT INTO login_attempts (username, address, outcome, attempted_at) VALUES ('x', 'a', 'success', now())")).rejects.toThrow(/null value in column "realm"/u);
    await expect(db.query("INSERT INTO login_attempts (realm, username, address, outcome, attempted_at) VALUES ('robot', 'x', 'a', 'success', now())")).rejects.toThrow(/check constraint/u);
  });

  it('keeps one request count per customer user and kind, for customer users that exist', async () => {
    const { db, migrateIt } = await databaseBefore('0009-portal-hardening');
    await db.exec(`INSERT INTO institutions (id, name) VALUES ('i1', 'Globex');
      INSERT INTO customer_users (id, username, display_name, institution_id) VALUES ('cu', 'cu', 'C', 'i1')`);
    await migrateIt();

    await db.query("INSERT INTO portal_request_counts (customer_user_id, kind, window_start, requests) VALUES ('cu', 'write', now(), 1)");
    await db.query("INSERT INTO portal_request_counts (customer_user_id, kind, window_start, requests) VALUES ('cu', 'search', now(), 1)");
    await expect(db.query("INSERT INTO portal_request_counts (customer_user_id, kind, window_start, requests) VALUES ('cu', 'write', now(), 1)")).rejects.toThrow(/duplicate key/u);
    await expect(db.query("INSERT INTO portal_request_counts (customer_user_id, kind, window_start, requests) VALUES ('cu', 'read', now(), 1)")).rejects.toThrow(/check constraint/u);
    await expect(db.query("INSERT INTO portal_request_counts (customer_user_id, kind, window_start, requests) VALUES ('nobody', 'write', now(), 1)")).rejects.toThrow(/foreign key/u);
  });
});
