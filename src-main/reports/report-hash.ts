import { createHash } from 'node:crypto';
import type { Report } from '../../src-shared/reports/model.js';

/** JSON with the keys of every object sorted: the same data always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The content hash of a report: sha256 of its canonical JSON without who made it and when, so
 * that two copies printed from the same data carry the same hash, and any changed number another.
 */
export function reportHash(report: Report): string {
  const { generatedAt: _at, generatedBy: _by, ...content } = report;
  return createHash('sha256').update(canonical(content)).digest('hex');
}
