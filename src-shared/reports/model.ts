import { z } from 'zod';

/**
 * The team leads' reports (issue 10) as data: a report is built in the Desk's main process from
 * the cache, shown and printed by the renderer, exported as CSV or xlsx, and frozen as a
 * snapshot. Everything a page shows is in here, so that a saved report prints the same pages
 * later. Counting rules: docs/reports.md.
 */

/** Every period is read in this zone: a day is a Frankfurt day, with both daylight-saving changes. */
export const reportTimeZone = 'Europe/Berlin';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'a date as YYYY-MM-DD');

export const periodKinds = ['week', 'month', 'quarter', 'year', 'range'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** Local dates in `reportTimeZone`, both included; `from` ≤ `to`, at most two years and a day. */
export const reportPeriodSchema = z
  .strictObject({ kind: z.enum(periodKinds), from: localDate, to: localDate })
  .refine((period) => period.from <= period.to, { error: 'the period ends before it starts' })
  .refine((period) => Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`) <= 731 * 86_400_000, {
    error: 'a report covers at most two years',
  });
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

const stableId = z.string().min(1).max(128);

/** Whose tickets: always only what the lead's rights let the cache hold. */
export const reportScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  /** One department: the queues of one permission group. */
  z.strictObject({ kind: z.literal('department'), group: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('queue'), queueId: z.uuid() }),
  z.strictObject({ kind: z.literal('institution'), institutionId: stableId }),
]);
export type ReportScope = z.infer<typeof reportScopeSchema>;

export const reportKinds = ['sla', 'volume', 'times', 'time-accounting', 'complaints', 'institution-service'] as const;
export type ReportKind = (typeof reportKinds)[number];
/** The weekly pack: the standard set, in this order. */
export const weeklyPackKinds: readonly ReportKind[] = ['sla', 'volume', 'times', 'time-accounting', 'complaints'];

export const reportRequestSchema = z.strictObject({ kind: z.enum(reportKinds), period: reportPeriodSchema, scope: reportScopeSchema });
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/**
 * How a column's cells read. `text`: shown as it is (names, titles). `term`: a word from
 * `reportTerms` (a channel, type, state, clock, "none"), translated when shown. `count`,
 * `minutes` (working minutes unless the column says otherwise): whole numbers. A null in a `text`
 * column reads as the term `none` (a ticket without an institution); `percent`: 0–100
 * with one decimal, null where nothing was counted. `date`: a local date; `ticket`: a ticket number.
 */
export const columnKinds = ['text', 'term', 'count', 'minutes', 'percent', 'date', 'ticket'] as const;
export type ColumnKind = (typeof columnKinds)[number];

export const reportColumnSchema = z.strictObject({ key: z.string().min(1).max(60), kind: z.enum(columnKinds) });
export type ReportColumn = z.infer<typeof reportColumnSchema>;

export const reportCellSchema = z.union([z.string().max(1000), z.number(), z.null()]);
export type ReportCell = z.infer<typeof reportCellSchema>;

export const reportTableSchema = z.strictObject({
  /** Names the table's title and explanation in the labels, and its sheet in a workbook. */
  id: z.string().min(1).max(60),
  columns: z.array(reportColumnSchema).min(1).max(20),
  rows: z.array(z.array(reportCellSchema)),
  /** The sum row, where sums mean something (the first cell is the term `total`). */
  total: z.array(reportCellSchema).nullable(),
  /** Rows left out of a long list (the worst first are kept); 0 for a whole table. */
  omitted: z.number().int().nonnegative(),
});
export type ReportTable = z.infer<typeof reportTableSchema>;

export const chartKinds = ['bar', 'stacked-bar', 'line', 'bar-line'] as const;
export const reportChartSchema = z.strictObject({
  id: z.string().min(1).max(60),
  kind: z.enum(chartKinds),
  /** The table whose rows it draws: labels from `label`, one data set per column in `series`. */
  table: z.string().min(1).max(60),
  label: z.string().min(1).max(60),
  series: z.array(z.string().min(1).max(60)).min(1).max(8),
  /** `bar-line`: these of the series are drawn as lines over the bars. */
  lines: z.array(z.string().min(1).max(60)).default([]),
});
export type ReportChart = z.infer<typeof reportChartSchema>;

export const reportSectionSchema = z.strictObject({
  /** Names the section's heading and its "how it is counted" text in the labels. */
  id: z.string().min(1).max(60),
  charts: z.array(reportChartSchema),
  tables: z.array(reportTableSchema),
});
export type ReportSection = z.infer<typeof reportSectionSchema>;

const instant = z.iso.datetime({ offset: true });

export const reportSchema = z.strictObject({
  kind: z.enum(reportKinds),
  period: reportPeriodSchema,
  scope: reportScopeSchema,
  /** The scope by name ("Wertpapiere::Abwicklung", "Volksbank Musterstadt eG"); null for `all`. */
  scopeName: z.string().max(300).nullable(),
  /** The queues whose tickets the lead's rights let the cache hold, by name: what "all" meant. Empty in the service report (it names no queue). */
  queues: z.array(z.string().max(300)),
  /** The server time of the last sync: the data is as of then. Null if the cache never synced. */
  dataAsOf: instant.nullable(),
  generatedAt: instant,
  /** The agent who built it; empty in the service report for an institution, which names no agent. */
  generatedBy: z.string().max(300),
  /** The first day closed tickets are complete in the cache (retention); periods before it count fewer. */
  completeFrom: localDate.nullable(),
  sections: z.array(reportSectionSchema),
  /** Every ticket a number of the report counts, by number, sorted: what a snapshot keeps behind the numbers. */
  tickets: z.array(z.string().max(40)),
});
export type Report = z.infer<typeof reportSchema>;

/** A built report with the hash of its content: printed in the footer, the same for the same data. */
export const hashedReportSchema = z.strictObject({
  report: reportSchema,
  /** sha256 (hex) of the report's canonical JSON without `generatedAt` and `generatedBy`: two prints from the same data agree. */
  hash: z.string().regex(/^[0-9a-f]{64}$/u),
  /** Set when the report is a saved snapshot. */
  snapshotId: z.uuid().nullable(),
  savedAt: instant.nullable(),
});
export type HashedReport = z.infer<typeof hashedReportSchema>;

/**
 * A report as the renderer gets it (`reports.build`, `reports.get`): the list of tickets behind
 * the numbers stays in the main process (snapshots, workbooks) and only its length travels — a
 * year's report names 100,000 tickets the screen never shows.
 */
export const shownReportSchema = z.strictObject({
  report: reportSchema.omit({ tickets: true }).extend({ ticketCount: z.number().int().nonnegative() }),
  hash: hashedReportSchema.shape.hash,
  snapshotId: hashedReportSchema.shape.snapshotId,
  savedAt: hashedReportSchema.shape.savedAt,
});
export type ShownReport = z.infer<typeof shownReportSchema>;

export function shownReport(hashed: HashedReport): ShownReport {
  const { tickets, ...report } = hashed.report;
  return { ...hashed, report: { ...report, ticketCount: tickets.length } };
}

/** The hash as the page, the footer and the list of saved reports show it: its first 12 hex digits. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
