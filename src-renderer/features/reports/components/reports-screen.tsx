import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { useMinute } from '../../ticket/use-minute.js';
import { useReportForm } from '../report-form-store.js';
import { ReportForm } from './report-form.js';
import { ShownReport } from './shown-report.js';
import { SnapshotList } from './snapshot-list.js';
import '../reports.css';

/**
 * The team lead's reports (`#/reports`): build one for a period and scope, look at it, print it,
 * save it as PDF or frozen, export its tables; open and delete saved ones.
 */
export function ReportsScreen() {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  // "Last week" and "no next period" move on at midnight without a reload.
  const now = useMinute();
  const shown = useReportForm((state) => state.shown);
  const setForm = useReportForm((state) => state.set);
  const shownRegion = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${t('reports.title')} – ${t('app.name')}`;
  }, [t]);
  const focusReport = (): void => {
    // After the render that shows it.
    requestAnimationFrame(() => shownRegion.current?.focus());
  };
  return (
    <div className="reports-screen" data-reports-screen="">
      <Title order={2} className="list-title">
        {t('reports.title')}
      </Title>
      <div className="reports-top">
        <ReportForm t={t} language={language} now={now} onBuilt={focusReport} />
        <SnapshotList
          t={t}
          language={language}
          shown={shown}
          onOpen={(snapshotId) => {
            setForm({ shown: { kind: 'snapshot', snapshotId } });
            focusReport();
          }}
          onDeleted={(snapshotId) => {
            const current = useReportForm.getState().shown;
            if (current?.kind === 'snapshot' && current.snapshotId === snapshotId) setForm({ shown: null });
          }}
        />
      </div>
      <ShownReport ref={shownRegion} t={t} language={language} source={shown} />
    </div>
  );
}
