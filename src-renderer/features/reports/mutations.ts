import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Language } from '../../../src-shared/ipc/app.js';
import type { ReportSource } from '../../../src-shared/ipc/reports.js';
import type { ReportRequest, ReportScope } from '../../../src-shared/reports/model.js';
import { request } from '../../ipc/client.js';
import { followDownload } from '../attachments/follow-download.js';
import { reportKeys } from './queries.js';

/** Builds a report from the cache; the result is kept under its hash, as `reports.get` would answer it. */
export function useBuildReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReportRequest) => request('reports.build', input),
    onSuccess: (built) => queryClient.setQueryData(reportKeys.report({ kind: 'built', hash: built.hash }), built),
  });
}

/** Freezes a built report; the list of saved reports is read again. */
export function useSaveSnapshot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (hash: string) => request('reports.save', { hash }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reportKeys.snapshots() }),
  });
}

/** Deletes a saved report; it is forgotten here too, so that it cannot be shown or printed from memory. */
export function useDeleteSnapshot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (snapshotId: string) => request('reports.deleteSnapshot', { snapshotId }),
    onSuccess: (_deleted, snapshotId) => queryClient.removeQueries({ queryKey: reportKeys.report({ kind: 'snapshot', snapshotId }) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reportKeys.snapshots() }),
  });
}

export interface ExportInput {
  source: ReportSource;
  format: 'csv' | 'xlsx';
  /** One table's id for CSV; null for the workbook of every table. */
  table: string | null;
  language: Language;
}

/** A table as CSV or the report as a workbook, saved where the lead chooses (or handed to the browser). */
export function useExportReport() {
  return useMutation({ mutationFn: async (input: ExportInput) => followDownload(await request('reports.export', input)) });
}

/** The reports as one A4 PDF, saved where the lead chooses (or handed to the browser). */
export function useReportPdf() {
  return useMutation({
    mutationFn: async (input: { sources: ReportSource[]; language: Language }) => followDownload(await request('reports.pdf', input)),
  });
}

/** The reports through the system's print dialog; a host without one answers `print-unavailable`. */
export function usePrintReport() {
  return useMutation({ mutationFn: (input: { sources: ReportSource[]; language: Language }) => request('reports.print', input) });
}

/** Last week's standard set as one PDF; its progress arrives as `reports.progress` (task `weekly-pack`). */
export function useWeeklyPack() {
  return useMutation({
    mutationFn: async (input: { scope: ReportScope; language: Language }) => followDownload(await request('reports.weeklyPack', input)),
  });
}
