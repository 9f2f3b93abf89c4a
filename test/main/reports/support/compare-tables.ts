import type { ReportCell, ReportTable } from '../../../../src-shared/reports/model.js';
import type { ExpectedTable } from './report-sql.js';

/**
 * Compares a built table with the test's expectation cell by cell and says every difference in
 * words a reader can follow: which report, table, row and column, what SQL counted, what the
 * builder shows.
 */

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));
const keyOf = (row: readonly ReportCell[], columns: number): string => row.slice(0, columns).map((cell) => String(cell)).join(' / ');
/** A row with nothing counted: every number 0 (a share: 0 or null). */
const isEmptyRow = (row: readonly ReportCell[], keyColumns: number): boolean => row.slice(keyColumns).every((cell) => cell === 0 || cell === null);

function compareRow(where: string, columns: readonly string[], expected: readonly ReportCell[], got: readonly ReportCell[]): string[] {
  const problems: string[] = [];
  if (got.length !== columns.length) problems.push(`${where}: ${String(got.length)} cells for ${String(columns.length)} columns`);
  columns.forEach((column, index) => {
    if (!Object.is(expected[index], got[index]) && expected[index] !== got[index]) {
      problems.push(`${where} column ${column}: expected ${show(expected[index])}, got ${show(got[index])}`);
    }
  });
  return problems;
}

const clockOrder = ['first-response', 'update', 'solution'];

/** The offenders in the document's order, the clocks of one ticket late by the same minutes by clock. */
function ranked(rows: readonly ReportCell[][]): ReportCell[][] {
  return [...rows].sort((a, b) => Number(b[5]) - Number(a[5]) || String(a[0]).localeCompare(String(b[0])) || clockOrder.indexOf(String(a[4])) - clockOrder.indexOf(String(b[4])));
}

function rankingProblems(where: string, rows: readonly ReportCell[][]): string[] {
  const problems: string[] = [];
  rows.forEach((row, index) => {
    const before = rows[index - 1];
    if (!before) return;
    const [over, previousOver] = [Number(row[5]), Number(before[5])];
    if (over > previousOver || (over === previousOver && String(row[0]) < String(before[0]))) {
      problems.push(`${where} row ${String(index + 1)} (${String(row[0])} ${String(row[4])}, ${String(over)}) comes after ${String(before[0])} ${String(before[4])}, ${String(previousOver)}: not by lateness, then number`);
    }
  });
  return problems;
}

function keyedProblems(where: string, expected: ExpectedTable, got: ReportTable): string[] {
  const problems: string[] = [];
  const gotByKey = new Map<string, ReportCell[]>();
  for (const row of got.rows) {
    const key = keyOf(row, expected.keyColumns);
    if (gotByKey.has(key)) problems.push(`${where} row "${key}" is listed twice`);
    gotByKey.set(key, row);
  }
  const expectedKeys = new Set<string>();
  for (const row of expected.rows) {
    const key = keyOf(row, expected.keyColumns);
    expectedKeys.add(key);
    const found = gotByKey.get(key);
    if (found) problems.push(...compareRow(`${where} row "${key}"`, expected.columns, row, found));
    else if (!(expected.zeroRowsAllowed && isEmptyRow(row, expected.keyColumns))) problems.push(`${where} row "${key}" is missing (expected ${show(row)})`);
  }
  for (const [key, row] of gotByKey) {
    if (expectedKeys.has(key)) continue;
    if (!(expected.zeroRowsAllowed && isEmptyRow(row, expected.keyColumns))) problems.push(`${where} row "${key}" should not be there (got ${show(row)})`);
  }
  return problems;
}

function orderedProblems(where: string, expected: ExpectedTable, expectedRows: readonly ReportCell[][], gotRows: readonly ReportCell[][]): string[] {
  const problems: string[] = [];
  if (gotRows.length !== expectedRows.length) {
    problems.push(`${where}: expected ${String(expectedRows.length)} rows (${expectedRows.map((row) => keyOf(row, expected.keyColumns)).join(', ')}), got ${String(gotRows.length)} (${gotRows.map((row) => keyOf(row, expected.keyColumns)).join(', ')})`);
  }
  expectedRows.forEach((row, index) => {
    const found = gotRows[index];
    if (found) problems.push(...compareRow(`${where} row ${String(index + 1)} "${keyOf(row, expected.keyColumns)}"`, expected.columns, row, found));
  });
  return problems;
}

/** Every difference between the builder's table and the expectation; none when they agree. */
export function tableProblems(report: string, expected: ExpectedTable, got: ReportTable | undefined): string[] {
  const where = `${report} ${expected.id}`;
  if (!got) return [`${where}: the table is missing`];
  const columns = got.columns.map((column) => column.key);
  if (columns.join() !== expected.columns.join()) return [`${where}: expected columns ${expected.columns.join(', ')}, got ${columns.join(', ')}`];
  const problems: string[] = [];
  if (got.omitted !== expected.omitted) problems.push(`${where} omitted: expected ${String(expected.omitted)}, got ${String(got.omitted)}`);
  if (expected.totalRequired && got.total === null) problems.push(`${where}: the total row is missing (expected ${show(expected.total)})`);
  else if (got.total !== null) {
    if (expected.total === null) problems.push(`${where}: a total row where none adds up (got ${show(got.total)})`);
    else problems.push(...compareRow(`${where} total`, expected.columns, expected.total, got.total));
  }
  if (expected.order === 'keyed') problems.push(...keyedProblems(where, expected, got));
  else if (expected.order === 'ranked') problems.push(...rankingProblems(where, got.rows), ...orderedProblems(where, expected, ranked(expected.rows), ranked(got.rows)));
  else problems.push(...orderedProblems(where, expected, expected.rows, got.rows));
  return problems;
}
