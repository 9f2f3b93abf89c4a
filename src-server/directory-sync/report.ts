/** What one sync did to the rows of one kind. */
export interface KindCounts {
  /** New: stored with version 1. */
  created: number;
  /** Stored again with what the directory says now (a changed field every Desk sees moves the version). */
  updated: number;
  /** No longer listed by the directory: valid false, version moved; never deleted. */
  invalidated: number;
  /** Listed and stored as the directory has them. */
  unchanged: number;
}

export type SyncedKind = 'institution' | 'customer' | 'agent';

/** An entry the sync left as it was, and why (an operator fixes it in the directory). */
export interface SkippedDirectoryEntry {
  kind: SyncedKind;
  /** The entry's DN, or its id where the listing gives no DN. */
  entry: string;
  problem: string;
}

export interface DirectorySyncReport {
  institutions: KindCounts;
  customers: KindCounts;
  agents: KindCounts;
  skipped: SkippedDirectoryEntry[];
  /** Wall time of the whole run, directory reads included. */
  durationMs: number;
}

/**
 * A sync that did not write: the directory could not be read (nothing was marked invalid), or
 * another instance was writing its own sync at that moment.
 */
export type DirectorySyncFailure = { reason: 'directory-unavailable'; message: string } | { reason: 'sync-in-progress'; message: string };

export type DirectorySyncResult = ({ ok: true } & DirectorySyncReport) | ({ ok: false } & DirectorySyncFailure);

export const noCounts = (): KindCounts => ({ created: 0, updated: 0, invalidated: 0, unchanged: 0 });

function describeCounts(name: string, counts: KindCounts): string {
  return `${name} ${counts.created} created, ${counts.updated} updated, ${counts.invalidated} invalidated, ${counts.unchanged} unchanged`;
}

/** One line for the log: `directory synced in 42 ms: institutions 1 created, …; 2 entries skipped`. */
export function summariseSync(report: DirectorySyncReport): string {
  const kinds = [describeCounts('institutions', report.institutions), describeCounts('customers', report.customers), describeCounts('agents', report.agents)];
  const skipped = report.skipped.length === 0 ? '' : `; ${report.skipped.length} ${report.skipped.length === 1 ? 'entry' : 'entries'} skipped`;
  return `directory synced in ${Math.round(report.durationMs)} ms: ${kinds.join('; ')}${skipped}`;
}

/** The report for the command line: the summary, then every skipped entry on a line of its own. */
export function describeSync(report: DirectorySyncReport): string[] {
  return [summariseSync(report), ...report.skipped.map((skipped) => `skipped ${skipped.kind}: ${skipped.entry}: ${skipped.problem}`)];
}
