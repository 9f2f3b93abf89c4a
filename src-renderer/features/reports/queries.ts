import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReportProgress, ReportSource } from '../../../src-shared/ipc/reports.js';
import { kontor, request } from '../../ipc/client.js';

export const reportKeys = {
  all: ['reports'] as const,
  /** A report by the name the main process keeps it under: its hash, or its snapshot id. */
  report: (source: ReportSource) => [...reportKeys.all, 'report', source.kind, source.kind === 'built' ? source.hash : source.snapshotId] as const,
  snapshots: () => [...reportKeys.all, 'snapshots'] as const,
  overview: (group: string | null) => [...reportKeys.all, 'overview', group] as const,
  overviewAll: () => [...reportKeys.all, 'overview'] as const,
};

/**
 * One report, built lately or saved. A report never changes under its name (a hash names its
 * content, a snapshot is frozen), so it is read once and kept.
 */
export function useReport(source: ReportSource | null) {
  return useQuery({
    queryKey: source === null ? [...reportKeys.all, 'report', 'none'] : reportKeys.report(source),
    queryFn: () => request('reports.get', { source: source ?? { kind: 'built', hash: '0'.repeat(64) } }),
    enabled: source !== null,
    staleTime: Infinity,
  });
}

/** The saved (frozen) reports, newest first as the main process lists them, and the damaged ones apart. */
export function useSnapshots() {
  return useQuery({
    queryKey: reportKeys.snapshots(),
    queryFn: () => request('reports.snapshots'),
    staleTime: Infinity,
  });
}

/** The live department overview (one permission group, or all the lead reads). */
export function useDepartmentOverview(group: string | null) {
  return useQuery({
    queryKey: reportKeys.overview(group),
    queryFn: () => request('reports.overview', { group }),
    // Kept current by `cache.changed` (useOverviewEvents), not by polling.
    staleTime: Infinity,
  });
}

/**
 * Follows `cache.changed` while the overview is shown: what the sync brought is read again. The
 * numbers stay on screen while they are read, so a wall screen does not flicker.
 */
export function useOverviewEvents(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      kontor.on('cache.changed', () => {
        void queryClient.invalidateQueries({ queryKey: reportKeys.overviewAll() });
      }),
    [queryClient],
  );
}

/** The last `reports.progress` of `task` while `active`; null before the first and once inactive. */
export function useReportProgress(task: ReportProgress['task'], active: boolean): ReportProgress | null {
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  useEffect(() => {
    if (!active) return undefined;
    const unsubscribe = kontor.on('reports.progress', (next) => {
      if (next.task === task) setProgress(next);
    });
    return () => {
      unsubscribe();
      setProgress(null);
    };
  }, [task, active]);
  return active ? progress : null;
}
