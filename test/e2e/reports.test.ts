import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../src-shared/node/demo-directory.js';
import type { ReportCell } from '../../src-shared/reports/model.js';
import { lastWeek } from '../../src-shared/reports/period.js';
import { temporaryDirectory } from '../server/support/temporary.js';
import { seedSettledBank } from './seeded-bank.js';
import { startKontor, screenshotDir, type KontorUnderTest } from './kontor-fixture.js';
import { accessibilityViolations, screenshot, unexpectedConsoleErrors } from './page-checks.js';
import { LoginPage } from './page-models/login-page.js';
import { ShellPage } from './page-models/shell-page.js';
import { SyncIndicatorModel } from './page-models/sync-indicator.js';

/**
 * A team lead's Monday (issue 10): the reports screen, last week's SLA report built from the
 * cache, the weekly pack printed to one PDF, the report as a workbook, a frozen copy — and the
 * same report offline. The PDFs are read back with poppler's pdftotext.
 */

const seededTickets = 900;
const bootstrapTimeoutMs = 90_000;
const slowTestMs = 180_000;
const out = temporaryDirectory('kontor-e2e-reports-');

function pdfText(file: string): string[] {
  // One string per page (pdftotext separates pages with a form feed).
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim() !== '');
}

function pdfPageSize(file: string): string {
  return /Page size:\s+([\d.]+ x [\d.]+)/u.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? '';
}

async function saved(download: Download, name: string): Promise<string> {
  const file = path.join(out, name);
  const downloaded = await download.path();
  copyFileSync(downloaded, file);
  return file;
}

function table(report: { report: { sections: readonly { tables: readonly { id: string; rows: ReportCell[][] }[] }[] } }, id: string): ReportCell[][] {
  const found = report.report.sections.flatMap((section) => section.tables).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found.rows;
}

/** Numbers as the German page prints them (1.041; 66,7). */
function german(value: ReportCell): string {
  return typeof value === 'number' ? value.toLocaleString('de-DE') : String(value);
}

async function signIn(kontor: KontorUnderTest, username: string): Promise<void> {
  const login = new LoginPage(kontor.page);
  await login.waitUntilShown();
  await login.logIn(username, demoPassword);
  await new ShellPage(kontor.page).waitUntilShown();
  await new SyncIndicatorModel(kontor.page).waitFor('online', bootstrapTimeoutMs);
}

async function openReports(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Berichte' }).click();
  await page.getByRole('button', { name: 'Bericht erstellen' }).waitFor();
}

describe('reports for team leads', () => {
  let kontor: KontorUnderTest;
  beforeAll(async () => {
    kontor = await startKontor({ serverViaProxy: true, viewport: { width: 1440, height: 900 } });
    const server = kontor.server;
    if (!server) throw new Error('the test needs a server');
    await seedSettledBank(server, { seed: 'kontor-demo', tickets: seededTickets, days: 60 });
  }, 180_000);
  afterAll(() => kontor.close());

  it('builds last week’s SLA report from the cache, prints the weekly pack, exports the workbook and freezes a copy — and builds it offline too', async () => {
    const { page, desk } = kontor;
    await signIn(kontor, 'mmueller');
    await openReports(page);
    const week = lastWeek(new Date());
    const expected = await desk.handlers['reports.build']({ kind: 'sla', period: week, scope: { kind: 'all' } });
    if (!expected.ok) throw new Error(expected.error.message);

    await page.getByRole('button', { name: 'Bericht erstellen' }).click();
    const view = page.locator('.report-shown article.report').first();
    await view.getByRole('heading', { name: 'SLA-Erfüllung', exact: true }).waitFor();
    // The page shows the numbers the main process counted: the clocks table, row by row.
    const clocks = view.getByRole('table', { name: 'SLA je Uhr' });
    const shownRows = await clocks.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td, th'), (cell) => cell.textContent.trim())));
    expect(shownRows.map((row) => row.slice(1, 5))).toEqual(table(expected.value, 'sla-clocks').map((row) => row.slice(1, 5).map(german)));
    expect(await view.textContent()).toContain(expected.value.hash.slice(0, 8));
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'reports-sla-de');

    // The weekly pack: one PDF, A4, header and footer on every page, the figures inside.
    const [pack] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Wochenpaket als PDF' }).click()]);
    expect(pack.suggestedFilename()).toMatch(/^Wochenbericht KW\d{2} \d{4}\.pdf$/u);
    const packFile = await saved(pack, 'weekly-pack.pdf');
    expect(pdfPageSize(packFile)).toMatch(/^595(\.\d+)? x 841(\.\d+)?|^595(\.\d+)? x 842/u);
    const pages = pdfText(packFile);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    pages.forEach((text, index) => {
      expect(text).toContain(`Seite ${String(index + 1)} von ${String(pages.length)}`);
      expect(text).toMatch(/Wochenbericht KW \d+ \d{4}/u);
      expect(text).toContain('Daten vom');
      expect(text).toContain('erstellt von Maria Müller');
      expect(text).toContain('Prüfsumme');
    });
    const all = pages.join('\n');
    for (const title of ['SLA-Erfüllung', 'Ticketaufkommen', 'Reaktions- und Lösungszeiten', 'Zeiterfassung', 'Beschwerden']) expect(all).toContain(title);
    const [firstResponse] = table(expected.value, 'sla-clocks');
    expect(all).toMatch(new RegExp(`Erstreaktion\\s+${(firstResponse ?? []).slice(1, 5).map((cell) => german(cell).replace('.', '\\.')).join('\\s+')}`, 'u'));
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', packFile, path.join(screenshotDir, 'reports-weekly-pack')]);

    // The workbook: numbers as numbers, the same as on the page.
    const [workbookDownload] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Excel (xlsx)' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await saved(workbookDownload, 'sla.xlsx'));
    const sheet = workbook.getWorksheet('SLA je Uhr');
    expect(sheet?.getRow(2).getCell(2).value).toBe(firstResponse?.[1]);
    expect(sheet?.getRow(2).getCell(1).value).toBe('Erstreaktion');

    // Frozen: listed with its hash, and opens with the same numbers.
    await page.getByRole('button', { name: 'Speichern (eingefroren)' }).click();
    await page.getByText(/Eingefroren am/u).first().waitFor();
    const snapshots = await desk.handlers['reports.snapshots'](undefined);
    expect(snapshots.ok && snapshots.value.snapshots.map((snapshot) => snapshot.hash)).toEqual([expected.value.hash]);

    // Offline: the server is gone; the cache still answers with the same numbers and says as of when.
    await kontor.serverLink?.cut();
    await new SyncIndicatorModel(page).waitFor('offline', 30_000);
    await page.getByRole('button', { name: 'Bericht erstellen' }).click();
    await view.getByRole('heading', { name: 'SLA-Erfüllung', exact: true }).waitFor();
    const offlineRows = await view.getByRole('table', { name: 'SLA je Uhr' }).locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td, th'), (cell) => cell.textContent.trim())));
    expect(offlineRows).toEqual(shownRows);
    await screenshot(page, 'reports-offline-de');
    await kontor.serverLink?.restore();
    await new SyncIndicatorModel(page).waitFor('online', 30_000);
    expect(unexpectedConsoleErrors(kontor.consoleErrors)).toEqual([]);
  }, slowTestMs);

  it('prints a long list across pages with its header repeated, and an institution’s service report without a word of the inside', async () => {
    const { desk, server } = kontor;
    if (!server) throw new Error('the test needs a server');
    const today = new Date();
    const from = new Date(today.getTime() - 59 * 86_400_000).toISOString().slice(0, 10);
    const built = await desk.handlers['reports.build']({ kind: 'sla', period: { kind: 'range', from, to: today.toISOString().slice(0, 10) }, scope: { kind: 'all' } });
    if (!built.ok) throw new Error(built.error.message);
    const offenders = table(built.value, 'sla-offenders');
    expect(offenders.length).toBeGreaterThan(60);
    const pdf = await desk.handlers['reports.pdf']({ sources: [{ kind: 'built', hash: built.value.hash }], language: 'de' });
    if (!pdf.ok || pdf.value.outcome !== 'download') throw new Error('no PDF offered');
    const file = path.join(out, 'long.pdf');
    const response = await fetch(`${kontor.host.origin}${pdf.value.url}`);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const pages = pdfText(file);
    // The breached list's header is printed again on every page the list runs over.
    const listPages = pages.filter((text) => offenders.some((row) => text.includes(String(row[0]))));
    expect(listPages.length).toBeGreaterThan(1);
    for (const text of listPages) expect(text).toMatch(/Ticketnummer\s+Titel\s+Institut\s+Queue\s+Uhr/u);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', String(pages.length - 1), '-l', String(pages.length), file, path.join(screenshotDir, 'reports-long-list')]);

    // The service report for one institution: no agent's name, no internal note, no queue.
    const institution = await server.db.query<{ institution_id: string }>(
      `SELECT institution_id FROM tickets WHERE institution_id IS NOT NULL AND created_at >= now() - interval '59 days' GROUP BY institution_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const institutionId = institution.rows[0]?.institution_id ?? '';
    const service = await desk.handlers['reports.build']({ kind: 'institution-service', period: built.value.report.period, scope: { kind: 'institution', institutionId } });
    if (!service.ok) throw new Error(service.error.message);
    const servicePdf = await desk.handlers['reports.pdf']({ sources: [{ kind: 'built', hash: service.value.hash }], language: 'de' });
    if (!servicePdf.ok || servicePdf.value.outcome !== 'download') throw new Error('no PDF offered');
    const serviceFile = path.join(out, 'service.pdf');
    writeFileSync(serviceFile, Buffer.from(await (await fetch(`${kontor.host.origin}${servicePdf.value.url}`)).arrayBuffer()));
    const serviceText = pdfText(serviceFile).join('\n').replace(/\s+/gu, ' ');
    expect(serviceText).toContain(service.value.report.scopeName ?? 'no name');
    const agents = await server.db.query<{ display_name: string; username: string }>('SELECT display_name, username FROM agents');
    const notes = await server.db.query<{ body: string }>(
      `SELECT a.body FROM articles a JOIN tickets t ON t.id = a.ticket_id WHERE t.institution_id = $1 AND a.visibility = 'internal' AND length(a.body) > 20`,
      [institutionId],
    );
    const queues = await server.db.query<{ name: string }>('SELECT name FROM queues');
    expect(serviceText).toContain('erstellt am');
    for (const agent of agents.rows) {
      expect(serviceText).not.toContain(agent.display_name);
      expect(serviceText).not.toContain(` ${agent.username} `);
    }
    for (const note of notes.rows) expect(serviceText).not.toContain(note.body.replace(/\s+/gu, ' ').slice(0, 40));
    for (const queue of queues.rows) expect(serviceText).not.toContain(queue.name);
  }, slowTestMs);
});
