import { Loader, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import type { ReportSource } from '../../../../src-shared/ipc/reports.js';
import type { Report } from '../../../../src-shared/reports/model.js';
import { reportWords, tableLabel } from '../../../../src-shared/reports/labels.js';
import { request } from '../../../ipc/client.js';
import { asIpcError } from '../../../ipc/ipc-error.js';
import { reasonMessage, translator, type Translate } from '../../../i18n/use-t.js';
import { WarningIcon } from '../../../components/status-icons.js';
import { periodLabel } from '../period.js';
import { parsePrintAddress } from '../print-address.js';
import { reportKeys } from '../queries.js';
import { chartCount, ReportView } from './report-view.js';
import '../reports.css';

/** Canvas pixels per CSS pixel on paper: sharp at print resolution, still small in the PDF. */
const paperPixelRatio = 3;

/** What the host waits for (`printToPdf`): set on `<html>` once every report is loaded and every chart drawn. */
function markReady(): void {
  delete document.documentElement.dataset.printError;
  document.documentElement.dataset.printReady = 'true';
}

/** What went wrong, for the host to report instead of waiting. */
function markFailed(reason: string): void {
  delete document.documentElement.dataset.printReady;
  document.documentElement.dataset.printError = reason;
}

/**
 * The print page (`#/print?sources=…&lang=…`): the named reports alone, one after another, each
 * from a new A4 page, in the language the address names (not the Desk's own setting, which this
 * page never changes). The host adds page header and footer (Chromium's templates).
 */
export function PrintScreen({ fragment }: { fragment: string }) {
  const parsed = useMemo(() => parsePrintAddress(fragment), [fragment]);
  const language: Language = parsed.ok ? parsed.address.language : 'de';
  const t = useMemo(() => translator(language), [language]);
  useEffect(() => {
    const root = document.documentElement;
    root.lang = language;
    root.classList.add('print-document');
    return () => {
      root.classList.remove('print-document');
      delete root.dataset.printReady;
      delete root.dataset.printError;
    };
  }, [language]);
  useEffect(() => {
    if (!parsed.ok) markFailed('invalid-address');
  }, [parsed]);
  if (!parsed.ok) return <PrintProblem text={t('print.bad-address', parsed.problem)} title={t('print.failed')} />;
  return <PrintReports sources={parsed.address.sources} language={language} t={t} />;
}

function PrintReports({ sources, language, t }: { sources: ReportSource[]; language: Language; t: Translate }) {
  const reports = useQueries({
    queries: sources.map((source) => ({
      queryKey: reportKeys.report(source),
      queryFn: () => request('reports.get', { source }),
      staleTime: Infinity,
    })),
  });
  const [drawn, setDrawn] = useState<ReadonlySet<string>>(new Set());
  const [chartFailed, setChartFailed] = useState<string | null>(null);
  const failure = reports.find((report) => report.isError)?.error ?? null;
  const loaded = reports.every((report) => report.data !== undefined);
  const expected = reports.reduce((sum, report) => sum + (report.data === undefined ? 0 : chartCount(report.data)), 0);
  const allDrawn = loaded && drawn.size >= expected;

  const onDrawn = useCallback((key: string) => {
    setDrawn((before) => (before.has(key) ? before : new Set(before).add(key)));
  }, []);

  useEffect(() => {
    if (failure !== null || chartFailed !== null) {
      markFailed(failure === null ? 'chart-failed' : asIpcError(failure).reason);
      return undefined;
    }
    if (!allDrawn) return undefined;
    // Fonts decide where lines and pages break: the page is ready once they are in. A timer, not
    // an animation frame: a hidden window (Electron's off-screen print) may never paint a frame.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    void document.fonts.ready.then(() => {
      if (!cancelled) timer = setTimeout(markReady, 0);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [failure, chartFailed, allDrawn]);

  const loadedReports = reports.flatMap((report) => (report.data === undefined ? [] : [report.data.report]));
  const title = loaded ? documentTitle(t, language, loadedReports) : null;
  useEffect(() => {
    // What the host's header template can show (`<span class="title">`): the reports of this document.
    if (title !== null) document.title = title;
  }, [title]);

  if (failure !== null) return <PrintProblem title={t('print.failed')} text={reasonMessage(t, asIpcError(failure))} />;
  if (chartFailed !== null) return <PrintProblem title={t('print.failed')} text={t('print.chart-failed', chartFailed)} />;
  return (
    <main className="print-root" aria-busy={!allDrawn}>
      {!loaded && (
        <Text size="sm" role="status" className="print-loading">
          <Loader size="xs" aria-hidden="true" /> {t('print.loading')}
        </Text>
      )}
      {/* `loaded` narrows every result to one with data. Sources may name a report twice: each copy is printed. */}
      {loaded &&
        reports.map((report, index) => (
          <div key={index} className="print-report">
            <ReportView
              report={report.data}
              language={language}
              t={t}
              headingLevel={1}
              pixelRatio={paperPixelRatio}
              onChartDrawn={(chartId) => onDrawn(`${String(index)}:${chartId}`)}
              onChartFailed={(chartId) => setChartFailed((before) => before ?? tableLabel(language, chartId))}
            />
          </div>
        ))}
    </main>
  );
}

/** "SLA-Erfüllung · KW 9/2026 (…)", or the reports' names and their common period for a pack. */
function documentTitle(t: Translate, language: Language, reports: readonly Pick<Report, 'kind' | 'period'>[]): string {
  const names = [...new Set(reports.map((report) => reportWords[language].kinds[report.kind]))].join(', ');
  const periods = [...new Set(reports.map((report) => periodLabel(t, language, report.period)))];
  return periods.length === 1 ? `${names} · ${periods[0] ?? ''}` : names;
}

function PrintProblem({ title, text }: { title: string; text: string }) {
  return (
    <main className="print-root">
      <div role="alert" className="print-problem">
        <WarningIcon />
        <div>
          <p className="print-problem-title">{title}</p>
          <p>{text}</p>
        </div>
      </div>
    </main>
  );
}
