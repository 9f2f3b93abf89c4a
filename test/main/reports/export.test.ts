import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tableCsv } from '../../../src-main/reports/export-csv.js';
import { reportWorkbook } from '../../../src-main/reports/export-xlsx.js';
import { hashedReportSchema, type HashedReport, type ReportTable } from '../../../src-shared/reports/model.js';

/** A customer's title that is a formula, with the separator, quotes and a line break in it. */
const hostileTitle = '=HYPERLINK("https://evil.example/?a=1;b=2";"Übersicht ""öffnen""")\nzweite Zeile';

const byWeek: ReportTable = {
  id: 'sla-by-week',
  columns: [
    { key: 'bucket', kind: 'date' },
    { key: 'tickets', kind: 'count' },
    { key: 'compliant', kind: 'count' },
    { key: 'breached-tickets', kind: 'count' },
    { key: 'running', kind: 'count' },
    { key: 'compliance-percent', kind: 'percent' },
  ],
  rows: [
    ['2025-03-01', 8, 7, 1, 0, 87.5],
    ['2025-03-03', 412, 412, 0, 0, 100],
    ['2025-03-10', 814, 681, 120, 13, 83.7],
  ],
  total: ['total', 1234, 1100, 121, 13, 89.1],
  omitted: 0,
};

const byQueue: ReportTable = {
  id: 'sla-by-queue',
  columns: [
    { key: 'queue', kind: 'text' },
    { key: 'tickets', kind: 'count' },
    { key: 'compliant', kind: 'count' },
    { key: 'breached-tickets', kind: 'count' },
    { key: 'compliance-percent', kind: 'percent' },
  ],
  rows: [
    ['Wertpapiere::Depotüberträge', 734, 660, 74, 89.9],
    ['Wertpapiere::Abwicklung', 500, 440, 47, 88],
    ['(Queue gelöscht)', 0, 0, 0, null],
  ],
  total: ['total', 1234, 1100, 121, 89.1],
  omitted: 0,
};

const offenders: ReportTable = {
  id: 'sla-offenders',
  columns: [
    { key: 'number', kind: 'ticket' },
    { key: 'title', kind: 'text' },
    { key: 'institution', kind: 'text' },
    { key: 'queue', kind: 'text' },
    { key: 'clock', kind: 'term' },
    { key: 'over-minutes', kind: 'minutes' },
  ],
  rows: [
    ['20250303000017', hostileTitle, 'Volksbank Musterstadt eG', 'Wertpapiere::Abwicklung', 'solution', 1450],
    ['20250304000142', '+49 30 1234 ruft zurück', null, 'Wertpapiere::Depotüberträge', 'first-response', 95],
    ['20250311000009', '-1 Stück bei Übertrag', 'Sparkasse Übungshausen', 'Wertpapiere::Depotüberträge', 'update', 0],
    ['20250312000250', '@SUM(1+1)', 'Raiffeisenbank Süd', 'Wertpapiere::Abwicklung', 'solution', 30],
    ['20250313000001', '\tTabulator vorne', 'Raiffeisenbank Süd', 'Wertpapiere::Abwicklung', 'solution', 12],
  ],
  total: null,
  omitted: 1229,
};

const report: HashedReport = hashedReportSchema.parse({
  report: {
    kind: 'sla',
    period: { kind: 'month', from: '2025-03-01', to: '2025-03-31' },
    scope: { kind: 'department', group: 'wertpapiere' },
    scopeName: 'Wertpapiere (Abteilung)',
    queues: ['Wertpapiere::Abwicklung', 'Wertpapiere::Depotüberträge'],
    // 06:15 UTC is 08:15 in Berlin: summer time began on 30 March.
    dataAsOf: '2025-04-01T06:15:00Z',
    generatedAt: '2025-04-01T07:00:00.000Z',
    generatedBy: 'Jürgen Müller',
    completeFrom: '2025-03-10',
    sections: [
      { id: 'sla-groups', charts: [], tables: [byWeek, byQueue] },
      { id: 'sla-offenders', charts: [], tables: [offenders] },
    ],
    tickets: ['20250303000017', '20250304000142', '20250311000009', '20250312000250', '20250313000001'],
  },
  hash: createHash('sha256').update('the fixture of export.test.ts').digest('hex'),
  snapshotId: '3f0b7c1e-2d4a-4c59-9a8e-5b6d7e8f9a0b',
  savedAt: '2025-04-01T07:05:00Z',
});

/** RFC 4180 read back with `;`: the fields of every record, as a spreadsheet would see them. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let at = 0;
  while (at < text.length) {
    let value = '';
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('a quoted field does not end');
        value += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        value += '"';
        at += 1;
      }
    } else {
      const end = text.slice(at).search(/[;\r]/u);
      value = end < 0 ? text.slice(at) : text.slice(at, at + end);
      at = end < 0 ? text.length : at + end;
    }
    fields.push(value);
    if (text[at] === ';') at += 1;
    else if (text.startsWith('\r\n', at)) {
      records.push(fields);
      fields = [];
      at += 2;
    } else if (at < text.length) throw new Error(`unexpected ${JSON.stringify(text[at])} at ${String(at)}`);
  }
  if (fields.length > 0) throw new Error('the last line does not end with CRLF');
  return records;
}

const csvText = (buffer: Buffer): string => buffer.subarray(3).toString('utf8');

describe('a report table as CSV', () => {
  it('is UTF-8 with a BOM, `;`-separated with CRLF, with German headers, decimal commas and dates German Excel reads', () => {
    const bytes = tableCsv(byWeek, 'de');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvText(bytes)).toBe(
      'Ab;Tickets;Erfüllt;Verletzt;Läuft;Erfüllungsquote %\r\n' +
        '01.03.2025;8;7;1;0;87,5\r\n' +
        '03.03.2025;412;412;0;0;100,0\r\n' +
        '10.03.2025;814;681;120;13;83,7\r\n' +
        // No thousands separator: "1.234" would be read as a date or as 1.234 by German Excel.
        'Summe;1234;1100;121;13;89,1\r\n',
    );
  });

  it('uses points and ISO dates in English', () => {
    expect(csvText(tableCsv(byWeek, 'en'))).toBe(
      'From;Tickets;Compliant;Breached;Running;Compliance %\r\n' +
        '2025-03-01;8;7;1;0;87.5\r\n' +
        '2025-03-03;412;412;0;0;100.0\r\n' +
        '2025-03-10;814;681;120;13;83.7\r\n' +
        'Total;1234;1100;121;13;89.1\r\n',
    );
  });

  it('quotes what needs quoting, defuses formulas from customers and leaves null cells empty', () => {
    const text = csvText(tableCsv(offenders, 'de'));
    const records = parseCsv(text);
    expect(records).toEqual([
      ['Ticketnummer', 'Titel', 'Institut', 'Queue', 'Uhr', 'Überschritten (Min.)'],
      ['20250303000017', `'${hostileTitle}`, 'Volksbank Musterstadt eG', 'Wertpapiere::Abwicklung', 'Lösung', '1450'],
      ['20250304000142', "'+49 30 1234 ruft zurück", '', 'Wertpapiere::Depotüberträge', 'Erstreaktion', '95'],
      ['20250311000009', "'-1 Stück bei Übertrag", 'Sparkasse Übungshausen', 'Wertpapiere::Depotüberträge', 'Aktualisierung', '0'],
      ['20250312000250', "'@SUM(1+1)", 'Raiffeisenbank Süd', 'Wertpapiere::Abwicklung', 'Lösung', '30'],
      ['20250313000001', "'\tTabulator vorne", 'Raiffeisenbank Süd', 'Wertpapiere::Abwicklung', 'Lösung', '12'],
    ]);
    // The hostile title, byte for byte: quoted, its quotes doubled, the apostrophe inside the quotes.
    expect(text).toContain('20250303000017;"\'=HYPERLINK(""https://evil.example/?a=1;b=2"";""Übersicht """"öffnen"""""")\nzweite Zeile";Volksbank');
    // A pure table: no note of the omitted rows, nothing after the last row.
    expect(text.endsWith('Raiffeisenbank Süd;Wertpapiere::Abwicklung;Lösung;12\r\n')).toBe(true);
  });

  it('guards text only: a negative number stays a number, a term or a ticket that starts like a formula does not', () => {
    const table: ReportTable = {
      id: 'edge',
      columns: [{ key: 'minutes', kind: 'minutes' }, { key: 'clock', kind: 'term' }, { key: 'number', kind: 'ticket' }, { key: 'created-date', kind: 'date' }],
      rows: [[-5, '=unknown-term', '-1', '2025-02-30']],
      total: null,
      omitted: 0,
    };
    expect(parseCsv(csvText(tableCsv(table, 'de')))[1]).toEqual(['-5', "'=unknown-term", "'-1", '2025-02-30']);
  });

  it('refuses a row that does not match its header, naming the table and the row', () => {
    const broken: ReportTable = { ...byWeek, rows: [['2025-03-01', 8]] };
    expect(() => tableCsv(broken, 'de')).toThrow('report table sla-by-week: row 1 has 2 cells for 6 columns');
  });
});

async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS's types call its input an ArrayBuffer; it takes Node's Buffer as well.
  await workbook.xlsx.load(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name} in ${workbook.worksheets.map((each) => each.name).join(', ')}`);
  return found;
}

/** The cover sheet's entries: label → value cell. */
function coverEntries(cover: ExcelJS.Worksheet): Map<string, ExcelJS.Cell> {
  const entries = new Map<string, ExcelJS.Cell>();
  cover.eachRow((row) => entries.set(row.getCell(1).text, row.getCell(2)));
  return entries;
}

function entry(entries: Map<string, ExcelJS.Cell>, label: string): ExcelJS.Cell {
  const cell = entries.get(label);
  if (!cell) throw new Error(`no cover entry ${label} in ${[...entries.keys()].join(', ')}`);
  return cell;
}

describe('a report as an xlsx workbook', () => {
  it('has a cover sheet saying what the report is, then one sheet per table', async () => {
    const workbook = await loadWorkbook(await reportWorkbook(report, 'de'));
    expect(workbook.worksheets.map((each) => each.name)).toEqual(['Bericht', 'SLA nach Woche', 'SLA nach Queue', 'Verletzte SLAs', 'Tickets dahinter']);
    // The tickets behind the numbers, as text (14 digits would lose their last ones as numbers).
    const behind = sheet(workbook, 'Tickets dahinter');
    expect(behind.getColumn(1).values.slice(1)).toEqual(['Ticketnummer', ...report.report.tickets]);
    expect(behind.getCell('A2').numFmt).toBe('@');
    const cover = sheet(workbook, 'Bericht');
    expect(cover.getCell('A1').value).toBe('SLA-Erfüllung');
    expect(cover.getCell('A1').font.bold).toBe(true);
    const entries = coverEntries(cover);
    expect(entry(entries, 'Zeitraum').value).toBe('01.03.2025 – 31.03.2025');
    expect(entry(entries, 'Bereich').value).toBe('Wertpapiere (Abteilung)');
    expect(entry(entries, 'Queues').value).toBe('Wertpapiere::Abwicklung, Wertpapiere::Depotüberträge');
    // A date and time as Excel holds it, in Berlin's wall-clock time (summer time: UTC+2).
    expect(entry(entries, 'Datenstand').value).toEqual(new Date(Date.UTC(2025, 3, 1, 8, 15)));
    expect(entry(entries, 'Datenstand').numFmt).toBe('dd.mm.yyyy hh:mm');
    expect(entry(entries, 'Erstellt von').value).toBe('Jürgen Müller');
    expect(entry(entries, 'Erstellt am').value).toEqual(new Date(Date.UTC(2025, 3, 1, 9, 0)));
    expect(entry(entries, 'Vollständig ab').value).toEqual(new Date(Date.UTC(2025, 2, 10)));
    expect(entry(entries, 'Zeitzone').value).toBe('Europe/Berlin');
    expect(entry(entries, 'Prüfsumme (SHA-256)').value).toBe(report.hash);
    expect(entry(entries, 'Gespeicherter Bericht').value).toBe(report.snapshotId);
    expect(entry(entries, 'Gespeichert am').value).toEqual(new Date(Date.UTC(2025, 3, 1, 9, 5)));
  });

  it('writes numbers as numbers, dates as dates, with formats, a bold frozen header, a filter and a bold total', async () => {
    const workbook = await loadWorkbook(await reportWorkbook(report, 'de'));
    const weeks = sheet(workbook, 'SLA nach Woche');
    expect(weeks.getRow(1).values).toEqual([undefined, 'Ab', 'Tickets', 'Erfüllt', 'Verletzt', 'Läuft', 'Erfüllungsquote %']);
    expect(weeks.getCell('A1').font.bold).toBe(true);
    expect(weeks.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(weeks.autoFilter).toBe('A1:F4');

    const bucket = weeks.getCell('A2');
    expect(bucket.type).toBe(ExcelJS.ValueType.Date);
    expect(bucket.value).toEqual(new Date(Date.UTC(2025, 2, 1)));
    expect(bucket.numFmt).toBe('dd.mm.yyyy');
    const tickets = weeks.getCell('B2');
    expect(tickets.type).toBe(ExcelJS.ValueType.Number);
    expect(tickets.value).toBe(8);
    expect(tickets.numFmt).toBe('0');
    const rate = weeks.getCell('F2');
    expect(rate.type).toBe(ExcelJS.ValueType.Number);
    expect(rate.value).toBe(87.5);
    expect(rate.numFmt).toBe('0.0');

    const total = weeks.getRow(5);
    expect(total.values).toEqual([undefined, 'Summe', 1234, 1100, 121, 13, 89.1]);
    expect(total.getCell(1).font.bold).toBe(true);
    expect(total.getCell(2).font.bold).toBe(true);
    expect(weeks.getCell('A3').font.bold).toBeFalsy();
    expect(weeks.rowCount).toBe(5);

    const queues = sheet(workbook, 'SLA nach Queue');
    // Null where nothing was counted: an empty cell, not 0.
    expect(queues.getCell('E4').type).toBe(ExcelJS.ValueType.Null);
    expect(queues.getCell('A2').value).toBe('Wertpapiere::Depotüberträge');
    expect(queues.getColumn(1).width).toBe('Wertpapiere::Depotüberträge'.length + 2);
  });

  it('keeps ticket numbers and customers’ titles as text, and notes the omitted rows', async () => {
    const workbook = await loadWorkbook(await reportWorkbook(report, 'de'));
    const offendersSheet = sheet(workbook, 'Verletzte SLAs');
    const number = offendersSheet.getCell('A2');
    expect(number.type).toBe(ExcelJS.ValueType.String);
    expect(number.value).toBe('20250303000017');
    expect(number.numFmt).toBe('@');
    // A string cell, not a formula, and without the CSV's apostrophe.
    const title = offendersSheet.getCell('B2');
    expect(title.type).toBe(ExcelJS.ValueType.String);
    expect(title.value).toBe(hostileTitle);
    expect(offendersSheet.getCell('C3').type).toBe(ExcelJS.ValueType.Null);
    expect(offendersSheet.getCell('E2').value).toBe('Lösung');
    expect(offendersSheet.getCell('F2').value).toBe(1450);
    expect(offendersSheet.autoFilter).toBe('A1:F6');
    expect(offendersSheet.getCell('A7').value).toBeNull();
    expect(offendersSheet.getCell('A8').value).toBe('5 von 1.234 Zeilen; der Rest ist ausgelassen.');
    // A long title widens its column up to a limit, not across the screen.
    expect(offendersSheet.getColumn(2).width).toBe(60);
  });

  it('speaks English with ISO date formats when asked', async () => {
    const workbook = await loadWorkbook(await reportWorkbook(report, 'en'));
    expect(workbook.worksheets.map((each) => each.name)).toEqual(['Report', 'SLA by week', 'SLA by queue', 'Breached SLAs', 'Tickets behind it']);
    const entries = coverEntries(sheet(workbook, 'Report'));
    expect(sheet(workbook, 'Report').getCell('A1').value).toBe('SLA compliance');
    expect(entry(entries, 'Period').value).toBe('2025-03-01 – 2025-03-31');
    expect(entry(entries, 'Hash (SHA-256)').value).toBe(report.hash);
    expect(entry(entries, 'Data as of').numFmt).toBe('yyyy-mm-dd hh:mm');
    const weeks = sheet(workbook, 'SLA by week');
    expect(weeks.getCell('A2').numFmt).toBe('yyyy-mm-dd');
    expect(weeks.getCell('A5').value).toBe('Total');
    expect(weeks.getCell('C1').value).toBe('Compliant');
    expect(sheet(workbook, 'Breached SLAs').getCell('E3').value).toBe('First response');
    expect(sheet(workbook, 'Breached SLAs').getCell('A8').value).toBe('5 of 1,234 rows; the rest omitted.');
  });

  it('makes every sheet name one Excel accepts, and unique', async () => {
    const table = (id: string): ReportTable => ({ id, columns: [{ key: 'tickets', kind: 'count' }], rows: [[1]], total: null, omitted: 0 });
    const odd: HashedReport = {
      ...report,
      report: {
        ...report.report,
        scopeName: null,
        dataAsOf: null,
        completeFrom: null,
        sections: [{ id: 'odd', charts: [], tables: ['sla-by-week', 'sla-by-week', 'Bericht', 'SLA: [alt]/neu*?\\', 'x'.repeat(40), "'zitiert'", 'History'].map(table) }],
      },
      snapshotId: null,
      savedAt: null,
    };
    const workbook = await loadWorkbook(await reportWorkbook(odd, 'de'));
    expect(workbook.worksheets.map((each) => each.name)).toEqual([
      'Bericht',
      'SLA nach Woche',
      'SLA nach Woche (2)',
      'Bericht (2)',
      'SLA- -alt--neu---',
      'x'.repeat(31),
      'zitiert',
      'History (2)',
      'Tickets dahinter',
    ]);
    const entries = coverEntries(sheet(workbook, 'Bericht'));
    expect(entry(entries, 'Bereich').value).toBe('Alle Queues');
    expect(entry(entries, 'Datenstand').value).toBe('nie synchronisiert');
    expect([...entries.keys()]).not.toContain('Vollständig ab');
    expect([...entries.keys()]).not.toContain('Gespeicherter Bericht');
  });
});
