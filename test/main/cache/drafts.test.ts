import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { columnName } from '../../../src-shared/sync/entity-fields.js';
import { closedStates, entityDescriptions, ticketStates } from '../../../src-shared/sync/entities.js';
import { openCache } from '../../../src-main/cache/cache-file.js';
import { DraftStore } from '../../../src-main/cache/draft-store.js';
import { rowValues } from '../../../src-main/cache/entity-columns.js';
import { openTicket } from '../../../src-main/cache/migrations/0008-workspace-lists.js';
import { clearCanonicalState } from '../../../src-main/cache/reset.js';
import { ticketEntity } from '../../server/feed/support/domain.js';
import { cacheBefore } from './support/cache-before.js';
import { temporaryDirectory } from '../../server/support/temporary.js';


describe('cache migration 0009', () => {
  it('adds the drafts and the institution index to a cache at 0008, keeping its outbox and tickets', () => {
    const { db, at, migrateIt } = cacheBefore('0009-drafts');
    expect(at).toBe(8);
    db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
    const queue = { id: randomUUID(), name: 'Q', group: 'g', slaId: randomUUID(), valid: true, version: 1 };
    const institutionId = randomUUID();
    const columns = Object.keys(entityDescriptions.ticket.fields).map((key) => `"${columnName(key)}"`);
    const insert = db.prepare(`INSERT INTO tickets (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    for (const state of ticketStates) insert.run(...rowValues('ticket', { ...ticketEntity(queue, state), state, institutionId }));

    expect(migrateIt()).toEqual(['0009-drafts']);
    expect(db.prepare('SELECT "mutation_id" FROM outbox').all()).toEqual([{ mutation_id: 'm1' }]);
    expect(db.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(0);
    // The institution's open tickets come from the new partial index, the closed ones are not in it.
    const open = ticketStates.length - closedStates.length;
    expect(db.prepare(`SELECT count(*) FROM tickets INDEXED BY tickets_open_institution WHERE "institution_id" = ? AND ${openTicket}`).pluck().get(institutionId)).toBe(open);
    expect(migrateIt()).toEqual([]);
  });
});

describe('drafts in the agent\'s cache file', () => {
  const note = { subject: 'Rückfrage zur Gutschrift', body: 'Sehr geehrte Frau Groß,\n\nwie telefonisch besprochen …', internal: false, timeUnits: 15, attachments: null, to: ['a@b.example'] };

  it('keeps what was typed across closing and opening the file, replaces it on each save and lists the newest first', () => {
    const dir = temporaryDirectory('kontor-drafts-');
    let now = new Date('2026-12-01T09:00:00.000Z');
    const first = openCache(dir, 'agent-1');
    const drafts = new DraftStore(first, () => now);
    expect(drafts.get('note:t1')).toBeNull();
    expect(drafts.save('note:t1', { body: 'Erster Stand' })).toEqual({ savedAt: '2026-12-01T09:00:00.000Z' });
    now = new Date('2026-12-01T09:00:05.000Z');
    expect(drafts.save('note:t1', note)).toEqual({ savedAt: '2026-12-01T09:00:05.000Z' });
    now = new Date('2026-12-01T09:01:00.000Z');
    drafts.save('phone-ticket:new', { title: 'Depotübertrag hängt' });
    first.close();

    // As after a crash or a restart of the Desk: a new connection to the same file.
    const second = openCache(dir, 'agent-1');
    try {
      const reopened = new DraftStore(second);
      expect(reopened.get('note:t1')).toEqual({ key: 'note:t1', fields: note, savedAt: '2026-12-01T09:00:05.000Z' });
      expect(reopened.list()).toEqual([
        { key: 'phone-ticket:new', savedAt: '2026-12-01T09:01:00.000Z' },
        { key: 'note:t1', savedAt: '2026-12-01T09:00:05.000Z' },
      ]);
      expect(reopened.discard('note:t1')).toBe(true);
      expect(reopened.discard('note:t1')).toBe(false);
      expect(reopened.get('note:t1')).toBeNull();
      expect(reopened.list().map((draft) => draft.key)).toEqual(['phone-ticket:new']);
    } finally {
      second.close();
    }
  });

  it('survives a resync, which empties canonical state only', () => {
    const db = openCache(temporaryDirectory('kontor-drafts-'), 'agent-2');
    try {
      const drafts = new DraftStore(db);
      drafts.save('note:t2', note);
      clearCanonicalState(db);
      expect(drafts.get('note:t2')?.fields).toEqual(note);
    } finally {
      db.close();
    }
  });

  it('drops a damaged row instead of showing it', () => {
    const db = openCache(temporaryDirectory('kontor-drafts-'), 'agent-3');
    try {
      db.prepare('INSERT INTO drafts ("key", "fields", "saved_at") VALUES (?, ?, ?)').run('note:t3', JSON.stringify({ body: { nested: 'no' } }), 'now');
      const drafts = new DraftStore(db);
      expect(drafts.get('note:t3')).toBeNull();
      expect(drafts.list()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
