import type { ReactNode } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import { reportWords } from '../../../../src-shared/reports/labels.js';
import type { ShownReport, ReportSection, ReportTable } from '../../../../src-shared/reports/model.js';
import type { Translate } from '../../../i18n/use-t.js';
import { ReportHeader } from './report-header.js';
import { ReportChartView } from './report-chart.js';
import { ReportTableView } from './report-table.js';
import { below, Heading, type HeadingLevel } from './heading.js';

export interface ReportViewProps {
  report: ShownReport;
  language: Language;
  t: Translate;
  /** The report's title level: 1 on paper, below the screen's headings on screen. */
  headingLevel: HeadingLevel;
  /** Canvas pixels per CSS pixel for the charts (paper wants more than the screen). */
  pixelRatio?: number;
  onChartDrawn?: (chartId: string) => void;
  onChartFailed?: (chartId: string, error: unknown) => void;
  /** What sits beside a table's title (the CSV button on screen). */
  tableAction?: (table: ReportTable) => ReactNode;
}

/**
 * A report as data made readable: its header (what, when, for whom, as of when) and each
 * section with its "how it is counted", charts and tables. The same component on screen and on
 * paper, in the report's language, so that a printed page says what the screen said.
 */
export function ReportView({ report, language, t, headingLevel, pixelRatio, onChartDrawn, onChartFailed, tableAction }: ReportViewProps) {
  return (
    <article className="report" data-report-kind={report.report.kind} data-report-hash={report.hash} lang={language}>
      <ReportHeader report={report} language={language} t={t} headingLevel={headingLevel} />
      {report.report.sections.map((section) => (
        <ReportSectionView
          key={section.id}
          section={section}
          language={language}
          t={t}
          headingLevel={below(headingLevel)}
          pixelRatio={pixelRatio}
          onChartDrawn={onChartDrawn}
          onChartFailed={onChartFailed}
          tableAction={tableAction}
        />
      ))}
    </article>
  );
}

function ReportSectionView({
  section,
  language,
  t,
  headingLevel,
  pixelRatio,
  onChartDrawn,
  onChartFailed,
  tableAction,
}: Omit<ReportViewProps, 'report' | 'headingLevel'> & { section: ReportSection; headingLevel: HeadingLevel }) {
  const words = reportWords[language].sections[section.id];
  const tables = new Map(section.tables.map((table) => [table.id, table]));
  return (
    <section className="report-section" data-report-section={section.id}>
      {/* Kept with what follows on paper: a heading never ends a page. */}
      <div className="report-section-head">
        <Heading level={headingLevel} className="report-section-title">
          {words?.title ?? section.id}
        </Heading>
        {words !== undefined && (
          <p className="report-explanation">
            <strong>{t('reports.how-counted')}</strong> {words.explanation}
          </p>
        )}
      </div>
      {section.charts.map((chart) => {
        const table = tables.get(chart.table);
        return table === undefined ? null : (
          <ReportChartView key={chart.id} chart={chart} table={table} language={language} t={t} pixelRatio={pixelRatio} onDrawn={onChartDrawn} onFailed={onChartFailed} />
        );
      })}
      {section.tables.map((table) => (
        <ReportTableView key={table.id} table={table} language={language} t={t} headingLevel={below(headingLevel)} action={tableAction?.(table)} />
      ))}
    </section>
  );
}

/** How many charts a report draws: what the print page waits for. */
export function chartCount(report: ShownReport): number {
  let count = 0;
  for (const section of report.report.sections) {
    const tables = new Set(section.tables.map((table) => table.id));
    count += section.charts.filter((chart) => tables.has(chart.table)).length;
  }
  return count;
}
