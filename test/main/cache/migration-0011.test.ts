import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateCache } from '../../../src-main/cache/migrate.js';
import { cacheMigrations } from '../../../src-main/cache/migrations/index.js';
import { clearCanonicalState } from '../../../src-main/cache/reset.js';
import { cacheBefore } from './support/cache-before.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

describe('cache migration 0011', () => {
  it('adds saved reports and the history index to a cache at 0010, keeping its tickets, history and outbox', () => {
    const { db, at, migrateIt } = cacheBefore('0011-reports');
    expect(at).toBe(10);
    db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
    db.prepare('INSERT INTO history ("id", "ticket_id", "event", "actor_id", "data", "occurred_at") VALUES (?, ?, ?, ?, ?, ?)').run('1', 't1', 'moved', null, '{}', '2026-10-01T00:00:00.000Z');

    expect(migrateIt()).toEqual(['0011-reports']);
    expect(db.prepare('SELECT "mutation_id" FROM outbox').pluck().all()).toEqual(['m1']);
    expect(db.prepare('SELECT COUNT(*) FROM report_snapshots').pluck().get()).toBe(0);
    // The volume report's walk over state changes and moves reads the index, not the whole table.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT "ticket_id" FROM history WHERE "event" IN ('state-changed', 'merged') AND "occurred_at" < ?`).all('2027-01-01') as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toContain('history_report_events');
    expect(migrateIt()).toEqual([]);
  });

  it('keeps saved reports through a resync, which empties canonical state only', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'resync.sqlite'));
    try {
      migrateCache(db, cacheMigrations);
      db.prepare('INSERT INTO report_snapshots ("id", "kind", "hash", "saved_at", "body") VALUES (?, ?, ?, ?, ?)').run('s1', 'sla', 'h', 'now', '{}');
      clearCanonicalState(db);
      expect(db.prepare('SELECT "id" FROM report_snapshots').pluck().all()).toEqual(['s1']);
    } finally {
      db.close();
    }
  });
});
