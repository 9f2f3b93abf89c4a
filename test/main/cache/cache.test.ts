import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnName, type Fields } from '../../../src-shared/sync/entity-fields.js';
import { closedStates, entityDescriptions, entityNames, ticketStates } from '../../../src-shared/sync/entities.js';
import type { ChangesResponse } from '../../../src-shared/sync/protocol.js';
import { PageWriter } from '../../../src-main/cache/apply-page.js';
import { cacheFileName, openCache } from '../../../src-main/cache/cache-file.js';
import { cacheTable, entityFromCacheRow, rowValues, sqliteTypes } from '../../../src-main/cache/entity-columns.js';
import { CacheMigrationMismatchError, migrateCache } from '../../../src-main/cache/migrate.js';
import { cacheMigrations } from '../../../src-main/cache/migrations/index.js';
import { nearestDue, openTicket } from '../../../src-main/cache/migrations/0008-workspace-lists.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, moveTicket, ticketEntity, waitForStamped } from '../../server/feed/support/domain.js';
import { applyChanges, pullAll, pullPage, signIn } from '../../server/feed/support/feed-client.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

/** Everything a cache holds, entity by entity, as the feed's entities. */
function cacheState(db: Database.Database): Map<string, Map<string, unknown>> {
  const state = new Map<string, Map<string, unknown>>();
  for (const entity of entityNames) {
    const rows = db.prepare(`SELECT * FROM ${cacheTable(entity)}`).all() as Record<string, unknown>[];
    if (rows.length > 0) state.set(entity, new Map(rows.map((row) => [String(row['id']), entityFromCacheRow(entity, row)])));
  }
  return state;
}

describe('the cache file', () => {
  it('has a table for every entity whose columns are its description (a new field needs a migration)', () => {
    const db = openCache(temporaryDirectory('kontor-cache-'), 'agent-1');
    try {
      for (const entity of entityNames) {
        const columns = new Map((db.prepare(`SELECT name, type, "notnull" FROM pragma_table_info(?)`).all(cacheTable(entity)) as { name: string; type: string; notnull: number }[]).map((column) => [column.name, column]));
        const fields: Fields = entityDescriptions[entity].fields;
        for (const [key, field] of Object.entries(fields)) {
          const column = columns.get(columnName(key));
          expect(column, `${cacheTable(entity)}.${columnName(key)}`).toBeDefined();
          expect(column?.type, `${cacheTable(entity)}.${columnName(key)}`).toBe(sqliteTypes[field.kind]);
          expect(column?.notnull === 1 || key === 'id', `${cacheTable(entity)}.${columnName(key)} NOT NULL`).toBe(!field.nullable);
        }
      }
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('is named by a hash of the agent id, one file per agent', () => {
    const dir = temporaryDirectory('kontor-cache-');
    openCache(dir, 'c2a7-agent').close();
    expect(cacheFileName('c2a7-agent')).toMatch(/^cache-[0-9a-f]{32}\.sqlite$/u);
    expect(cacheFileName('c2a7-agent')).not.toBe(cacheFileName('other-agent'));
    expect(existsSync(path.join(dir, cacheFileName('c2a7-agent')))).toBe(true);
  });

  it('refuses, untouched, a cache written by another version of Kontor Desk', () => {
    const dir = temporaryDirectory('kontor-cache-');
    const db = openCache(dir, 'agent-2');
    db.prepare('INSERT INTO schema_migrations ("name", "applied_at") VALUES (?, ?)').run('0002-from-the-future', new Date().toISOString());
    db.close();
    const file = path.join(dir, cacheFileName('agent-2'));
    copyFileSync(file, `${file}.before`);
    expect(() => openCache(dir, 'agent-2')).toThrow(CacheMigrationMismatchError);
    expect(() => openCache(dir, 'agent-2')).toThrow(/another version of Kontor Desk .* 0002-from-the-future/u);
    const reopened = new Database(file, { readonly: true });
    expect((reopened.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(cacheMigrations.length + 1);
    reopened.close();
  });
});

describe('cache migrations, each from the version before', () => {
  it('0002 adds the search index to a cache at 0001 that holds tickets, and indexes nothing yet', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'at-0001.sqlite'));
    try {
      expect(migrateCache(db, cacheMigrations.slice(0, 1))).toEqual(['0001-initial']);
      db.prepare('INSERT INTO sync_state ("singleton", "cursor", "phase", "position", "server_time", "updated_at") VALUES (1, ?, ?, ?, ?, ?)').run('c1', 'log', 7, 'now', 'now');
      expect(migrateCache(db, cacheMigrations.slice(0, 2))).toEqual(['0002-search']);
      expect(db.prepare('SELECT "cursor" FROM sync_state').get()).toEqual({ cursor: 'c1' });
      expect(db.prepare('SELECT count(*) AS n FROM search_indexed').get()).toEqual({ n: 0 });
      expect(migrateCache(db, cacheMigrations.slice(0, 2))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('0003 adds the cache settings to a cache at 0002, keeping its outbox', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'at-0002.sqlite'));
    try {
      migrateCache(db, cacheMigrations.slice(0, 2));
      db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
      expect(migrateCache(db, cacheMigrations.slice(0, 3))).toEqual(['0003-client']);
      expect(db.prepare('SELECT "mutation_id" FROM outbox').all()).toEqual([{ mutation_id: 'm1' }]);
      expect(db.prepare('SELECT count(*) AS n FROM cache_settings').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
  it('0004 keeps a cache at 0003 with its outbox and index marks; staged files go with their edit', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'at-0003.sqlite'));
    try {
      migrateCache(db, cacheMigrations.slice(0, 3));
      db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
      db.prepare('INSERT INTO search_indexed ("ticket_id", "version") VALUES (?, ?)').run('t1', 3);
      expect(migrateCache(db, cacheMigrations.slice(0, 4))).toEqual(['0004-offline']);
      expect(db.prepare('SELECT * FROM search_bodies_indexed').all()).toEqual([{ ticket_id: 't1', version: 3 }]);
      db.prepare('INSERT INTO outbox_files ("attachment_id", "mutation_id", "size") VALUES (?, ?, ?)').run('a1', 'm1', 10);
      db.pragma('foreign_keys = ON');
      db.prepare('DELETE FROM outbox WHERE "mutation_id" = ?').run('m1');
      expect(db.prepare('SELECT count(*) AS n FROM outbox_files').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('0005 keys the search index anew (rebuilt in the background) and keeps the outbox of a cache at 0004', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'at-0004.sqlite'));
    try {
      migrateCache(db, cacheMigrations.slice(0, 4));
      db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
      const ticket = ticketEntity({ id: randomUUID(), name: 'Q', group: 'g', slaId: randomUUID(), valid: true, version: 1 }, 'alt');
      const columns = Object.keys(entityDescriptions.ticket.fields).map((key) => `"${columnName(key)}"`);
      db.prepare(`INSERT INTO tickets (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...rowValues('ticket', ticket));
      db.prepare('INSERT INTO search_indexed ("ticket_id", "version") VALUES (?, ?)').run(ticket.id, 1);
      db.prepare('INSERT INTO search_heads ("ticket_id", "number", "title", "people") VALUES (?, ?, ?, ?)').run(ticket.id, '1', 'alt', '');
      expect(migrateCache(db, cacheMigrations.slice(0, 5))).toEqual(['0005-search-keys']);
      expect(db.prepare('SELECT count(*) AS n FROM search_heads').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT "ticket_id", "heads", "bodies" FROM search_dirty').all()).toEqual([{ ticket_id: ticket.id, heads: 1, bodies: 1 }]);
      expect(db.prepare('SELECT "mutation_id" FROM outbox').all()).toEqual([{ mutation_id: 'm1' }]);
    } finally {
      db.close();
    }
  });
});

describe('cache migration 0006', () => {
  it('orders queues from an index and rebuilds the search index with prefix indexes, keeping the outbox of a cache at 0005', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'at-0005.sqlite'));
    try {
      migrateCache(db, cacheMigrations.slice(0, 5));
      db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
      db.prepare('INSERT INTO search_heads (rowid, "ticket_id", "number", "title", "people") VALUES (?, ?, ?, ?, ?)').run(1, 't1', '1', 'alt', '');
      expect(migrateCache(db, cacheMigrations.slice(0, 6))).toEqual(['0006-fast-reads']);
      expect(db.prepare('SELECT count(*) AS n FROM search_heads').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT "mutation_id" FROM outbox').all()).toEqual([{ mutation_id: 'm1' }]);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM tickets WHERE "queue_id" = ? AND ("updated_at", "id") < (?, ?) ORDER BY "updated_at" DESC, "id" DESC LIMIT 100`).all('q', 'x', 'y') as { detail: string }[];
      expect(plan.map((step) => step.detail).join('; ')).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });
});

describe('cache migration 0007', () => {
  it('keeps the indexed text of the most recently active tickets a second time for as-you-type search, from a cache at 0006', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'at-0006.sqlite'));
    try {
      migrateCache(db, cacheMigrations.slice(0, 6));
      // Tickets with every column filled; only id and activity matter here.
      const columns = db.prepare("SELECT name, type FROM pragma_table_info('tickets')").all() as { name: string; type: string }[];
      const insert = db.prepare(`INSERT INTO tickets (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map((c) => `@${c.name}`).join(', ')})`);
      const body = db.prepare('INSERT INTO search_bodies (rowid, "ticket_id", "body") VALUES (?, ?, ?)');
      for (const [key, id, at] of [[1, 't1', '2026-01-01'], [2, 't2', '2026-03-01'], [3, 't3', '2026-02-01']] as const) {
        insert.run(Object.fromEntries(columns.map((c) => [c.name, c.name === 'id' ? id : c.name === 'updated_at' ? at : c.type === 'INTEGER' ? 0 : ''])));
        db.prepare('INSERT INTO search_state ("key", "ticket_id") VALUES (?, ?)').run(key, id);
        if (id !== 't3') body.run(key, id, `depotuebertrag ${id}`);
      }
      db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
      expect(migrateCache(db, cacheMigrations.slice(0, 7))).toEqual(['0007-recent-search']);
      // Both indexed texts are kept (far fewer than the 10,000 window); t3 has no text yet.
      expect(db.prepare('SELECT "key", "at" FROM search_recent_keys ORDER BY "key"').all()).toEqual([{ key: 1, at: '2026-01-01' }, { key: 2, at: '2026-03-01' }]);
      expect(db.prepare(`SELECT "ticket_id" FROM search_recent WHERE search_recent MATCH '"depotue"*' ORDER BY rowid`).pluck().all()).toEqual(['t1', 't2']);
      expect(db.prepare('SELECT "mutation_id" FROM outbox').all()).toEqual([{ mutation_id: 'm1' }]);
    } finally {
      db.close();
    }
  });
});

describe('cache migration 0008', () => {
  it('indexes the open tickets of a cache at 0007 for the workspace: the default order and the counts without reading a row', () => {
    const db = new Database(path.join(temporaryDirectory('kontor-cache-'), 'at-0007.sqlite'));
    try {
      migrateCache(db, cacheMigrations.slice(0, 7));
      db.prepare('INSERT INTO outbox ("mutation_id", "name", "args", "created_at") VALUES (?, ?, ?, ?)').run('m1', 'ticket.lock', '{}', 'now');
      const queue = { id: randomUUID(), name: 'Q', group: 'g', slaId: randomUUID(), valid: true, version: 1 };
      const columns = Object.keys(entityDescriptions.ticket.fields).map((key) => `"${columnName(key)}"`);
      const insert = db.prepare(`INSERT INTO tickets (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const state of ticketStates) insert.run(...rowValues('ticket', { ...ticketEntity(queue, state), state }));
      expect(migrateCache(db, cacheMigrations.slice(0, 8))).toEqual(['0008-workspace-lists']);
      // The terms the workspace repeats are the ones of today's closed states.
      expect(openTicket).toBe(`"state" NOT IN (${closedStates.map((state) => `'${state}'`).join(', ')})`);
      const count = (index: string, where: string): unknown => db.prepare(`SELECT count(*) FROM tickets INDEXED BY ${index} WHERE ${where}`).pluck().get();
      expect(count('tickets_open_queue', `"queue_id" = '${queue.id}' AND ${openTicket}`)).toBe(4);
      expect(count('tickets_reminders', `"state" = 'pending-reminder'`)).toBe(1);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT "id" FROM tickets WHERE "queue_id" = ? AND ${openTicket} ORDER BY ${nearestDue}, "id" LIMIT 200 OFFSET 400`).all(queue.id) as { detail: string }[];
      expect(plan.map((step) => step.detail).join('; ')).toBe('SEARCH tickets USING COVERING INDEX tickets_open_queue (queue_id=?)');
      expect(db.prepare('SELECT "mutation_id" FROM outbox').all()).toEqual([{ mutation_id: 'm1' }]);
    } finally {
      db.close();
    }
  });
});

describe('applying the feed to the cache', () => {
  let server: ServerOnTestDatabase;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase();
  });
  afterAll(() => server.close());

  it('holds what the feed holds, page by page, and purges a ticket that leaves the agent\'s view', async () => {
    const db = server.server.db;
    const custody = await createQueue(db, 'Cache::Verwahrung', 'custody');
    const tax = await createQueue(db, 'Cache::Steuern', 'tax');
    const tickets = [];
    for (let i = 0; i < 6; i += 1) tickets.push(await createTicket(db, custody, `Depotübertrag ${String(i)}`, ['Anruf', 'Rückruf', 'Notiz']));
    await waitForStamped(db);
    const token = await signIn(server.url, 'sobrien');

    const cache = openCache(temporaryDirectory('kontor-cache-'), 'sobrien');
    try {
      const writer = new PageWriter(cache);
      let page: ChangesResponse;
      let pages = 0;
      do {
        page = await pullPage(server.url, token, writer.cursor(), 7);
        writer.apply(page);
        pages += 1;
      } while (page.hasMore);
      expect(pages).toBeGreaterThan(3);
      const expected = applyChanges((await pullAll(server.url, token)).changes);
      expect(cacheState(cache)).toEqual(expected);

      const moved = tickets[0];
      if (!moved) throw new Error('no ticket');
      await moveTicket(db, moved, custody, tax);
      await waitForStamped(db);
      const next = await pullPage(server.url, token, writer.cursor());
      writer.apply(next);
      const state = cacheState(cache);
      expect(state.get('ticket')?.has(moved.ticket.id)).toBe(false);
      expect([...(state.get('article')?.values() ?? [])].some((article) => (article as { ticketId: string }).ticketId === moved.ticket.id)).toBe(false);
      expect(state.get('ticket')?.size).toBe(5);
    } finally {
      cache.close();
    }
  });

  it('applies a page and its cursor together, or neither', async () => {
    const cache = openCache(temporaryDirectory('kontor-cache-'), 'atomic');
    try {
      const writer = new PageWriter(cache);
      const token = await signIn(server.url, 'sobrien');
      const page = await pullPage(server.url, token, '', 3);
      // A change the cache cannot store (a queue without its group) after good ones: the whole page fails.
      const broken = { ...page, changes: [...page.changes, { seq: 1, entity: 'queue', op: 'upsert', id: 'x', data: { id: 'x' } }] } as unknown as ChangesResponse;
      expect(() => {
        writer.apply(broken);
      }).toThrow();
      expect(writer.cursor()).toBe('');
      expect(cacheState(cache).size).toBe(0);
      writer.apply(page);
      expect(writer.cursor()).toBe(page.cursor);
    } finally {
      cache.close();
    }
  });

  it('stores a group of pages in one transaction with the cursor of the last, or none of them', async () => {
    const cache = openCache(temporaryDirectory('kontor-cache-'), 'grouped');
    try {
      const writer = new PageWriter(cache);
      const token = await signIn(server.url, 'sobrien');
      const first = await pullPage(server.url, token, '', 3);
      const second = await pullPage(server.url, token, first.cursor, 3);
      const broken = { ...second, changes: [...second.changes, { seq: 1, entity: 'queue', op: 'upsert', id: 'x', data: { id: 'x' } }] } as unknown as ChangesResponse;
      // A failing second page takes the first with it: the feed resumes before the group.
      expect(() => writer.applyPages([first, broken])).toThrow();
      expect(writer.cursor()).toBe('');
      expect(cacheState(cache).size).toBe(0);
      writer.applyPages([first, second]);
      expect(writer.cursor()).toBe(second.cursor);
      expect(cacheState(cache)).toEqual(applyChanges([...first.changes, ...second.changes]));
    } finally {
      cache.close();
    }
  });
});

