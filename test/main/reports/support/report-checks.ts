import type { Database, Queryable } from '../../../../src-server/db/database.js';
import type { Report, ReportRequest } from '../../../../src-shared/reports/model.js';
import type { Calendar } from '../../../../src-shared/sla/calendar.js';
import { tableProblems } from './compare-tables.js';
import { expectedReport } from './expected-report.js';

/** Whom a report is built for and what the server says they may read. */
export interface Reader {
  username: string;
  /** Permission groups they may read (ro or rw), from the permissions the server stored at their sign-in. */
  groups: string[];
  /** The queues of those groups, by name. */
  queues: string[];
}

export async function readerOf(db: Queryable, username: string): Promise<Reader> {
  const groups = await db.query<{ group: string }>(
    `SELECT p.key AS group FROM agents a, jsonb_each(a.permissions) AS p (key, rights)
     WHERE a.username = $1 AND (p.rights ? 'ro' OR p.rights ? 'rw') ORDER BY 1`,
    [username],
  );
  const names = groups.rows.map((row) => row.group);
  if (names.length === 0) throw new Error(`${username} may read no group: did they sign in?`);
  const queues = await db.query<{ name: string }>('SELECT name FROM queues WHERE group_name = ANY ($1::text[]) AND valid ORDER BY name', [names]);
  return { username, groups: names, queues: queues.rows.map((row) => row.name) };
}

export interface CheckContext {
  db: Database;
  calendars: ReadonlyMap<string, Calendar>;
  /** The server time of the last sync: the frozen clock of the seeded server. */
  dataAsOf: Date;
}

/** A request as the test names it in messages, with the scope's name the report must show (undefined: not checked). */
export interface CheckedRequest {
  request: ReportRequest;
  /** The scope in words: `all`, `queue ServiceLine`. */
  label: string;
  scopeName?: string | null;
}

/** A short name of a request for messages: `[mmueller] sla week 2026-10-19..2026-10-25 queue ServiceLine`. */
export function describeRequest({ request, label }: CheckedRequest, reader: Reader): string {
  return `[${reader.username}] ${request.kind} ${request.period.kind} ${request.period.from}..${request.period.to} ${label}`;
}

/**
 * Every difference between a built report and what docs/reports.md makes of the server's data:
 * the header (period, scope, queues, data as of), each table cell by cell, and the tickets
 * behind the numbers.
 */
export async function reportProblems(context: CheckContext, checked: CheckedRequest, reader: Reader, report: Report): Promise<string[]> {
  const { request } = checked;
  const label = describeRequest(checked, reader);
  const expected = await expectedReport(context.db, request, reader.groups, context);
  const problems: string[] = [];
  if (checked.scopeName !== undefined && report.scopeName !== checked.scopeName) problems.push(`${label}: scope name ${String(report.scopeName)}, expected ${String(checked.scopeName)}`);
  if (JSON.stringify(report.period) !== JSON.stringify(request.period)) problems.push(`${label}: period ${JSON.stringify(report.period)}`);
  if (JSON.stringify(report.scope) !== JSON.stringify(request.scope)) problems.push(`${label}: scope ${JSON.stringify(report.scope)}`);
  if (report.kind !== request.kind) problems.push(`${label}: kind ${report.kind}`);
  if (report.dataAsOf === null || Date.parse(report.dataAsOf) !== context.dataAsOf.getTime()) {
    problems.push(`${label}: data as of ${String(report.dataAsOf)}, expected the server time of the last sync ${context.dataAsOf.toISOString()}`);
  }
  if (report.completeFrom !== null) problems.push(`${label}: complete from ${report.completeFrom}, but the cache holds every ticket`);
  // The service report goes to the client: it names no queue (docs/reports.md).
  const queues = request.kind === 'institution-service' ? [] : reader.queues;
  if ([...report.queues].sort().join('|') !== [...queues].sort().join('|')) {
    problems.push(`${label}: queues ${report.queues.join(', ')}, expected ${queues.join(', ')}`);
  }
  const tables = report.sections.flatMap((section) => section.tables);
  const expectedIds = expected.tables.map((table) => table.id);
  const extra = tables.map((table) => table.id).filter((id) => !expectedIds.includes(id));
  if (extra.length > 0) problems.push(`${label}: tables the document does not name: ${extra.join(', ')}`);
  for (const table of expected.tables) problems.push(...tableProblems(label, table, tables.find((candidate) => candidate.id === table.id)));
  problems.push(...ticketProblems(label, report.tickets, expected.tickets));
  return problems;
}

function ticketProblems(label: string, tickets: readonly string[], expected: { counted: string[]; within: string[] }): string[] {
  const problems: string[] = [];
  if ([...tickets].sort().join() !== tickets.join()) problems.push(`${label} tickets: not sorted by number`);
  const held = new Set(tickets);
  const [within, counted] = [new Set(expected.within), new Set(expected.counted)];
  const outside = tickets.filter((number) => !within.has(number));
  if (outside.length > 0) problems.push(`${label} tickets: ${String(outside.length)} outside the scope, e.g. ${outside.slice(0, 5).join(', ')}`);
  const missing = expected.counted.filter((number) => !held.has(number));
  if (missing.length > 0) problems.push(`${label} tickets: ${String(missing.length)} of the ${String(counted.size)} tickets the numbers count are not listed, e.g. ${missing.slice(0, 5).join(', ')}`);
  const extra = tickets.filter((number) => within.has(number) && !counted.has(number));
  if (extra.length > 0) problems.push(`${label} tickets: ${String(extra.length)} listed that no number counts, e.g. ${extra.slice(0, 5).join(', ')}`);
  return problems;
}
