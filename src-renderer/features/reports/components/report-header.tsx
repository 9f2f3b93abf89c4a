import type { Language } from '../../../../src-shared/ipc/app.js';
import { reportWords, scopeWords } from '../../../../src-shared/reports/labels.js';
import { shortHash, type ShownReport } from '../../../../src-shared/reports/model.js';
import { WarningIcon } from '../../../components/status-icons.js';
import type { Translate } from '../../../i18n/use-t.js';
import { periodLabel } from '../period.js';
import { formatInstant, formatLocalDate } from '../report-format.js';
import { Heading, type HeadingLevel } from './heading.js';

/** The scope in words: "Alle Queues, die Sie lesen dürfen", "Abteilung: wertpapiere", "Institut: Volksbank Musterstadt eG". */
interface ReportHeaderProps {
  report: ShownReport;
  language: Language;
  t: Translate;
  headingLevel: HeadingLevel;
}

/**
 * What a report is before its numbers: which report, which period and scope, how old its data
 * is, who made it when, and its hash (the same for the same data). On paper this is the top of
 * the report's first page.
 */
export function ReportHeader({ report: hashed, language, t, headingLevel }: ReportHeaderProps) {
  const { report } = hashed;
  const title = reportWords[language].kinds[report.kind];
  return (
    <header className="report-header">
      <Heading level={headingLevel} className="report-title">
        {title}
      </Heading>
      <dl className="report-facts">
        <div>
          <dt>{t('reports.header.period')}</dt>
          <dd data-fact="period">{periodLabel(t, language, report.period)}</dd>
        </div>
        <div>
          <dt>{t('reports.header.scope')}</dt>
          <dd data-fact="scope">{scopeWords(language, report.scope, report.scopeName)}</dd>
        </div>
        <div>
          <dt>{t('reports.header.data-as-of')}</dt>
          <dd data-fact="data-as-of">{report.dataAsOf === null ? t('reports.header.never-synced') : formatInstant(language, report.dataAsOf)}</dd>
        </div>
        <div>
          <dt>{t('reports.header.generated')}</dt>
          <dd data-fact="generated">{report.generatedBy === '' ? t('reports.header.generated-on', formatInstant(language, report.generatedAt)) : t('reports.header.generated-by', report.generatedBy, formatInstant(language, report.generatedAt))}</dd>
        </div>
        <div>
          <dt>{t('reports.header.hash')}</dt>
          <dd data-fact="hash" className="report-hash" title={hashed.hash}>
            {shortHash(hashed.hash)}
          </dd>
        </div>
      </dl>
      {hashed.savedAt !== null && (
        <p className="report-frozen" data-fact="frozen">
          {t('reports.header.frozen', formatInstant(language, hashed.savedAt), shortHash(hashed.hash))}
        </p>
      )}
      {report.queues.length > 0 && (
        <p className="report-queues">
          <span className="report-queues-label">{t('reports.header.queues', report.queues.length)}:</span> {report.queues.join(', ')}
        </p>
      )}
      {report.completeFrom !== null && (
        <p className="report-warning" data-fact="complete-from">
          <WarningIcon />
          <span>{t('reports.complete-from', formatLocalDate(language, report.completeFrom))}</span>
        </p>
      )}
    </header>
  );
}
