import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shownReportSchema } from '../../src-shared/reports/model.js';
import { departmentOverviewSchema, snapshotSummarySchema } from '../../src-shared/ipc/reports.js';
import { harnessNow } from './harness/fixtures/data.js';
import {
  institutionId,
  offenderRows,
  overview,
  slaHash,
  slaReport,
  snapshotId,
  volumeSnapshot,
  volumeSummary,
} from './harness/fixtures/reports-data.js';
import { accessibilityViolations, consoleProblems, recorded, screenshot, harnessForThisFile } from './support/harness-page.js';

// The team lead's reports (src-renderer/features/reports): the reports screen builds last week's
// report through `reports.build` and shows it; its tables, terms and numbers in German and
// English; the range, scope and service-report rules; every action by keyboard with its outcome
// in words; the saved snapshots; the print page (`printReady` once every chart is drawn, then a
// real A4 PDF from Chromium, read back with pdftotext and looked at with pdftoppm); and the live
// department overview. Date is fixed at the harness's Monday 09:00 in Berlin.

const harness = harnessForThisFile();
const shotDir = '/tmp/kontor-shots';

const nbsp = '\u00a0';

const mount = (fixture: string, language: 'de' | 'en' = 'de') =>
  harness.mount(fixture, { language, viewport: { width: 1440, height: 900 }, beforeLoad: (page) => page.clock.setFixedTime(harnessNow) });

/** The page as `/tmp/kontor-shots/reports-<name>.png` (to look at) and as the harness's `component-reports-<name>`. */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: path.join(shotDir, `reports-${name}.png`), fullPage: true });
  await screenshot(page, `reports-${name}`);
}

async function callsOf(page: Page, channel: string): Promise<unknown[]> {
  return (await recorded(page)).calls.filter((call) => call.channel === channel).map((call) => call.input);
}

const shownReport = (page: Page): Locator => page.locator('section.report-shown');

/** A table of the shown report, found by its caption, as rows of cell texts (header row first). */
async function tableText(scope: Locator | Page, title: string): Promise<string[][]> {
  const table = scope.getByRole('table', { name: title, exact: true });
  return table.locator('tr').evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => (cell as HTMLElement).innerText)));
}

async function fact(scope: Locator, name: string): Promise<string> {
  return scope.locator(`[data-fact="${name}"]`).first().innerText();
}

/** How many pixels of each canvas carry ink (anything not transparent): 0 for a chart never drawn. */
function inkedPixels(canvases: Locator): Promise<number[]> {
  return canvases.evaluateAll((all) =>
    all.map((canvas) => {
      const context = (canvas as HTMLCanvasElement).getContext('2d');
      if (context === null) return 0;
      const { data } = context.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height);
      let inked = 0;
      for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) inked += 1;
      return inked;
    }),
  );
}

/** Presses Enter on a control reached by focus, as a keyboard user would after tabbing to it. */
async function pressOn(target: Locator): Promise<void> {
  await target.focus();
  expect(await target.evaluate((node) => node === document.activeElement)).toBe(true);
  await target.page().keyboard.press('Enter');
}

/** Chooses an option of a segmented control (radios under their labels) by its label, as a click on it does. */
async function chooseSegment(page: Page, option: string): Promise<void> {
  const id = await page.getByRole('radio', { name: option, exact: true }).getAttribute('id');
  await page.locator(`label[for="${id ?? ''}"]`).click();
}

async function buildLastWeek(page: Page, label = 'Bericht erstellen'): Promise<void> {
  await pressOn(page.getByRole('button', { name: label }));
  await shownReport(page).locator('article.report').waitFor();
}

describe('reports screen', { timeout: 90_000 }, () => {
  it('offers last week, builds the SLA report and shows its header, tables and terms in German', async () => {
    const page = await mount('reports-screen');
    const period = page.locator('output.period-shown');
    await expect.poll(() => period.innerText()).toBe('KW 9/2026 (23.02.2026 – 01.03.2026)');
    // The running week may be looked at, the future not.
    await pressOn(page.getByRole('button', { name: 'Nächste Woche' }));
    await expect.poll(() => period.innerText()).toBe('KW 10/2026 (02.03.2026 – 08.03.2026)');
    expect(await page.getByRole('button', { name: 'Nächste Woche' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Vorherige Woche' }).click();
    await page.getByRole('button', { name: 'Vorherige Woche' }).click();
    await expect.poll(() => period.innerText()).toBe('KW 8/2026 (16.02.2026 – 22.02.2026)');
    await page.getByRole('button', { name: 'Letzte Woche' }).click();
    await expect.poll(() => period.innerText()).toBe('KW 9/2026 (23.02.2026 – 01.03.2026)');

    await buildLastWeek(page);
    expect(await callsOf(page, 'reports.build')).toEqual([{ kind: 'sla', period: { kind: 'week', from: '2026-02-23', to: '2026-03-01' }, scope: { kind: 'all' } }]);
    // The keyboard follows the lead to the report.
    await expect.poll(() => shownReport(page).evaluate((node) => node === document.activeElement)).toBe(true);

    const report = shownReport(page).locator('article.report');
    expect(await report.getByRole('heading', { level: 3 }).first().innerText()).toBe('SLA-Erfüllung');
    expect(await fact(report, 'period')).toBe('KW 9/2026 (23.02.2026 – 01.03.2026)');
    expect(await fact(report, 'scope')).toBe('Alle Queues, die Sie lesen dürfen');
    expect(await fact(report, 'data-as-of')).toBe('02.03.2026, 08:45');
    expect(await fact(report, 'generated')).toBe('von Lena Weber am 02.03.2026, 09:00');
    expect(await fact(report, 'hash')).toBe(slaHash.slice(0, 12));
    expect(await report.locator('[data-fact="frozen"]').count()).toBe(0);
    expect(await report.locator('[data-fact="complete-from"]').count()).toBe(0);

    const clocks = report.locator('section[data-report-section="sla-clocks"]');
    expect(await clocks.getByRole('heading', { level: 4 }).innerText()).toBe('SLA-Erfüllung je Uhr');
    expect(await clocks.locator('.report-explanation').innerText()).toMatch(/^So wird gezählt: Tickets, die im Zeitraum erstellt wurden\. Verletzt: /u);
    expect(await tableText(report, 'SLA je Uhr')).toEqual([
      ['Uhr', 'Erfüllt', 'Verletzt', 'Läuft', 'Tickets', 'Erfüllt %', 'Verletzt %'],
      ['Erstreaktion', '1.041', '3', '2', '1.046', `99,5${nbsp}%`, `0,3${nbsp}%`],
      ['Aktualisierung', '980', '41', '25', '1.046', `93,7${nbsp}%`, `3,9${nbsp}%`],
      ['Lösung', '702', '88', '256', '1.046', `67,1${nbsp}%`, `8,4${nbsp}%`],
    ]);
    const byQueue = await tableText(report, 'SLA nach Queue');
    expect(byQueue[0]).toEqual(['Queue', 'Tickets', 'Erfüllt', 'Verletzt', 'Läuft', 'Erstreaktion verletzt', 'Aktualisierung verletzt', 'Lösung verletzt', 'Erfüllungsquote %']);
    expect(byQueue.at(-1)).toEqual(['Summe', '1.046', '956', '90', '0', '3', '41', '88', `91,4${nbsp}%`]);
    expect((await tableText(report, 'SLA nach Institut'))[2]?.[0]).toBe('–');
    expect((await tableText(report, 'SLA nach Priorität')).map((row) => row[0])).toEqual(['Priorität', '1 sehr niedrig', '3 normal', 'Summe']);
    expect((await tableText(report, 'SLA nach Woche'))[1]?.[0]).toBe('23.02.2026');
    const offenders = await tableText(report, 'Verletzte SLAs');
    expect(offenders).toHaveLength(1 + offenderRows);
    expect(offenders[1]?.slice(4)).toEqual(['Erstreaktion', '12.345']);
    expect(await report.locator('[data-report-table="sla-offenders"] .report-omitted').innerText()).toBe('12 weitere Zeilen ausgelassen');

    // Three charts, each drawn (not a blank canvas) and named for screen readers.
    const charts = report.locator('canvas[role="img"]');
    expect(await charts.count()).toBe(3);
    expect(await charts.first().getAttribute('aria-label')).toBe('Diagramm „SLA je Uhr“. Die Zahlen stehen in der Tabelle „SLA je Uhr“. Reihen: Erfüllt, Verletzt, Läuft.');
    expect(await inkedPixels(charts)).not.toContain(0);

    expect((await recorded(page)).violations).toEqual([]);
    expect(consoleProblems(page)).toEqual([]);
    await shot(page, 'screen-de');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('reads the same report in English: numbers, percents, dates and terms the English way', async () => {
    const page = await mount('reports-screen', 'en');
    await expect.poll(() => page.locator('output.period-shown').innerText()).toBe('Week 9, 2026 (23/02/2026 – 01/03/2026)');
    await buildLastWeek(page, 'Build report');
    const report = shownReport(page).locator('article.report');
    expect(await report.getByRole('heading', { level: 3 }).first().innerText()).toBe('SLA compliance');
    expect(await fact(report, 'data-as-of')).toBe('02/03/2026, 08:45');
    expect(await fact(report, 'generated')).toBe('by Lena Weber on 02/03/2026, 09:00');
    expect(await report.locator('section[data-report-section="sla-clocks"] .report-explanation').innerText()).toMatch(/^How it is counted: Tickets created in the period\./u);
    expect((await tableText(report, 'SLA per clock'))[1]).toEqual(['First response', '1,041', '3', '2', '1,046', '99.5%', '0.3%']);
    expect((await tableText(report, 'SLA by queue')).at(-1)).toEqual(['Total', '1,046', '956', '90', '0', '3', '41', '88', '91.4%']);
    expect((await tableText(report, 'SLA by priority'))[1]?.[0]).toBe('1 very low');
    expect((await tableText(report, 'SLA by week'))[1]?.[0]).toBe('23/02/2026');
    expect((await tableText(report, 'Breached SLAs'))[1]?.slice(4)).toEqual(['First response', '12,345']);
    expect(await report.locator('.report-omitted').innerText()).toBe('12 more rows left out');
    expect(consoleProblems(page)).toEqual([]);
    await shot(page, 'screen-en');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The report follows the language switch on the spot, without being built again.
    await page.evaluate(() => (window as unknown as { harness: { setLanguage: (language: string) => void } }).harness.setLanguage('de'));
    await expect.poll(async () => (await tableText(report, 'SLA je Uhr'))[1]?.[1]).toBe('1.041');
    expect(await callsOf(page, 'reports.build')).toHaveLength(1);
  });

  it('keeps a range that ends before it starts as typed, says what is wrong, and builds once it is right', async () => {
    const page = await mount('reports-screen');
    await chooseSegment(page, 'Zeitraum');
    const from = page.locator('input[data-range="from"]');
    const to = page.locator('input[data-range="to"]');
    // The range starts as the period shown before.
    expect([await from.inputValue(), await to.inputValue()]).toEqual(['2026-02-23', '2026-03-01']);
    await to.fill('2026-02-20');
    const problem = 'Das Ende (20.02.2026) liegt vor dem Beginn (23.02.2026). Bitte wählen Sie ein Ende am oder nach dem Beginn.';
    await expect.poll(() => page.getByText(problem).count()).toBe(1);
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    // Mantine names the error as the field's description: a screen reader hears it on the field.
    const describedBy = (await to.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ')[0] ?? ''}"]`).innerText()).toBe(problem);
    expect(await to.inputValue()).toBe('2026-02-20');
    expect(await page.getByRole('button', { name: 'Bericht erstellen' }).isDisabled()).toBe(true);
    await shot(page, 'range-error-de');

    await to.fill('2026-02-27');
    await expect.poll(() => page.getByText(problem).count()).toBe(0);
    await buildLastWeek(page);
    expect(await callsOf(page, 'reports.build')).toEqual([{ kind: 'sla', period: { kind: 'range', from: '2026-02-23', to: '2026-02-27' }, scope: { kind: 'all' } }]);
    expect(consoleProblems(page)).toEqual([]);
  });

  it('offers departments and queues the lead may read, and makes the service report for one institution only', async () => {
    const page = await mount('reports-screen');
    await chooseSegment(page, 'Abteilung');
    const department = page.getByRole('combobox', { name: 'Abteilung (Berechtigungsgruppe)' });
    await department.click();
    // No right on "helpdesk": not offered.
    await expect.poll(() => page.getByRole('option').allInnerTexts()).toEqual(['serviceline', 'wertpapiere']);
    await page.getByRole('option', { name: 'wertpapiere' }).click();
    await buildLastWeek(page);
    expect((await callsOf(page, 'reports.build')).at(-1)).toMatchObject({ scope: { kind: 'department', group: 'wertpapiere' } });

    await page.getByRole('combobox', { name: 'Bericht', exact: true }).click();
    await page.getByRole('option', { name: 'Servicebericht für das Institut' }).click();
    // The scope follows: institution, the others cannot be chosen.
    expect(await page.getByRole('radio', { name: 'Institut' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Abteilung' }).isDisabled()).toBe(true);
    expect(await page.locator('[data-hint="service"]').innerText()).toBe(
      'Der Servicebericht zeigt nur, was das Institut sehen darf, und wird immer für ein Institut erstellt.',
    );
    await pressOn(page.getByRole('button', { name: 'Bericht erstellen' }));
    await expect.poll(() => page.getByText('Bitte suchen und wählen Sie ein Institut.').count()).toBe(1);
    expect(await callsOf(page, 'reports.build')).toHaveLength(1);

    const institution = page.getByRole('combobox', { name: 'Institut', exact: true });
    await institution.fill('volks');
    await page.getByRole('option', { name: 'Volksbank Musterstadt eG' }).click();
    await expect.poll(() => page.getByText('Bitte suchen und wählen Sie ein Institut.').count()).toBe(0);
    await buildLastWeek(page);
    expect((await callsOf(page, 'reports.build')).at(-1)).toEqual({ kind: 'institution-service', period: { kind: 'week', from: '2026-02-23', to: '2026-03-01' }, scope: { kind: 'institution', institutionId } });
    expect(consoleProblems(page)).toEqual([]);
  });

  it('prints, saves as PDF, freezes and exports by keyboard, each outcome in words', async () => {
    const page = await mount('reports-screen');
    await buildLastWeek(page);
    const actions = page.getByRole('group', { name: 'Aktionen zum Bericht' });

    // This host cannot print: it says so and offers the PDF instead.
    await pressOn(actions.getByRole('button', { name: 'Drucken' }));
    const alert = page.getByRole('alert').filter({ hasText: 'Drucken nicht möglich' });
    await expect.poll(() => alert.innerText()).toContain('Auf diesem Rechner kann Kontor Desk nicht drucken.');
    expect(await callsOf(page, 'reports.print')).toEqual([{ sources: [{ kind: 'built', hash: slaHash }], language: 'de' }]);
    await shot(page, 'print-unavailable-de');
    await pressOn(alert.getByRole('button', { name: 'Stattdessen als PDF speichern' }));
    await expect.poll(() => page.locator('[data-outcome="saved"]').innerText()).toBe('Gespeichert: /home/lweber/Berichte/SLA-Erfuellung-KW09-2026.pdf');
    expect(await callsOf(page, 'reports.pdf')).toEqual([{ sources: [{ kind: 'built', hash: slaHash }], language: 'de' }]);
    expect(await page.getByRole('alert').count()).toBe(0);

    // The workbook is handed to the browser: it downloads the one-time address.
    const download = page.waitForEvent('download');
    await pressOn(actions.getByRole('button', { name: 'Excel (xlsx)' }));
    expect((await download).url()).toMatch(/\/download\/[0-9a-f]{32}$/u);
    await expect.poll(() => page.locator('[data-outcome="download"]').innerText()).toBe('SLA-Erfuellung-KW09-2026.xlsx: an den Browser zum Speichern übergeben');

    await pressOn(page.getByRole('button', { name: 'Tabelle „SLA nach Queue“ als CSV speichern' }));
    await expect.poll(() => page.locator('[data-outcome="saved"]').innerText()).toBe('Gespeichert: /home/lweber/Berichte/sla-by-queue.csv');
    expect(await callsOf(page, 'reports.export')).toEqual([
      { source: { kind: 'built', hash: slaHash }, format: 'xlsx', table: null, language: 'de' },
      { source: { kind: 'built', hash: slaHash }, format: 'csv', table: 'sla-by-queue', language: 'de' },
    ]);

    const snapshotReads = (await callsOf(page, 'reports.snapshots')).length;
    await pressOn(actions.getByRole('button', { name: 'Speichern (eingefroren)' }));
    await expect.poll(() => page.locator('[data-outcome="frozen"]').innerText()).toBe('Eingefroren am 02.03.2026, 09:01. Sie finden den Bericht unter „Gespeicherte Berichte“.');
    expect(await callsOf(page, 'reports.save')).toEqual([{ hash: slaHash }]);
    // The list of saved reports is read again.
    await expect.poll(async () => (await callsOf(page, 'reports.snapshots')).length).toBeGreaterThan(snapshotReads);

    await pressOn(page.getByRole('button', { name: 'Wochenpaket als PDF' }));
    await expect.poll(() => page.locator('.weekly-pack [data-outcome="saved"]').innerText()).toBe('Gespeichert: /home/lweber/Berichte/Wochenpaket-KW09-2026.pdf');
    expect(await callsOf(page, 'reports.weeklyPack')).toEqual([{ scope: { kind: 'all' }, language: 'de' }]);
    expect((await recorded(page)).violations).toEqual([]);
    expect(consoleProblems(page)).toEqual([]);
    await shot(page, 'actions-de');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('opens a saved snapshot as it was frozen, and deletes it after asking', async () => {
    const page = await mount('reports-screen');
    const list = page.getByRole('table', { name: 'Gespeicherte Berichte' });
    await expect.poll(async () => (await tableText(page, 'Gespeicherte Berichte'))[1]?.slice(0, 5)).toEqual([
      'Ticketaufkommen',
      'Februar 2026',
      'Abteilung: wertpapiere',
      '01.03.2026, 18:00',
      volumeSummary.hash.slice(0, 12),
    ]);
    await pressOn(list.getByRole('button', { name: 'Ticketaufkommen, Februar 2026 öffnen' }));
    const report = shownReport(page).locator('article.report');
    await report.waitFor();
    expect(await callsOf(page, 'reports.get')).toEqual([{ source: { kind: 'snapshot', snapshotId } }]);
    expect(await fact(report, 'frozen')).toBe(`Eingefroren am 01.03.2026, 18:00 · Hash ${volumeSnapshot.hash.slice(0, 12)}`);
    expect(await fact(report, 'data-as-of')).toBe('nie synchronisiert');
    expect(await fact(report, 'complete-from')).toBe(
      'Unvollständig vor dem 02.03.2025: Geschlossene Tickets hält der Cache erst ab diesem Tag vollständig (Aufbewahrungsfrist). Für die Tage davor zählt der Bericht zu wenig.',
    );
    expect((await tableText(report, 'Nach Kanal')).map((row) => row[0])).toEqual(['Kanal', 'Telefon', 'E-Mail', 'Portal', '(ohne)', 'Summe']);
    expect((await tableText(report, 'First Level'))[1]).toEqual(['0', '0', '–']);
    // Frozen already: no second freeze.
    expect(await page.getByRole('button', { name: 'Speichern (eingefroren)' }).count()).toBe(0);
    expect(await list.locator(`tr[data-snapshot-id="${snapshotId}"]`).getAttribute('aria-current')).toBe('true');
    expect(await inkedPixels(report.locator('canvas[role="img"]'))).not.toContain(0);
    await shot(page, 'snapshot-de');
    expect(await accessibilityViolations(page)).toEqual([]);

    await pressOn(list.getByRole('button', { name: 'Ticketaufkommen, Februar 2026 löschen' }));
    const confirm = list.getByRole('button', { name: 'Ticketaufkommen, Februar 2026 wirklich löschen' });
    await expect.poll(() => confirm.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await callsOf(page, 'reports.deleteSnapshot')).toEqual([]);
    await page.keyboard.press('Enter');
    await expect.poll(() => callsOf(page, 'reports.deleteSnapshot')).toEqual([{ snapshotId }]);
    // The deleted report leaves the screen.
    await expect.poll(() => shownReport(page).locator('.report-none').count()).toBe(1);

    // A snapshot that no longer matches its hash: listed as damaged, not to be opened, only deleted.
    const damaged = list.locator('tr.report-snapshot-damaged');
    expect((await damaged.innerText()).replace(/\s+/gu, ' ')).toContain('SLA-Erfüllung beschädigt Der Inhalt passt nicht mehr zu seinem Hash');
    expect(await damaged.getByRole('button', { name: /öffnen/u }).count()).toBe(0);
    await pressOn(damaged.getByRole('button', { name: 'SLA-Erfüllung, beschädigt löschen' }));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await callsOf(page, 'reports.deleteSnapshot')).length).toBe(2);
    expect((await callsOf(page, 'reports.deleteSnapshot'))[1]).toEqual({ snapshotId: '0195a000-0000-7000-8000-0000000000dd' });
    await shot(page, 'snapshot-damaged-de');
    expect(consoleProblems(page)).toEqual([]);
  });
});

/** The PDF's text, page by page (pdftotext -layout, pages split at form feeds). */
function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((page) => page.trim() !== '');
}

describe('print page', { timeout: 90_000 }, () => {
  it('sets printReady once both reports are loaded and every chart is drawn, and prints them as A4 pages', async () => {
    const page = await harness.mount('report-print', {
      viewport: { width: 1440, height: 900 },
      beforeLoad: async (fresh) => {
        await fresh.clock.setFixedTime(harnessNow);
        // What the host would find at the moment the page says it is ready: the charts, and how much of each is drawn.
        await fresh.addInitScript(() => {
          new MutationObserver((_, observer) => {
            if (document.documentElement.dataset.printReady !== 'true') return;
            observer.disconnect();
            (window as unknown as { inkAtReady: number[] }).inkAtReady = Array.from(document.querySelectorAll('canvas'), (canvas) => {
              const { data } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? { data: [] };
              let inked = 0;
              for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) inked += 1;
              return inked;
            });
          // On the document, not on <html>: the script runs before <html> exists.
          }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-print-ready'] });
        });
      },
    });
    await page.locator('html[data-print-ready="true"]').waitFor({ state: 'attached' });
    const inkAtReady = await page.evaluate(() => (window as unknown as { inkAtReady?: number[] }).inkAtReady);
    expect(inkAtReady).toHaveLength(5);
    expect(inkAtReady).not.toContain(0);
    expect(await page.locator('html').getAttribute('data-print-error')).toBeNull();
    const reports = page.locator('.print-report');
    expect(await reports.count()).toBe(2);
    const canvases = page.locator('.print-root canvas');
    expect(await canvases.count()).toBe(5);
    // Drawn for paper: three canvas pixels per CSS pixel.
    expect(await canvases.first().evaluate((canvas) => [(canvas as HTMLCanvasElement).width, canvas.clientWidth])).toEqual([1920, 640]);

    // Each report's top says what it is, for when, for whom, how old its data is, who made it.
    const sla = reports.nth(0);
    expect(await sla.getByRole('heading', { level: 1 }).innerText()).toBe('SLA-Erfüllung');
    expect([await fact(sla, 'period'), await fact(sla, 'scope'), await fact(sla, 'data-as-of'), await fact(sla, 'generated')]).toEqual([
      'KW 9/2026 (23.02.2026 – 01.03.2026)',
      'Alle Queues, die Sie lesen dürfen',
      '02.03.2026, 08:45',
      'von Lena Weber am 02.03.2026, 09:00',
    ]);
    const volume = reports.nth(1);
    expect(await volume.getByRole('heading', { level: 1 }).innerText()).toBe('Ticketaufkommen');
    expect(await fact(volume, 'period')).toBe('Februar 2026');
    // The document's title (the host's header can show it) names both reports.
    expect(await page.title()).toBe('SLA-Erfüllung, Ticketaufkommen');
    expect((await recorded(page)).violations).toEqual([]);
    expect(consoleProblems(page)).toEqual([]);

    // The harness's own heading is no part of the printed page.
    await page.locator('.harness-title').evaluate((node) => {
      (node as HTMLElement).style.display = 'none';
    });
    await page.emulateMedia({ media: 'print' });
    expect(await volume.evaluate((node) => getComputedStyle(node).breakBefore)).toBe('page');
    expect(await sla.locator('thead').first().evaluate((node) => getComputedStyle(node).display)).toBe('table-header-group');
    await shot(page, 'print-view-de');

    // As the host prints it: A4 from the page's @page rule, Chromium's header and footer templates in the margins.
    mkdirSync(shotDir, { recursive: true });
    const pdf = path.join(shotDir, 'reports-print.pdf');
    writeFileSync(
      pdf,
      await page.pdf({
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<div style="font-size:8pt;width:100%;padding:0 14mm">Kontor Desk – <span class="title"></span></div>',
        footerTemplate: '<div style="font-size:8pt;width:100%;padding:0 14mm;text-align:right">Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>',
      }),
    );
    // Pages as pictures, to look at (before the checks, so that a failure can be looked at too).
    execFileSync('pdftoppm', ['-png', '-r', '80', pdf, path.join(shotDir, 'reports-print-page')]);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/u);
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((text, index) => expect(text).toContain(`Seite ${String(index + 1)} von ${String(pages.length)}`));
    expect(pages[0]).toContain('SLA-Erfüllung');
    expect(pages[0]).toContain('Daten vom: 02.03.2026, 08:45');
    // The long list of breached clocks runs over pages, its header on each of them.
    const offenderPages = pages.filter((text) => /Depotübertrag \d+ – Rückfrage/u.test(text));
    expect(offenderPages.length).toBeGreaterThanOrEqual(2);
    for (const text of offenderPages) expect(text).toMatch(/Ticketnummer\s+Titel\s+Institut\s+Queue\s+Uhr\s+Überschritten \(Min\.\)/u);
    expect(pages.join('\n')).toContain('12 weitere Zeilen ausgelassen');
    // The snapshot starts on a page of its own: nothing of the SLA report on it.
    // Its title on a line of its own (the page header names both reports on every page).
    const volumeStart = pages.findIndex((text) => /^\s*Ticketaufkommen\s*$/mu.test(text));
    expect(volumeStart).toBeGreaterThan(0);
    expect(pages[volumeStart]).not.toMatch(/Depotübertrag|Verletzte SLAs/u);
    expect(pages[volumeStart]).toContain(`Eingefroren am 01.03.2026, 18:00 · Hash ${volumeSnapshot.hash.slice(0, 12)}`);

  });

  it('says what is wrong instead of waiting forever when a report is no longer held', async () => {
    const page = await mount('report-print-forgotten');
    await page.locator('html[data-print-error="unknown-report"]').waitFor({ state: 'attached' });
    expect(await page.locator('html').getAttribute('data-print-ready')).toBeNull();
    expect(await page.getByRole('alert').innerText()).toContain('Dieser Bericht liegt nicht mehr vor (er wurde vor zu langer Zeit erstellt). Bitte erstellen Sie ihn neu.');
    expect(consoleProblems(page)).toEqual([]);
  });
});

describe('department overview', { timeout: 60_000 }, () => {
  it('shows open tickets per queue and state, clocks about to breach with time left, who holds what, data age and offline state', async () => {
    const page = await mount('reports-overview');
    const tiles = page.locator('.overview-tile');
    await expect.poll(() => tiles.count()).toBe(3);
    expect(await tiles.nth(2).innerText()).toMatch(/^ServiceLine\n1\.254 offen\nneu\n1\.204\noffen\n50$/u);
    expect(await page.locator('.overview-heading').first().innerText()).toBe('Offene Tickets je Queue 1.306 offene Tickets');
    expect(await page.locator('[data-fact="data-as-of"]').innerText()).toBe('Daten vom 02.03.2026, 08:45');
    expect(await page.locator('.overview-data-state').getAttribute('data-sync-state')).toBe('offline');
    expect(await page.locator('.overview-sync').innerText()).toBe('Offline seit 08:30');

    expect(await tableText(page, 'Kurz vor der Verletzung')).toEqual([
      ['Ticket', 'Queue', 'Uhr', 'Fällig', 'Verbleibend'],
      ['2026030200000017 Kupon nicht gutgeschrieben', 'Wertpapiere › Abwicklung', 'Erstreaktion', '09:35', 'noch 35 Min.'],
      ['2026022700000004 Steuerbescheinigung fehlt', 'Wertpapiere › Verwahrung', 'Lösung', '11:15', 'noch 1 Std. 15 Min.'],
    ]);
    expect(await tableText(page, 'Wer hält was')).toEqual([
      ['Besitzer', 'Offen', 'Davon gesperrt'],
      ['Lena Weber', '12', '3'],
      ['Tobias Krause', '7', '0'],
      ['(ohne Besitzer)', '1.287', '0'],
    ]);
    expect(await callsOf(page, 'reports.overview')).toEqual([{ group: null }]);

    // One department: asked for again with its group.
    await page.getByRole('combobox', { name: 'Abteilung' }).click();
    await page.getByRole('option', { name: 'wertpapiere' }).click();
    await expect.poll(() => callsOf(page, 'reports.overview')).toEqual([{ group: null }, { group: 'wertpapiere' }]);
    expect((await recorded(page)).violations).toEqual([]);
    expect(consoleProblems(page)).toEqual([]);
    await shot(page, 'overview-de');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('fixture data', () => {
  it('is what the contract allows, so the screens are tested with answers the main process could give', () => {
    expect(shownReportSchema.safeParse(slaReport).success).toBe(true);
    expect(shownReportSchema.safeParse(volumeSnapshot).success).toBe(true);
    expect(snapshotSummarySchema.safeParse(volumeSummary).success).toBe(true);
    expect(departmentOverviewSchema.safeParse(overview).success).toBe(true);
  });
});
