import { describe, expect, it } from 'vitest';
import { cacheBefore } from './support/cache-before.js';
import { insertRow } from './support/rows.js';

describe('cache migration 0014', () => {
  it('widens the pending tickets\' index of a cache at 0013 so that a notification check passes over told reminders in it, keeping rows and outbox', () => {
    const { db, at, migrateIt } = cacheBefore('0014-notice-reads');
    expect(at).toBe(13);
    insertRow(db, 'tickets', { id: 't1', queue_id: 'q1', owner_id: 'a1', state: 'pending-reminder', pending_until: '2026-12-01T09:10:00.000Z' });
    db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');

    expect(migrateIt()).toEqual(['0014-notice-reads']);
    expect(db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all('tickets_reminders')).toEqual(['pending_until', 'owner_id', 'queue_id', 'id']);
    // A check asks whether the reminder was told by its tag: owner, queue and tag come from the index alone.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT t."id" FROM tickets t INDEXED BY tickets_reminders WHERE t."state" = 'pending-reminder' AND t."pending_until" <= ? AND t."owner_id" = ?`).all('2026-12-02', 'a1') as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual(['SEARCH t USING COVERING INDEX tickets_reminders (pending_until<?)']);
    expect(db.prepare('SELECT "id" FROM tickets').pluck().all()).toEqual(['t1']);
    expect(db.prepare('SELECT "mutation_id" FROM outbox').pluck().all()).toEqual(['m1']);
  });
});
