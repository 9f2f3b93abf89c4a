import type { ReportSource } from '../ipc/reports.js';
import type { ReportLanguage } from './labels.js';

/**
 * The renderer's print page, `#/print?sources=b.<hash>,s.<snapshot id>&lang=de`: what the host
 * opens off screen to print reports (src-main/hosts/platform.ts, `printToPdf`), built by the main
 * process and read by the renderer (features/reports/print-address.ts). It names reports, never
 * carries them: the main process holds them by hash or snapshot id.
 */
export const printPath = '/print';

/** One source as the address writes it: `b.<hash>` or `s.<snapshot id>`. */
export function sourceToken(source: ReportSource): string {
  return source.kind === 'built' ? `b.${source.hash}` : `s.${source.snapshotId}`;
}

/** The route (with `#`) that prints these reports in `language`. */
export function printRoute(sources: readonly ReportSource[], language: ReportLanguage): string {
  return `#${printPath}?sources=${sources.map(sourceToken).join(',')}&lang=${language}`;
}
