import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFileName, openCache, removeCacheFiles } from '../../../src-main/cache/cache-file.js';
import { CacheUnusableError, openAgentCache } from '../../../src-main/cache/cache-recovery.js';
import { DraftStore } from '../../../src-main/cache/draft-store.js';
import { cacheTable } from '../../../src-main/cache/entity-columns.js';
import { Outbox } from '../../../src-main/cache/outbox.js';
import { agentOwnTables } from '../../../src-main/cache/reset.js';
import { ticketSearchTables } from '../../../src-main/cache/ticket-purge.js';
import { entityNames } from '../../../src-shared/sync/entities.js';
import { queueId } from '../../server/mutations/support.js';
import { temporaryDirectory } from '../../server/support/temporary.js';
import { damagePages, damageRoots, migrationsTables, pagesOf } from './support/damage.js';

const agent = 'sobrien-agent-id';
const custody = queueId('Wertpapiere::Verwahrung');
const at = new Date('2026-12-03T19:45:00.000Z');
const article = (body: string): Record<string, unknown> => ({ articleId: randomUUID(), channel: 'phone', visibility: 'internal', subject: 'Anruf', body });

/** A cache with what only this workstation holds: edits (one with a staged attachment, one applied), drafts, the client id. */
function cacheWithOwnData(dir: string, edits = 3): { clientId: string; mutationIds: string[] } {
  const db = openCache(dir, agent);
  try {
    const outbox = new Outbox(db);
    const mutationIds: string[] = [];
    const ticketId = randomUUID();
    const created = outbox.enqueue('ticket.create', { ticketId, queueId: custody, title: 'Depotübertrag', type: 'incident', customerUserId: null, article: article('Kunde ruft an.') }, null);
    if (created.ok) mutationIds.push(created.mutationId);
    const attachment = { id: randomUUID(), filename: 'scan.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 scan').toString('base64') };
    const withFile = outbox.enqueue('ticket.addArticle', { ticketId, article: { ...article('Scan anbei'), attachments: [attachment] } }, null);
    if (withFile.ok) mutationIds.push(withFile.mutationId);
    for (let i = 2; i < edits; i += 1) {
      const note = outbox.enqueue('ticket.addArticle', { ticketId, article: article(`Notiz ${String(i)} ${'x'.repeat(400)}`) }, null);
      if (note.ok) mutationIds.push(note.mutationId);
    }
    // The server applied the first: it only waits for the feed and is no unconfirmed edit.
    outbox.record([{ id: mutationIds[0] ?? '', status: 'applied', version: 1, seq: 5 }]);
    const drafts = new DraftStore(db);
    drafts.save('note:t1', { body: 'Halber Satz, noch nicht gesendet' });
    drafts.save('phone-ticket:new', { title: 'Depotübertrag hängt' });
    return { clientId: outbox.clientId(), mutationIds };
  } finally {
    // Closing the last connection folds the WAL back into the file: the bytes below are the database's.
    db.close();
  }
}

const cacheFile = (dir: string): string => path.join(dir, cacheFileName(agent));

const filesIn = (dir: string): string[] => readdirSync(dir).sort();

describe('a damaged cache file at sign-in', () => {
  it('is made afresh with every edit, staged file, draft and the client id carried over, and the damaged file removed', () => {
    const dir = temporaryDirectory('kontor-recovery-');
    const before = cacheWithOwnData(dir);
    // The migrations' list cannot be read: the file is found damaged when it is opened.
    damageRoots(cacheFile(dir), migrationsTables);

    const { db, rebuilt } = openAgentCache(dir, agent, { now: () => at });
    try {
      expect(rebuilt).toEqual({ at: at.toISOString(), damage: expect.stringMatching(/malformed/u) as unknown, editsSaved: 2, draftsSaved: 2, complete: true, keptFile: null });
      const outbox = new Outbox(db);
      expect(outbox.entries().map((entry) => [entry.mutationId, entry.status])).toEqual([
        [before.mutationIds[0], 'applied'],
        [before.mutationIds[1], 'pending'],
        [before.mutationIds[2], 'pending'],
      ]);
      // The same client id: the server's answers are keyed by it and the mutation ids.
      expect(outbox.clientId()).toBe(before.clientId);
      const withFile = outbox.entries()[1];
      expect(withFile && JSON.stringify(outbox.wireArgs(withFile))).toContain(Buffer.from('%PDF-1.4 scan').toString('base64'));
      expect(new DraftStore(db).get('note:t1')?.fields).toEqual({ body: 'Halber Satz, noch nicht gesendet' });
      // A fresh cache: no canonical state, no cursor; the next edit follows the old ones.
      expect(db.prepare('SELECT count(*) FROM sync_state').pluck().get()).toBe(0);
      const next = outbox.enqueue('ticket.addArticle', { ticketId: randomUUID(), article: article('Danach') }, null);
      expect(next.ok && outbox.entries().at(-1)?.mutationId).toBe(next.ok ? next.mutationId : '');
    } finally {
      db.close();
    }
    expect(filesIn(dir).filter((name) => name.includes('.damaged-'))).toEqual([]);
  });

  it('keeps what it could read of a damaged outbox and keeps the damaged file for IT, removed with the rest when the agent is revoked', () => {
    const dir = temporaryDirectory('kontor-recovery-');
    const before = cacheWithOwnData(dir, 60);
    const outboxLeaves = pagesOf(cacheFile(dir), 'outbox').filter((entry) => entry.pagetype === 'leaf');
    expect(outboxLeaves.length).toBeGreaterThan(3);
    damagePages(cacheFile(dir), [outboxLeaves.at(-1)?.pageno ?? 0]);
    damageRoots(cacheFile(dir), migrationsTables);

    const { db, rebuilt } = openAgentCache(dir, agent, { now: () => at });
    try {
      const kept = path.join(dir, cacheFileName(agent).replace('.sqlite', '.damaged-20261203T194500Z.sqlite'));
      expect(rebuilt).toMatchObject({ complete: false, keptFile: kept, draftsSaved: 2 });
      const saved = new Outbox(db).entries().map((entry) => entry.mutationId);
      // The rows before the damaged page, in their order; not the ones on it.
      expect(saved.length).toBeGreaterThan(2);
      expect(saved.length).toBeLessThan(before.mutationIds.length);
      expect(saved).toEqual(before.mutationIds.slice(0, saved.length));
      expect(rebuilt?.editsSaved).toBe(saved.length - 1);
      expect(existsSync(kept)).toBe(true);
    } finally {
      db.close();
    }
    removeCacheFiles(dir, agent);
    expect(filesIn(dir)).toEqual([]);
  });

  it('puts the damaged file back when no fresh cache can be made now, so that the next try still carries the edits over', () => {
    const dir = temporaryDirectory('kontor-recovery-');
    const before = cacheWithOwnData(dir);
    damageRoots(cacheFile(dir), migrationsTables);
    const file = path.join(dir, cacheFileName(agent));
    const damagedBytes = readFileSync(file);
    // A process whose files may not grow past 32 KB: the damage is found, the fresh cache cannot be written.
    const child = spawnSync('bash', ['-c', 'ulimit -f 64 && exec node --import tsx "$0" "$1" "$2"', path.join(import.meta.dirname, 'support', 'open-under-file-limit.ts'), dir, agent], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ ok: false, kind: 'unavailable', message: expect.stringMatching(/SQLITE_(IOERR|FULL)/u) as unknown });
    expect(readFileSync(file).equals(damagedBytes)).toBe(true);
    expect(filesIn(dir).filter((name) => name.includes('.damaged-'))).toEqual([]);

    // With room again the damage is found again, and the edits are carried over then.
    const { db, rebuilt } = openAgentCache(dir, agent, { now: () => at });
    try {
      expect(rebuilt).toMatchObject({ editsSaved: 2, complete: true });
      expect(new Outbox(db).entries().map((entry) => entry.mutationId)).toEqual(before.mutationIds);
    } finally {
      db.close();
    }
  });

  it('that is no database at all is set aside whole and a fresh cache opened', () => {
    const dir = temporaryDirectory('kontor-recovery-');
    cacheWithOwnData(dir);
    damagePages(cacheFile(dir), [1]);
    const { db, rebuilt } = openAgentCache(dir, agent, { now: () => at });
    try {
      expect(rebuilt).toMatchObject({ damage: 'file is not a database', editsSaved: 0, draftsSaved: 0, complete: false });
      expect(new Outbox(db).entries()).toEqual([]);
      expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBeGreaterThan(10);
    } finally {
      db.close();
    }
    expect(filesIn(dir).filter((name) => name.includes('.damaged-'))).toEqual([cacheFileName(agent).replace('.sqlite', '.damaged-20261203T194500Z.sqlite')]);
  });

  it('an intact cache opens as it is, and one of another Kontor Desk version is refused untouched', () => {
    const dir = temporaryDirectory('kontor-recovery-');
    cacheWithOwnData(dir);
    const intact = openAgentCache(dir, agent);
    expect(intact.rebuilt).toBeNull();
    expect(new Outbox(intact.db).entries()).toHaveLength(3);
    intact.db.prepare('INSERT INTO schema_migrations ("name", "applied_at") VALUES (?, ?)').run('9999-from-the-future', at.toISOString());
    intact.db.close();
    const bytes = readFileSync(path.join(dir, cacheFileName(agent)));

    expect(() => openAgentCache(dir, agent)).toThrow(CacheUnusableError);
    try {
      openAgentCache(dir, agent);
    } catch (error) {
      expect(error).toMatchObject({ kind: 'other-version', message: expect.stringMatching(/another version of Kontor Desk .*9999-from-the-future/u) as unknown });
    }
    expect(readFileSync(path.join(dir, cacheFileName(agent))).equals(bytes)).toBe(true);
    expect(filesIn(dir).filter((name) => name.includes('.damaged-'))).toEqual([]);
  });

  it('a cache folder that cannot be used is reported as unavailable, not taken for damage', () => {
    const parent = temporaryDirectory('kontor-recovery-');
    const blocked = path.join(parent, 'caches');
    writeFileSync(blocked, 'a file where the folder should be');
    expect(() => openAgentCache(blocked, agent)).toThrow(expect.objectContaining({ kind: 'unavailable', message: expect.stringMatching(/^the offline cache cannot be opened: .*(EEXIST|ENOTDIR)/u) as unknown }) as unknown);
    expect(readFileSync(blocked, 'utf8')).toBe('a file where the folder should be');
  });
});

describe('the cache\'s tables', () => {
  it('are each canonical state (sent again by the server) or the agent\'s own (carried over, kept by a resync)', () => {
    const db = openCache(temporaryDirectory('kontor-recovery-'), agent);
    try {
      const tables = db.prepare(`SELECT "name" FROM sqlite_schema WHERE "type" = 'table' ORDER BY "name"`).pluck().all() as string[];
      const canonical = new Set<string>([...entityNames.map(cacheTable), 'attachment_files', 'sync_state', 'schema_migrations', 'sqlite_sequence', ...ticketSearchTables]);
      const ftsShadow = (name: string) => ticketSearchTables.some((table) => /^(.*)_(config|content|data|docsize|idx)$/u.exec(name)?.[1] === table);
      const own = new Set<string>(agentOwnTables);
      expect(tables.filter((name) => !canonical.has(name) && !ftsShadow(name) && !own.has(name))).toEqual([]);
      expect([...own].filter((name) => !tables.includes(name))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
