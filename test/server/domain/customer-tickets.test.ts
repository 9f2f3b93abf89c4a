import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable, SqlValue } from '../../../src-server/db/database.js';
import { storedFields } from '../../../src-server/db/entity-table.js';
import { ticketTable } from '../../../src-server/db/entity-tables.js';
import { ticketIdsOfCustomerUser, ticketIdsOfInstitution } from '../../../src-server/domain/customer-tickets.js';
import { createCustomerTicket, openSyncDatabase, type SyncDatabase } from '../directory-sync/support.js';
import { createQueue } from '../feed/support/domain.js';

/** Runs a helper against the database and keeps the one statement it sent. */
async function statementOf(db: Queryable, helper: (db: Queryable) => Promise<unknown>): Promise<{ sql: string; params: readonly SqlValue[] }> {
  const sent: { sql: string; params: readonly SqlValue[] }[] = [];
  await helper({
    query: (sql, params = []) => {
      sent.push({ sql, params });
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  });
  expect(sent).toHaveLength(1);
  return sent[0] ?? { sql: '', params: [] };
}

describe('a customer user\'s and an institution\'s tickets', () => {
  let sync: SyncDatabase;
  const tickets: Record<'anna' | 'annaLater' | 'bert' | 'internal', string> = { anna: '', annaLater: '', bert: '', internal: '' };

  beforeAll(async () => {
    sync = await openSyncDatabase();
    const queue = await createQueue(sync.db, 'ServiceLine', 'serviceline');
    // Inserted in the reverse order of their creation times, an hour apart.
    tickets.annaLater = await createCustomerTicket(sync.db, queue, { customerUserId: 'anna', institutionId: 'initech', createdAt: '2026-01-05T11:00:00.000Z' });
    tickets.bert = await createCustomerTicket(sync.db, queue, { customerUserId: 'bert', institutionId: 'globex', createdAt: '2026-01-05T10:00:00.000Z' });
    tickets.anna = await createCustomerTicket(sync.db, queue, { customerUserId: 'anna', institutionId: 'globex', createdAt: '2026-01-05T09:00:00.000Z' });
    tickets.internal = await createCustomerTicket(sync.db, queue, { customerUserId: null, institutionId: null });
  });
  afterAll(async () => {
    await sync.close();
  });

  it('lists a customer user\'s tickets, oldest first, whatever institution each was opened for', async () => {
    expect(await ticketIdsOfCustomerUser(sync.db, 'anna')).toEqual([tickets.anna, tickets.annaLater]);
    expect(await ticketIdsOfCustomerUser(sync.db, 'bert')).toEqual([tickets.bert]);
    expect(await ticketIdsOfCustomerUser(sync.db, 'nobody')).toEqual([]);
  });

  it('lists an institution\'s tickets, of all its customer users', async () => {
    expect(await ticketIdsOfInstitution(sync.db, 'globex')).toEqual([tickets.anna, tickets.bert]);
    expect(await ticketIdsOfInstitution(sync.db, 'initech')).toEqual([tickets.annaLater]);
    expect(await ticketIdsOfInstitution(sync.db, 'nobody')).toEqual([]);
  });

  it('reads each through its index among thousands of other tickets', async () => {
    // 4,000 copies of the internal ticket for 400 other customers of 40 other institutions.
    const columns = storedFields(ticketTable).map(({ column }) => column);
    const copied = columns.map((column) => {
      if (column === 'id') return 'gen_random_uuid()';
      if (column === 'number') return `t.number || '-' || g`;
      if (column === 'customer_user_id') return `'other-' || (g % 400)`;
      if (column === 'institution_id') return `'bank-' || (g % 40)`;
      return `t.${column}`;
    });
    await sync.db.query(`INSERT INTO tickets (${columns.join(', ')}) SELECT ${copied.join(', ')} FROM tickets t, generate_series(1, 4000) g WHERE t.id = $1`, [tickets.internal]);
    await sync.db.exec('ANALYZE tickets');
    for (const [helper, index] of [
      [(db: Queryable) => ticketIdsOfCustomerUser(db, 'anna'), 'tickets_customer_user'],
      [(db: Queryable) => ticketIdsOfInstitution(db, 'globex'), 'tickets_institution'],
    ] as const) {
      const { sql, params } = await statementOf(sync.db, helper);
      const plan = await sync.db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      expect(JSON.stringify(plan.rows[0]?.['QUERY PLAN'])).toContain(`"Index Name":"${index}"`);
    }
    expect(await ticketIdsOfInstitution(sync.db, 'globex')).toEqual([tickets.anna, tickets.bert]);
  });
});
