/** The value below which `p` percent of the samples lie (nearest rank); NaN without samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** `p50 1.2 ms  p95 …` for a list of milliseconds. */
export function latencySummary(samplesMs: readonly number[], points: readonly number[] = [50, 95, 99]): string {
  return points.map((p) => `p${p} ${formatMs(percentile(samplesMs, p))}`).join('  ');
}

export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '–';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatRate(count: number, seconds: number, unit: string): string {
  return `${Math.round(count / seconds).toLocaleString('en-US')} ${unit}/s`;
}

/** Counts of labels, e.g. result statuses, as `applied 9,981, rejected/invalid-args 2`. */
export class Tally {
  private readonly counts = new Map<string, number>();
  add(label: string, count = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + count);
  }
  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }
  toString(): string {
    return [...this.counts].map(([label, count]) => `${label} ${count.toLocaleString('en-US')}`).join(', ') || 'none';
  }
}
