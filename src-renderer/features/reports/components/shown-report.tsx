import { Loader, Text } from '@mantine/core';
import { forwardRef } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import type { ReportSource } from '../../../../src-shared/ipc/reports.js';
import type { ShownReport as ShownReportData } from '../../../../src-shared/reports/model.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import type { Translate } from '../../../i18n/use-t.js';
import { useReport } from '../queries.js';
import { CsvButton, ReportActionBar, useReportActions } from './report-actions.js';
import { ReportView } from './report-view.js';

interface ShownReportProps {
  t: Translate;
  language: Language;
  source: ReportSource | null;
}

/**
 * The report on the screen: the last one built or an opened snapshot, with its actions above it.
 * It takes the focus when it arrives (the ref), so that a keyboard user lands on its title.
 */
export const ShownReport = forwardRef<HTMLElement, ShownReportProps>(function ShownReport({ t, language, source }, ref) {
  const report = useReport(source);
  return (
    <section ref={ref} className="report-shown" aria-label={t('reports.shown')} tabIndex={-1} data-shown-source={source === null ? undefined : source.kind}>
      {source === null && <p className="report-none">{t('reports.none-shown')}</p>}
      {source !== null && report.isPending && (
        <Text size="sm" role="status" className="report-loading">
          <Loader size="xs" aria-hidden="true" /> {t('reports.loading')}
        </Text>
      )}
      {source !== null && report.isError && <ReasonAlert title={t('reports.load-failed')} error={report.error} />}
      {source !== null && report.data !== undefined && <ReportWithActions key={report.data.hash + String(report.data.snapshotId)} t={t} language={language} source={source} report={report.data} />}
    </section>
  );
});

function ReportWithActions({ t, language, source, report }: { t: Translate; language: Language; source: ReportSource; report: ShownReportData }) {
  const actions = useReportActions(source, language);
  return (
    <>
      <ReportActionBar t={t} language={language} source={source} actions={actions} />
      <ReportView
        report={report}
        language={language}
        t={t}
        headingLevel={3}
        tableAction={(table) => <CsvButton t={t} language={language} table={table} actions={actions} />}
      />
    </>
  );
}
