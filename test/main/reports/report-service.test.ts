import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCache } from '../../../src-main/cache/migrate.js';
import type { SaveRequest } from '../../../src-main/hosts/save-file.js';
import { ReportService } from '../../../src-main/reports/report-service.js';
import type { ReportProgress } from '../../../src-shared/ipc/reports.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

/**
 * The report service over a real cache file: snapshots frozen and checked against their hash,
 * files made for saving. Printing goes through the host (tested in test/main/hosts and end to end).
 */
const dir = temporaryDirectory('kontor-report-service-');
let db: Database.Database;
let signedIn = true;
const saved: SaveRequest[] = [];
const progress: ReportProgress[] = [];
let service: ReportService;
const week = { kind: 'week' as const, from: '2026-11-23', to: '2026-11-29' };

beforeAll(() => {
  db = new Database(path.join(dir, 'cache.sqlite'));
  migrateCache(db);
  service = new ReportService({
    cache: { withCache: (read) => (signedIn ? read({ db }) : 'not-signed-in') },
    agentName: () => (signedIn ? 'Maria Müller' : null),
    readable: () => true,
    retentionMonths: 12,
    filesDir: path.join(dir, 'files'),
    printToPdf: () => Promise.reject(new Error('no printer in this test')),
    saveFile: (request) => {
      saved.push(request);
      return Promise.resolve({ outcome: 'saved', path: request.sourceFile });
    },
    progress: (step) => progress.push(step),
    now: () => new Date('2026-12-01T08:00:00.000Z'),
  });
});
afterAll(() => db.close());

describe('the report service', () => {
  it('keeps a built report by its hash, freezes it, opens it unchanged, and refuses one whose content was altered', () => {
    const built = service.build({ kind: 'sla', period: week, scope: { kind: 'all' } });
    if (!built.ok) throw new Error(built.error.message);
    expect(built.value.report.generatedBy).toBe('Maria Müller');
    expect(service.get({ kind: 'built', hash: built.value.hash })).toMatchObject({ ok: true, value: { hash: built.value.hash } });

    const snapshot = service.save(built.value.hash);
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
    expect(service.deleteSnapshot(snapshot.value.snapshotId)).toEqual({ ok: true, value: { deleted: true } });
    const gone = service.get({ kind: 'snapshot', snapshotId: snapshot.value.snapshotId });
    expect(gone.ok ? null : gone.error.reason).toBe('unknown-report');
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

  it('answers not-signed-in when nobody is signed in', () => {
    signedIn = false;
    try {
      const built = service.build({ kind: 'sla', period: week, scope: { kind: 'all' } });
      expect(built.ok ? null : built.error.reason).toBe('not-signed-in');
    } finally {
      signedIn = true;
    }
  });
});
