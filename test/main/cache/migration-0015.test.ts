import { describe, expect, it } from 'vitest';
import { QueueCountsReader } from '../../../src-main/workspace/queue-counts.js';
import { cacheBefore } from './support/cache-before.js';
import { insertRow } from './support/rows.js';

describe('cache migration 0015', () => {
  it('gives a cache at 0014 the queue tree\'s narrow index, which the counts read alone, keeping rows and outbox', () => {
    const { db, at, migrateIt } = cacheBefore('0015-queue-counts');
    expect(at).toBe(14);
    insertRow(db, 'queues', { id: 'q1', name: 'Verwahrung', group: 'custody', valid: 1 });
    insertRow(db, 'tickets', { id: 't1', queue_id: 'q1', owner_id: 'a1', state: 'new' });
    insertRow(db, 'tickets', { id: 't2', queue_id: 'q1', owner_id: 'a2', state: 'open', update_breached: 1 });
    insertRow(db, 'tickets', { id: 't3', queue_id: 'q1', owner_id: 'a1', state: 'closed-successful' });
    db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');

    expect(migrateIt()).toEqual(['0015-queue-counts']);
    expect(db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all('tickets_open_counts')).toEqual([
      'queue_id', 'state', 'owner_id', 'first_response_breached', 'update_breached', 'solution_breached',
    ]);
    // Open tickets only: the counts read the index without a row of the table.
    expect(db.prepare('SELECT count(*) FROM tickets INDEXED BY tickets_open_counts WHERE "state" NOT IN (\'closed-successful\', \'closed-unsuccessful\', \'merged\')').pluck().get()).toBe(2);
    const reader = new QueueCountsReader(db, 'a1');
    expect(reader.plan()).toContain('SCAN tickets USING COVERING INDEX tickets_open_counts');
    const counts = reader.overview(() => true, '2026-12-03T12:00:59.999Z');
    expect(counts.queues).toEqual([{ queueId: 'q1', name: 'Verwahrung', total: 2, new: 1, escalated: 1, mine: 1 }]);
    expect(db.prepare('SELECT "mutation_id" FROM outbox').pluck().all()).toEqual(['m1']);
  });
});
