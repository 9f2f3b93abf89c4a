import type { Language } from '../../../src-shared/ipc/app.js';
import { localDateText, termLabel } from '../../../src-shared/reports/labels.js';
import { reportTimeZone, type ColumnKind, type ReportCell } from '../../../src-shared/reports/model.js';
import { formatCount } from '../../i18n/format.js';

// How a report's cells and dates read, the same on screen and on paper. Dates are the report's
// local dates (Europe/Berlin) and are never moved through the machine's time zone.

const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

/** What an empty cell shows: a dash, so that "nothing counted" never reads as 0. */
export const emptyCell = '–';

const percentFormats = new Map<Language, Intl.NumberFormat>();

/** 0–100 with one decimal in the language's way: "92,5 %" in German, "92.5%" in English. */
export function formatPercent(language: Language, value: number): string {
  let format = percentFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(locales[language], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    percentFormats.set(language, format);
  }
  return format.format(value / 100);
}

/** A local date `YYYY-MM-DD` as "02.03.2026" (German) or "02/03/2026" (English). */
export const formatLocalDate: (language: Language, date: string) => string = localDateText;

const instantFormats = new Map<Language, Intl.DateTimeFormat>();

/** An instant as a Berlin date and time, "02.03.2026, 09:15": when the data was synced, built, frozen. */
export function formatInstant(language: Language, instant: string): string {
  let format = instantFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: reportTimeZone,
    });
    instantFormats.set(language, format);
  }
  return format.format(new Date(instant));
}

/** The time of day in Berlin, "14:30". */
export function formatTimeOfDay(language: Language, instant: Date): string {
  return instant.toLocaleTimeString(locales[language], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: reportTimeZone });
}

/** Whether a column holds numbers (right-aligned, tabular figures). */
export function isNumeric(kind: ColumnKind): boolean {
  return kind === 'count' || kind === 'minutes' || kind === 'percent';
}

/** One cell as shown: terms translated, numbers grouped in the language, percents with one decimal. */
export function formatCell(language: Language, kind: ColumnKind, cell: ReportCell): string {
  if (cell === null) return emptyCell;
  switch (kind) {
    case 'term':
      return termLabel(language, String(cell));
    case 'count':
    case 'minutes':
      return typeof cell === 'number' ? formatCount(language, cell) : cell;
    case 'percent':
      return typeof cell === 'number' ? formatPercent(language, cell) : cell;
    case 'date':
      return typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(cell) ? formatLocalDate(language, cell) : String(cell);
    case 'text':
    case 'ticket':
      return String(cell);
  }
}

/** A sum row's cell: its first cell is the term `total`, whatever the column's kind. */
export function formatTotalCell(language: Language, kind: ColumnKind, cell: ReportCell, index: number): string {
  return index === 0 && typeof cell === 'string' ? termLabel(language, cell) : formatCell(language, kind, cell);
}
