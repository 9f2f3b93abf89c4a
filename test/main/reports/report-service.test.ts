import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCache } from '../../../src-main/cache/migrate.js';
import type { SaveRequest } from '../../../src-main/hosts/save-file.js';
import { ReportService } from '../../../src-main/reports/report-service.js';
import type { ReportProgress } from '../../../src-shared/ipc/reports.js';
import { temporaryDirectory } from '../../server/support/temporary.js';
import { whileTheSyncWrites } from '../cache/support/sync-writing.js';

/**
 * The report service over a real cache file: snapshots frozen and checked against their hash,
 * files made for saving. Printing goes through the host (tested in test/main/hosts and end to end).
 */
const dir = temporaryDirectory('kontor-report-service-');
let db: Database.Database;
let signedIn = true;
let agentId = 'mmueller';
const saved: SaveRequest[] = [];
const progress: ReportProgress[] = [];
let service: ReportService;
const week = { kind: 'week' as const, from: '2026-11-23', to: '2026-11-29' };

beforeAll(() => {
  db = new Database(path.join(dir, 'cache.sqlite'));
  migrateCache(db);
  service = new ReportService({
    cache: { withCache: (read) => (signedIn ? read({ db }) : 'not-signed-in') },
    agent: () => (signedIn ? { id: agentId, name: agentId === 'mmueller' ? 'Maria Müller' : 'Heike Meier' } : null),
    readable: () => true,
    retentionMonths: 12,
    filesDir: path.join(dir, 'files'),
    printToPdf: () => Promise.reject(new Error('no printer in this test')),
    // As Electron's save dialog does: a copy where the lead chose.
    saveFile: (request) => {
      const chosen = path.join(dir, `saved-${String(saved.length)}-${request.suggestedName}`);
      copyFileSync(request.sourceFile, chosen);
      saved.push({ ...request, sourceFile: chosen });
      return Promise.resolve({ outcome: 'saved', path: chosen });
    },
    progress: (step) => progress.push(step),
    now: () => new Date('2026-12-01T08:00:00.000Z'),
  });
});
afterAll(() => db.close());

describe('the report service', () => {
  it('keeps a built report by its hash, freezes it, opens it unchanged, and refuses one whose content was altered', async () => {
    const built = service.build({ kind: 'sla', period: week, scope: { kind: 'all' } });
    if (!built.ok) throw new Error(built.error.message);
    expect(built.value.report.generatedBy).toBe('Maria Müller');
    expect(service.get({ kind: 'built', hash: built.value.hash })).toMatchObject({ ok: true, value: { hash: built.value.hash } });

    const snapshot = await service.save(built.value.hash);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const opened = service.get({ kind: 'snapshot', snapshotId: snapshot.value.snapshotId });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.report).toEqual(built.value.report);
    expect(opened.value.hash).toBe(built.value.hash);
    expect(service.snapshots()).toMatchObject({ ok: true, value: { snapshots: [{ snapshotId: snapshot.value.snapshotId, hash: built.value.hash }] } });

    // Someone edits a number in the file: the snapshot no longer opens as if it were the saved one.
    const body = db.prepare('SELECT "body" FROM report_snapshots WHERE "id" = ?').pluck().get(snapshot.value.snapshotId) as string;
    db.prepare('UPDATE report_snapshots SET "body" = ? WHERE "id" = ?').run(body.replace('"sla-clocks"', '"sla-clockz"'), snapshot.value.snapshotId);
    const damaged = service.get({ kind: 'snapshot', snapshotId: snapshot.value.snapshotId });
    expect(damaged.ok ? null : damaged.error.reason).toBe('damaged');
    // Listed apart, with what its row still says, so that the lead can delete it.
    const listed = service.snapshots();
    expect(listed.ok ? listed.value.snapshots : null).toEqual([]);
    expect(listed.ok ? listed.value.damaged.map(({ problem, ...rest }) => ({ ...rest, problem: problem.includes('no longer matches its hash') })) : null).toEqual([
      { snapshotId: snapshot.value.snapshotId, kind: 'sla', savedAt: snapshot.value.savedAt, hash: built.value.hash, problem: true },
    ]);
    expect(await service.deleteSnapshot(snapshot.value.snapshotId)).toEqual({ ok: true, value: { deleted: true } });
    const gone = service.get({ kind: 'snapshot', snapshotId: snapshot.value.snapshotId });
    expect(gone.ok ? null : gone.error.reason).toBe('unknown-report');
  });

  it('saves and deletes a snapshot while the sync thread holds the cache\'s write lock, without stopping the main thread', async () => {
    const built = service.build({ kind: 'sla', period: week, scope: { kind: 'all' } });
    if (!built.ok) throw new Error(built.error.message);
    const saved = await whileTheSyncWrites(db.name, () => service.save(built.value.hash), 150);
    if (!saved.value.ok) throw new Error(saved.value.error.message);
    const { snapshotId } = saved.value.value;
    const deleted = await whileTheSyncWrites(db.name, () => service.deleteSnapshot(snapshotId), 150);
    expect(deleted.value).toEqual({ ok: true, value: { deleted: true } });
    // About 30 turns of 5 ms in 150 ms each; a thread asleep in SQLite's busy handler turns none.
    expect(Math.min(saved.turns, deleted.turns)).toBeGreaterThan(10);
  });

  it('writes a table as CSV and the report as a workbook for the host to save, names an unknown table, and says when printing fails', async () => {
    const built = service.build({ kind: 'volume', period: week, scope: { kind: 'all' } });
    if (!built.ok) throw new Error(built.error.message);
    const source = { kind: 'built' as const, hash: built.value.hash };
    const csv = await service.export(source, 'csv', 'volume-flow', 'de');
    expect(csv.ok).toBe(true);
    const request = saved.at(-1);
    expect(request?.suggestedName).toBe('Ticketaufkommen 2026-11-23 2026-11-29 Zugang und Bestand.csv');
    const text = readFileSync(request?.sourceFile ?? '', 'utf8');
    expect(text.startsWith('\ufeffAb;Erstellt;Geschlossen;Wiedereröffnet;Bestand Beginn;Bestand Ende\r\n23.11.2026;0;0;0;0;0')).toBe(true);

    const xlsx = await service.export(source, 'xlsx', null, 'en');
    expect(xlsx.ok).toBe(true);
    expect(saved.at(-1)?.suggestedName).toBe('Ticket volume 2026-11-23 2026-11-29.xlsx');
    expect(readFileSync(saved.at(-1)?.sourceFile ?? '').subarray(0, 2).toString()).toBe('PK');
    expect(progress).toContainEqual({ task: 'export', done: 1, total: 1 });

    const unknown = await service.export(source, 'csv', 'no-such-table', 'de');
    expect(unknown.ok ? null : unknown.error.reason).toBe('unknown-table');
    const pdf = await service.pdf([source], 'de');
    expect(pdf.ok ? null : pdf.error).toEqual({ reason: 'print-failed', message: 'The PDF could not be made: no printer in this test' });
    const print = await service.print([source], 'de');
    expect(print.ok ? null : print.error.reason).toBe('print-unavailable');
  });

  it('answers not-signed-in when nobody is signed in, and never hands one agent’s reports to the next', () => {
    const built = service.build({ kind: 'sla', period: week, scope: { kind: 'all' } });
    if (!built.ok) throw new Error(built.error.message);
    const source = { kind: 'built' as const, hash: built.value.hash };
    signedIn = false;
    try {
      const refused = service.build({ kind: 'sla', period: week, scope: { kind: 'all' } });
      expect(refused.ok ? null : refused.error.reason).toBe('not-signed-in');
      const held = service.get(source);
      expect(held.ok ? null : held.error.reason).toBe('not-signed-in');
    } finally {
      signedIn = true;
    }
    agentId = 'hmeier';
    try {
      const other = service.get(source);
      expect(other.ok ? null : other.error.reason).toBe('unknown-report');
    } finally {
      agentId = 'mmueller';
    }
  });

  it('offers nothing when the agent signed out while the file was made, and keeps no copy of a saved one', async () => {
    const built = service.build({ kind: 'volume', period: week, scope: { kind: 'all' } });
    if (!built.ok) throw new Error(built.error.message);
    const slow = new ReportService({
      cache: { withCache: (read) => read({ db }) },
      agent: () => (signedIn ? { id: 'mmueller', name: 'Maria Müller' } : null),
      readable: () => true,
      retentionMonths: 12,
      filesDir: path.join(dir, 'files'),
      printToPdf: () => {
        // The lead signs out while Chromium renders.
        signedIn = false;
        return Promise.resolve(Buffer.from('%PDF-1.7'));
      },
      saveFile: (request) => {
        saved.push(request);
        return Promise.resolve({ outcome: 'saved', path: request.sourceFile });
      },
      progress: () => undefined,
    });
    try {
      const mine = slow.build({ kind: 'volume', period: week, scope: { kind: 'all' } });
      if (!mine.ok) throw new Error(mine.error.message);
      const before = saved.length;
      const pdf = await slow.pdf([{ kind: 'built', hash: mine.value.hash }], 'de');
      expect(pdf.ok ? null : pdf.error.reason).toBe('not-signed-in');
      expect(saved.length).toBe(before);
    } finally {
      signedIn = true;
    }
    expect(readdirSync(path.join(dir, 'files'))).toEqual([]);
  });
});
