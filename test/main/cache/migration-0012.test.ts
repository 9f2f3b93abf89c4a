import { describe, expect, it } from 'vitest';
import { cacheBefore } from './support/cache-before.js';
import { insertRow as insert } from './support/rows.js';

describe('cache migration 0012', () => {
  it('folds the names already in a cache at 0011 for sorting and sorts a queue by any column from one index, keeping the rows and the outbox', () => {
    const { db, at, migrateIt } = cacheBefore('0012-sort-keys');
    expect(at).toBe(11);
    insert(db, 'tickets', { id: 't1', title: 'Ärger mit Depotauszug', queue_id: 'q1', state: 'open' });
    insert(db, 'tickets', { id: 't2', title: 'STRASSE Zinsgutschrift', queue_id: 'q1', state: 'new' });
    insert(db, 'customer_users', { id: 'c1', display_name: 'Jürgen Löwe' });
    insert(db, 'institutions', { id: 'i1', name: 'Bankhaus Löwe & Söhne KG' });
    insert(db, 'agents', { id: 'a1', display_name: 'Maria Müller' });
    db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');

    expect(migrateIt()).toEqual(['0012-sort-keys']);
    expect(db.prepare('SELECT "id", "title", "title_sort" FROM tickets ORDER BY "id"').all()).toEqual([
      { id: 't1', title: 'Ärger mit Depotauszug', title_sort: 'arger mit depotauszug' },
      { id: 't2', title: 'STRASSE Zinsgutschrift', title_sort: 'strasse zinsgutschrift' },
    ]);
    expect(db.prepare('SELECT "display_name_sort" FROM customer_users').pluck().get()).toBe('jurgen lowe');
    expect(db.prepare('SELECT "name_sort" FROM institutions').pluck().get()).toBe('bankhaus lowe & sohne kg');
    expect(db.prepare('SELECT "display_name_sort" FROM agents').pluck().get()).toBe('maria muller');
    expect(db.prepare('SELECT "mutation_id" FROM outbox').pluck().all()).toEqual(['m1']);
    // A sort by a single clock's due instant reads the index alone now, as the title does.
    const open = `"state" NOT IN ('closed-successful', 'closed-unsuccessful', 'merged')`;
    for (const order of ['CASE WHEN t."update_answered" = 0 THEN t."update_due" END', 't."title_sort"']) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT t."id" FROM tickets t WHERE t."queue_id" = ? AND t.${open} ORDER BY ${order}, t."id"`).all('q1') as { detail: string }[];
      expect(plan[0]?.detail).toBe('SEARCH t USING COVERING INDEX tickets_open_queue (queue_id=?)');
    }
    expect(migrateIt()).toEqual([]);
  });
});
