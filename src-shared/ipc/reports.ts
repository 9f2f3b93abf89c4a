import { z } from 'zod';
import { reportKinds, shownReportSchema, reportPeriodSchema, reportRequestSchema, reportScopeSchema } from '../reports/model.js';
import { calendarEntitySchema } from '../sync/entities.js';
import { attachmentSaveResultSchema } from './cache.js';
import { channel } from './contract-types.js';

/**
 * Reports for team leads (issue 10): built in the main process from the cache, kept there by
 * hash (the last few built) or as saved snapshots, so that printing and export never send a
 * report back from the renderer: the renderer names a report, the main process holds it.
 */

/** Which report: one built lately (by its hash) or a saved snapshot. */
export const reportSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('built'), hash: z.string().regex(/^[0-9a-f]{64}$/u) }),
  z.strictObject({ kind: z.literal('snapshot'), snapshotId: z.uuid() }),
]);
export type ReportSource = z.infer<typeof reportSourceSchema>;

export const reportLanguageSchema = z.enum(['de', 'en']);

export const snapshotSummarySchema = z.object({
  snapshotId: z.uuid(),
  kind: z.enum(reportKinds),
  period: reportPeriodSchema,
  scope: reportScopeSchema,
  scopeName: z.string().nullable(),
  hash: z.string(),
  savedAt: z.iso.datetime({ offset: true }),
  dataAsOf: z.iso.datetime({ offset: true }).nullable(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>;

/** A saved report that no longer matches its hash (or cannot be read): it cannot be opened, only deleted. */
export const damagedSnapshotSchema = z.object({
  snapshotId: z.string().min(1).max(100),
  /** The kind it was saved as, if that is still one. */
  kind: z.enum(reportKinds).nullable(),
  savedAt: z.string().max(40),
  hash: z.string().max(64),
  problem: z.string(),
});
export type DamagedSnapshot = z.infer<typeof damagedSnapshotSchema>;

export const reportProgressSchema = z.object({
  /** What is being made: the weekly pack, one PDF, a workbook. */
  task: z.enum(['weekly-pack', 'pdf', 'export']),
  done: z.number().int().nonnegative(),
  total: z.number().int().positive(),
});
export type ReportProgress = z.infer<typeof reportProgressSchema>;

/** The live department overview (not printed): open tickets now, as the cache has them. */
export const departmentOverviewSchema = z.object({
  dataAsOf: z.iso.datetime({ offset: true }).nullable(),
  queues: z.array(z.object({ queueId: z.uuid(), name: z.string(), states: z.record(z.string(), z.number().int().nonnegative()), open: z.number().int().nonnegative() })),
  /** Running clocks past their warning, not yet breached, the nearest due first; `calendarId` is what their time left counts on. */
  nearBreach: z.array(
    z.object({ ticketId: z.uuid(), number: z.string(), title: z.string(), queue: z.string(), clock: z.enum(['firstResponse', 'update', 'solution']), due: z.iso.datetime({ offset: true }), calendarId: z.string().nullable() }),
  ),
  /** The calendars those clocks name, by id: time left is told in working time with the shared calendar math. */
  calendars: z.record(z.string(), calendarEntitySchema),
  /** Open tickets per owner (null: nobody), and how many of them are locked. */
  holders: z.array(z.object({ agentId: z.string().nullable(), name: z.string().nullable(), open: z.number().int().nonnegative(), locked: z.number().int().nonnegative() })),
});
export type DepartmentOverview = z.infer<typeof departmentOverviewSchema>;

/** One report per PDF or print job, so that the header the host prints is that report's (the weekly pack makes its own). */
const oneReport = z.array(reportSourceSchema).length(1);

export const reportsChannels = {
  /** Builds one report from the cache. `invalid-scope`: the service report needs an institution. */
  'reports.build': channel({ input: reportRequestSchema, output: shownReportSchema, reasons: ['not-signed-in', 'invalid-scope', 'unknown-scope'] }),
  /** A report built lately or saved. `unknown-report`: built too long ago (rebuild it); `damaged`: a snapshot whose content no longer matches its hash. */
  'reports.get': channel({ input: z.strictObject({ source: reportSourceSchema }), output: shownReportSchema, reasons: ['not-signed-in', 'unknown-report', 'damaged'] }),
  /** Freezes a built report: the numbers and the tickets behind them, with its hash. */
  'reports.save': channel({ input: z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/u) }), output: snapshotSummarySchema, reasons: ['not-signed-in', 'unknown-report'] }),
  /** The saved reports, and apart from them those that no longer match their hash (to delete them). */
  'reports.snapshots': channel({ input: z.undefined(), output: z.object({ snapshots: z.array(snapshotSummarySchema), damaged: z.array(damagedSnapshotSchema) }), reasons: ['not-signed-in'] }),
  'reports.deleteSnapshot': channel({ input: z.strictObject({ snapshotId: z.string().min(1).max(100) }), output: z.object({ deleted: z.boolean() }), reasons: ['not-signed-in'] }),
  /** One table as CSV (UTF-8 with BOM, `;`), or every table as an xlsx workbook (`table` null). */
  'reports.export': channel({
    input: z.strictObject({ source: reportSourceSchema, format: z.enum(['csv', 'xlsx']), table: z.string().min(1).max(60).nullable(), language: reportLanguageSchema }),
    output: attachmentSaveResultSchema,
    reasons: ['not-signed-in', 'unknown-report', 'damaged', 'unknown-table', 'save-failed'],
  }),
  /** The reports as one A4 PDF, saved where the lead chooses. */
  'reports.pdf': channel({
    input: z.strictObject({ sources: oneReport, language: reportLanguageSchema }),
    output: attachmentSaveResultSchema,
    reasons: ['not-signed-in', 'unknown-report', 'damaged', 'print-failed', 'save-failed'],
  }),
  /** The standard set for last week (Europe/Berlin) as one PDF; progress as `reports.progress`. */
  'reports.weeklyPack': channel({
    input: z.strictObject({ scope: reportScopeSchema, language: reportLanguageSchema }),
    output: attachmentSaveResultSchema,
    reasons: ['not-signed-in', 'unknown-scope', 'print-failed', 'save-failed'],
  }),
  /** The reports on paper: Electron's print dialog. A host without one (the browser host) answers `print-unavailable`; save a PDF instead. */
  'reports.print': channel({
    input: z.strictObject({ sources: oneReport, language: reportLanguageSchema }),
    output: z.object({ outcome: z.enum(['printed', 'cancelled']) }),
    reasons: ['not-signed-in', 'unknown-report', 'damaged', 'print-failed', 'print-unavailable'],
  }),
  'reports.overview': channel({ input: z.strictObject({ group: z.string().min(1).max(100).nullable() }), output: departmentOverviewSchema, reasons: ['not-signed-in'] }),
};

export const reportsEvents = {
  'reports.progress': reportProgressSchema,
};
