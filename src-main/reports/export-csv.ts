import { columnLabel, termLabel, type ReportLanguage } from '../../src-shared/reports/labels.js';
import type { ReportCell, ReportColumn, ReportTable } from '../../src-shared/reports/model.js';

/**
 * A report table as a spreadsheet reads it (issue 10). The CSV and the xlsx export both start
 * from `exportedTable`, so that a term, a date or a percentage means the same in both files;
 * this file also writes the CSV: UTF-8 with BOM, `;` and CRLF, as German Excel opens it by a
 * double click without the import wizard.
 */

/** A day of the calendar, as a `date` cell names it. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/**
 * One cell on its way out. `text` is shown as it is; `ticket` is text too, but looks like a
 * number (14 digits), so a spreadsheet must be told to leave it alone; `integer` and
 * `one-decimal` are the formats of counts and minutes and of percentages.
 */
export type ExportedCell =
  | { type: 'empty' }
  | { type: 'text'; text: string }
  | { type: 'ticket'; text: string }
  | { type: 'number'; value: number; format: 'integer' | 'one-decimal' | 'general' }
  | { type: 'date'; day: CalendarDay };

export interface ExportedTable {
  /** The column headers, translated. */
  header: string[];
  rows: ExportedCell[][];
  /** The sum row, its first cell translated (the term `total`). */
  total: ExportedCell[] | null;
}

/** The table with its words translated and every cell read by its column's kind. */
export function exportedTable(table: ReportTable, language: ReportLanguage): ExportedTable {
  const row = (cells: readonly ReportCell[], index: string): ExportedCell[] => {
    // A row that does not match its header would put numbers under the wrong heading: better no file.
    if (cells.length !== table.columns.length) {
      throw new Error(`report table ${table.id}: ${index} has ${String(cells.length)} cells for ${String(table.columns.length)} columns`);
    }
    return table.columns.map((column, at) => exportedCell(column, cells[at] ?? null, language));
  };
  const total = table.total ? row(table.total, 'the total row') : null;
  const totalTerm = table.total?.[0];
  // The model names the sum row by the term `total` in its first cell, whatever that column's kind.
  if (total && typeof totalTerm === 'string') total[0] = { type: 'text', text: termLabel(language, totalTerm) };
  return {
    header: table.columns.map((column) => columnLabel(language, column.key)),
    rows: table.rows.map((cells, index) => row(cells, `row ${String(index + 1)}`)),
    total,
  };
}

/** One cell by its column's kind; a value of an unexpected type is kept as what it is rather than dropped. */
export function exportedCell(column: ReportColumn, cell: ReportCell, language: ReportLanguage): ExportedCell {
  if (cell === null) return { type: 'empty' };
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { type: 'empty' };
    if (column.kind === 'ticket') return { type: 'ticket', text: String(cell) };
    if (column.kind === 'percent') return { type: 'number', value: cell, format: 'one-decimal' };
    const whole = (column.kind === 'count' || column.kind === 'minutes') && Number.isInteger(cell);
    return { type: 'number', value: cell, format: whole ? 'integer' : 'general' };
  }
  switch (column.kind) {
    case 'term':
      return { type: 'text', text: termLabel(language, cell) };
    case 'ticket':
      return { type: 'ticket', text: cell };
    case 'date': {
      const day = calendarDay(cell);
      return day ? { type: 'date', day } : { type: 'text', text: cell };
    }
    default:
      return { type: 'text', text: cell };
  }
}

/** `YYYY-MM-DD` as a day, or null for anything else (also for a 30 February). */
export function calendarDay(text: string): CalendarDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? { year, month, day } : null;
}

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** A day as German Excel reads it as a date (`dd.mm.yyyy`), or as ISO for English. */
export function dayText(language: ReportLanguage, day: CalendarDay): string {
  const year = String(day.year).padStart(4, '0');
  return language === 'de' ? `${twoDigits(day.day)}.${twoDigits(day.month)}.${year}` : `${year}-${twoDigits(day.month)}-${twoDigits(day.day)}`;
}

/** A number without thousands separators, with the decimal mark of the language (what Excel of that locale parses). */
function numberText(language: ReportLanguage, value: number, format: 'integer' | 'one-decimal' | 'general'): string {
  const text = format === 'one-decimal' ? value.toFixed(1) : String(value);
  return language === 'de' ? text.replace('.', ',') : text;
}

/**
 * Ticket titles and names come from customers: a field that starts like a formula would run as
 * one when the file is opened (CSV injection). OWASP's advice: a leading apostrophe makes it text.
 */
const formulaStart = /^[=+\-@\t\r]/u;
const needsQuotes = /[;"\r\n]/u;

function field(text: string): string {
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellText(language: ReportLanguage, cell: ExportedCell): string {
  switch (cell.type) {
    case 'empty':
      return '';
    case 'text':
    case 'ticket':
      return formulaStart.test(cell.text) ? `'${cell.text}` : cell.text;
    case 'number':
      return numberText(language, cell.value, cell.format);
    case 'date':
      return dayText(language, cell.day);
  }
}

/**
 * One table as CSV (RFC 4180 with `;`): the header, the rows, the sum row; nothing else, so that
 * Excel opens a pure table. No `sep=;` line: Excel ignores the BOM when it finds one, and the
 * umlauts break.
 */
export function tableCsv(table: ReportTable, language: ReportLanguage): Buffer {
  const exported = exportedTable(table, language);
  const lines = [
    exported.header.map((label) => field(cellText(language, { type: 'text', text: label }))),
    ...[...exported.rows, ...(exported.total ? [exported.total] : [])].map((row) => row.map((cell) => field(cellText(language, cell)))),
  ].map((fields) => `${fields.join(';')}\r\n`);
  return Buffer.from(`\uFEFF${lines.join('')}`, 'utf8');
}
