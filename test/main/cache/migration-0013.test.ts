import { describe, expect, it } from 'vitest';
import { cacheBefore } from './support/cache-before.js';
import { insertRow as insert } from './support/rows.js';

describe('cache migration 0013', () => {
  it('copies the customer\'s, institution\'s and owner\'s names into the tickets of a cache at 0012, so that a queue sorts by them from its index alone', () => {
    const { db, at, migrateIt } = cacheBefore('0013-name-copies');
    expect(at).toBe(12);
    insert(db, 'customer_users', { id: 'c1', display_name: 'Jürgen Löwe', display_name_sort: 'jurgen lowe' });
    insert(db, 'institutions', { id: 'i1', name: 'Bankhaus Löwe & Söhne KG', name_sort: 'bankhaus lowe & sohne kg' });
    insert(db, 'agents', { id: 'a1', display_name: 'Maria Müller', display_name_sort: 'maria muller' });
    insert(db, 'tickets', { id: 't1', queue_id: 'q1', state: 'open', customer_user_id: 'c1', institution_id: 'i1', owner_id: 'a1' });
    // A customer and an owner the cache does not hold: no name to sort by, as a join would find none.
    insert(db, 'tickets', { id: 't2', queue_id: 'q1', state: 'new', customer_user_id: 'c9', institution_id: null, owner_id: 'a9' });
    db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');

    expect(migrateIt()).toEqual(['0013-name-copies']);
    expect(db.prepare('SELECT "id", "customer_sort", "institution_sort", "owner_sort" FROM tickets ORDER BY "id"').all()).toEqual([
      { id: 't1', customer_sort: 'jurgen lowe', institution_sort: 'bankhaus lowe & sohne kg', owner_sort: 'maria muller' },
      { id: 't2', customer_sort: null, institution_sort: null, owner_sort: null },
    ]);
    expect(db.prepare('SELECT "mutation_id" FROM outbox').pluck().all()).toEqual(['m1']);
    const open = `"state" NOT IN ('closed-successful', 'closed-unsuccessful', 'merged')`;
    for (const name of ['customer_sort', 'institution_sort', 'owner_sort']) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT t."id" FROM tickets t WHERE t."queue_id" = ? AND t.${open} ORDER BY t."${name}", t."id"`).all('q1') as { detail: string }[];
      expect(plan.map((step) => step.detail)).toEqual(['SEARCH t USING COVERING INDEX tickets_open_queue (queue_id=?)', 'USE TEMP B-TREE FOR ORDER BY']);
    }
    // A renamed customer's tickets are found without reading every ticket.
    const rename = db.prepare('EXPLAIN QUERY PLAN UPDATE tickets SET "customer_sort" = ? WHERE "customer_user_id" = ?').all('x', 'c1') as { detail: string }[];
    expect(rename.map((step) => step.detail)).toEqual(['SEARCH tickets USING INDEX tickets_customer (customer_user_id=?)']);
    expect(migrateIt()).toEqual([]);
  });
});
