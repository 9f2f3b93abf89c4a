import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateCache } from '../../../src-main/cache/migrate.js';
import { cacheMigrations } from '../../../src-main/cache/migrations/index.js';
import { clearCanonicalState } from '../../../src-main/cache/reset.js';
import { NotificationStore } from '../../../src-main/notifications/notification-store.js';
import { cacheBefore } from './support/cache-before.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

describe('cache migration 0010', () => {
  it('adds the notification tables to a cache at 0009, keeping its drafts and outbox, with the defaults: every kind on, nothing watched', () => {
    const { db, at, migrateIt } = cacheBefore('0010-notification-watches');
    expect(at).toBe(9);
    db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
    db.prepare('INSERT INTO drafts ("key", "fields", "saved_at") VALUES (?, ?, ?)').run('note:t1', '{}', 'now');

    expect(migrateIt()).toEqual(['0010-notification-watches']);
    expect(db.prepare('SELECT "mutation_id" FROM outbox').pluck().all()).toEqual(['m1']);
    expect(db.prepare('SELECT "key" FROM drafts').pluck().all()).toEqual(['note:t1']);
    const store = new NotificationStore(db);
    expect(store.kinds()).toEqual({ 'new-ticket': true, reminder: true, 'clock-warning': true });
    expect(store.watchedQueues()).toEqual(new Set());
    expect(store.language()).toBe('de');
    expect(migrateIt()).toEqual([]);
  });

  it('keeps watches, settings and the log of told events through a resync, which empties canonical state only', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'resync.sqlite'));
    try {
      migrateCache(db, cacheMigrations);
      const store = new NotificationStore(db);
      const now = new Date('2026-12-01T09:00:00.000Z');
      store.setWatch('q1', true, now);
      store.setKind('reminder', false);
      store.remember('ticket:t1', 'new-ticket', 't1', true, now);
      clearCanonicalState(db);
      expect(store.watchedQueues()).toEqual(new Set(['q1']));
      expect(store.kinds().reminder).toBe(false);
      expect(store.has('ticket:t1')).toBe(true);
      // Old entries of tickets go after their retention; a clock's stays while its warning lasts.
      store.remember('clock:t2:update', 'clock-warning', 't2', true, now);
      store.expireOld(new Date('2027-06-01T00:00:00.000Z'));
      expect([store.has('ticket:t1'), store.has('clock:t2:update')]).toEqual([false, true]);
    } finally {
      db.close();
    }
  });
});
