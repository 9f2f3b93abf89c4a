import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import { languageSchema, type Language } from '../../../src-shared/ipc/app.js';
import type { ReportSource } from '../../../src-shared/ipc/reports.js';
export { printRoute, sourceToken } from '../../../src-shared/reports/print-route.js';
import { routes } from '../workspace/routes.js';

/**
 * The print page's address, `#/print?sources=b.<hash>,s.<snapshot id>&lang=de`: what the host
 * opens off screen to make a PDF or to print (src-main/hosts/platform.ts, `printToPdf`). It names
 * reports, never carries them: the main process holds them by hash or snapshot id.
 */

/** As many reports as one PDF may hold (`reports.pdf`). */
export const printSourcesMax = 8;

const hashPattern = /^[0-9a-f]{64}$/u;
const snapshotIdSchema = z.uuid();

export interface PrintAddress {
  sources: ReportSource[];
  language: Language;
}

export type PrintAddressResult = { ok: true; address: PrintAddress } | { ok: false; problem: string };

function sourceOf(token: string): ReportSource | null {
  if (token.startsWith('b.') && hashPattern.test(token.slice(2))) return { kind: 'built', hash: token.slice(2) };
  if (token.startsWith('s.') && snapshotIdSchema.safeParse(token.slice(2)).success) return { kind: 'snapshot', snapshotId: token.slice(2) };
  return null;
}

/**
 * The fragment without `#`, as a path and query. The browser host's IPC client takes its token
 * out of the fragment and writes the rest back through URLSearchParams, which percent-encodes
 * `/`, `?` and `,` (`%2Fprint%3Fsources=b.…%2Cs.…`); such a fragment is read decoded.
 */
function fragmentOf(hash: string): string {
  const fragment = hash.replace(/^#/u, '');
  if (!/^%2F/iu.test(fragment)) return fragment;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** Whether the fragment names the print page (whatever its query says). */
export function isPrintFragment(hash: string): boolean {
  const fragment = fragmentOf(hash);
  const path = fragment.split('?', 1)[0] ?? '';
  return path === routes.print || path === routes.print.slice(1);
}

/**
 * Reads the print page's query. Unlike the workspace's lists, nothing is silently dropped here:
 * a PDF that quietly leaves out a report would be worse than one that says what was wrong.
 */
export function parsePrintAddress(hash: string): PrintAddressResult {
  const fragment = fragmentOf(hash);
  const query = fragment.indexOf('?') === -1 ? '' : fragment.slice(fragment.indexOf('?') + 1);
  const params = new URLSearchParams(query);
  const language = languageSchema.safeParse(params.get('lang') ?? 'de');
  if (!language.success) return { ok: false, problem: `lang=${params.get('lang') ?? ''}` };
  const tokens = (params.get('sources') ?? '').split(',').filter((token) => token !== '');
  if (tokens.length === 0) return { ok: false, problem: 'sources=' };
  if (tokens.length > printSourcesMax) return { ok: false, problem: `sources: ${String(tokens.length)} > ${String(printSourcesMax)}` };
  const sources: ReportSource[] = [];
  for (const token of tokens) {
    const source = sourceOf(token);
    if (source === null) return { ok: false, problem: token };
    sources.push(source);
  }
  return { ok: true, address: { sources, language: language.data } };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = (): string => window.location.hash;

/** The current fragment when it names the print page, else null: the app shows the print page alone then. */
export function usePrintFragment(): string | null {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return isPrintFragment(hash) ? hash : null;
}
