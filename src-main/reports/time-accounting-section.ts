import type { ReportCell, ReportSection, ReportTable } from '../../src-shared/reports/model.js';
import type { CacheReader, ResolvedScope } from './report-source.js';
import { byName, percentOf, table } from './report-tables.js';

/** Time accounting (docs/reports.md): entries made in the period on the scope's tickets, four ways, one total. */

interface EntryRow {
  minutes: number;
  agentId: string;
  queueId: string;
  institutionId: string | null;
  number: string;
}

function grouped(id: string, labelKey: string, entries: readonly EntryRow[], keyOf: (entry: EntryRow) => string, labelOf: (key: string) => string | null): ReportTable {
  const sums = new Map<string, { entries: number; minutes: number }>();
  let total = 0;
  for (const entry of entries) {
    const key = keyOf(entry);
    const sum = sums.get(key) ?? { entries: 0, minutes: 0 };
    sum.entries += 1;
    sum.minutes += entry.minutes;
    sums.set(key, sum);
    total += entry.minutes;
  }
  const rows = [...sums.entries()]
    .map(([key, sum]) => ({ label: labelOf(key), ...sum }))
    .sort((a, b) => b.minutes - a.minutes || byName(a.label ?? '', b.label ?? ''))
    .map((row): ReportCell[] => [row.label, row.entries, row.minutes, percentOf(row.minutes, total)]);
  return table(id, [[labelKey, 'text'], ['entries', 'count'], ['minutes', 'count'], ['percent', 'percent']], rows, ['total', entries.length, total, entries.length === 0 ? null : 100]);
}

export function timeAccounting(source: CacheReader, scope: ResolvedScope, start: Date, end: Date): { sections: ReportSection[]; tickets: string[] } {
  const entries = source.db
    .prepare(
      `SELECT e."minutes" AS minutes, e."agent_id" AS agentId, t."queue_id" AS queueId, t."institution_id" AS institutionId, t."number" AS number
       FROM time_entries e JOIN tickets t ON t."id" = e."ticket_id"
       WHERE ${scope.where} AND e."created_at" >= ? AND e."created_at" < ?`,
    )
    .all(...scope.params, start.toISOString(), end.toISOString()) as EntryRow[];
  const agents = new Map((source.db.prepare('SELECT "id", "display_name" AS name FROM agents').all() as { id: string; name: string }[]).map((row) => [row.id, row.name]));
  return {
    sections: [
      {
        id: 'time-accounting',
        charts: [{ id: 'time-by-department', kind: 'bar', table: 'time-by-department', label: 'department', series: ['minutes'], lines: [] }],
        tables: [
          grouped('time-by-department', 'department', entries, (entry) => source.queueGroup(entry.queueId), (key) => key),
          grouped('time-by-queue', 'queue', entries, (entry) => entry.queueId, (key) => source.queueName(key)),
          grouped('time-by-institution', 'institution', entries, (entry) => entry.institutionId ?? '', (key) => (key === '' ? null : source.institutionName(key) ?? key)),
          grouped('time-by-agent', 'agent', entries, (entry) => entry.agentId, (key) => agents.get(key) ?? key),
        ],
      },
    ],
    tickets: entries.map((entry) => entry.number),
  };
}
