import type { ColumnKind, ReportCell, ReportTable } from '../../src-shared/reports/model.js';
import type { ClockName } from '../../src-shared/sla/clocks.js';

/** Small helpers every report section shares: tables from column lists, shares, ranks. */

export function table(id: string, columns: readonly (readonly [key: string, kind: ColumnKind])[], rows: ReportCell[][], total: ReportCell[] | null = null, omitted = 0): ReportTable {
  return { id, columns: columns.map(([key, kind]) => ({ key, kind })), rows, total, omitted };
}

/** `part` of `whole` in percent with one decimal; null when nothing was counted. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

/** The clocks as the tables name them (terms). */
export const clockTerms: Record<ClockName, string> = { firstResponse: 'first-response', update: 'update', solution: 'solution' };

/** Nearest rank: the value at position ⌈q·n⌉ of the sorted values (PostgreSQL's `percentile_disc`). */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return Math.round(sum / values.length);
}

/** Texts sorted as a German reader expects (umlauts with their letter, case ignored). */
export const byName = new Intl.Collator('de', { sensitivity: 'base', numeric: true }).compare;

/** Counts per key in first-seen order, for group tables. */
export class Tally<T> {
  private readonly groups = new Map<string, { label: ReportCell; items: T[] }>();

  add(key: string, label: ReportCell, item: T): void {
    let group = this.groups.get(key);
    if (!group) {
      group = { label, items: [] };
      this.groups.set(key, group);
    }
    group.items.push(item);
  }

  entries(): { key: string; label: ReportCell; items: T[] }[] {
    return [...this.groups.entries()].map(([key, group]) => ({ key, ...group }));
  }
}

/** Sums of the numeric cells of each column from `from` on (text and null add nothing). */
export function columnSums(rows: readonly ReportCell[][], from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, offset) => rows.reduce((sum, row) => sum + (typeof row[from + offset] === 'number' ? (row[from + offset] as number) : 0), 0));
}
