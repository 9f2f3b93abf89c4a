import { Button, Group, Progress, Text } from '@mantine/core';
import { useId, useState } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import type { ReportProgress, ReportSource } from '../../../../src-shared/ipc/reports.js';
import { tableLabel } from '../../../../src-shared/reports/labels.js';
import type { ReportTable } from '../../../../src-shared/reports/model.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { asIpcError } from '../../../ipc/ipc-error.js';
import { percentOf } from '../../../i18n/format.js';
import type { Translate } from '../../../i18n/use-t.js';
import { useExportReport, usePrintReport, useReportPdf, useSaveSnapshot } from '../mutations.js';
import { useReportProgress } from '../queries.js';
import { formatInstant } from '../report-format.js';
import { SaveOutcome } from './save-outcome.js';

type Action = 'pdf' | 'print' | 'save' | 'export';

/**
 * Everything a shown report can be turned into: a PDF, paper, a frozen snapshot, a workbook, a
 * table's CSV. One outcome is shown at a time, that of the last action started, so that an old
 * "Gespeichert: …" never stands beside a new failure.
 */
export function useReportActions(source: ReportSource, language: Language) {
  const pdf = useReportPdf();
  const print = usePrintReport();
  const save = useSaveSnapshot();
  const exporter = useExportReport();
  const [last, setLast] = useState<Action | null>(null);
  const mutations = { pdf, print, save, export: exporter };
  const start = (action: Action): void => {
    for (const [name, mutation] of Object.entries(mutations)) if (name !== action) mutation.reset();
    setLast(action);
  };
  return {
    last,
    pdf,
    print,
    save,
    exporter,
    savePdf: () => {
      start('pdf');
      pdf.mutate({ sources: [source], language });
    },
    sendToPrinter: () => {
      start('print');
      print.mutate({ sources: [source], language });
    },
    freeze: () => {
      if (source.kind !== 'built') return;
      start('save');
      save.mutate(source.hash);
    },
    exportAs: (format: 'csv' | 'xlsx', table: string | null) => {
      start('export');
      exporter.mutate({ source, format, table, language });
    },
  };
}

export type ReportActionsState = ReturnType<typeof useReportActions>;

/** The report's buttons, in the order a lead reaches for them, and the outcome of the last one. */
export function ReportActionBar({ t, language, source, actions }: { t: Translate; language: Language; source: ReportSource; actions: ReportActionsState }) {
  const busy = actions.pdf.isPending || actions.print.isPending || actions.save.isPending || actions.exporter.isPending;
  const xlsxPending = actions.exporter.isPending && actions.exporter.variables.format === 'xlsx';
  return (
    <div className="report-action-area">
      <Group gap="xs" role="group" aria-label={t('reports.actions')} className="report-actions">
        <Button size="xs" onClick={actions.savePdf} loading={actions.pdf.isPending} disabled={busy && !actions.pdf.isPending}>
          {t('reports.action.pdf')}
        </Button>
        <Button size="xs" variant="default" onClick={actions.sendToPrinter} loading={actions.print.isPending} disabled={busy && !actions.print.isPending}>
          {t('reports.action.print')}
        </Button>
        {source.kind === 'built' && (
          <Button size="xs" variant="default" onClick={actions.freeze} loading={actions.save.isPending} disabled={busy && !actions.save.isPending}>
            {t('reports.action.save')}
          </Button>
        )}
        <Button size="xs" variant="default" onClick={() => actions.exportAs('xlsx', null)} loading={xlsxPending} disabled={busy && !xlsxPending}>
          {t('reports.action.xlsx')}
        </Button>
      </Group>
      <ActionOutcome t={t} language={language} actions={actions} />
    </div>
  );
}

function ActionOutcome({ t, language, actions }: { t: Translate; language: Language; actions: ReportActionsState }) {
  const pdfProgress = useReportProgress('pdf', actions.pdf.isPending);
  const exportProgress = useReportProgress('export', actions.exporter.isPending);
  switch (actions.last) {
    case null:
      return null;
    case 'pdf':
      if (actions.pdf.isPending) return <ActionProgress label={t('reports.action.pdf-progress')} progress={pdfProgress} />;
      if (actions.pdf.isError) return <ReasonAlert title={t('reports.action.pdf-failed')} error={actions.pdf.error} />;
      return actions.pdf.data === undefined ? null : <SaveOutcome t={t} result={actions.pdf.data} />;
    case 'print':
      if (actions.print.isError) {
        // A host without a print dialog (the browser host): say so, and offer the PDF at once.
        const unavailable = asIpcError(actions.print.error).reason === 'print-unavailable';
        return (
          <ReasonAlert title={t('reports.action.print-failed')} error={actions.print.error}>
            {unavailable && (
              <div className="report-alert-action">
                <Button size="xs" onClick={actions.savePdf}>
                  {t('reports.action.pdf-instead')}
                </Button>
              </div>
            )}
          </ReasonAlert>
        );
      }
      return actions.print.data === undefined ? null : (
        <Text size="sm" role="status" className="report-outcome" data-outcome={actions.print.data.outcome}>
          {actions.print.data.outcome === 'printed' ? t('reports.action.printed') : t('reports.action.print-cancelled')}
        </Text>
      );
    case 'save':
      if (actions.save.isError) return <ReasonAlert title={t('reports.action.save-failed')} error={actions.save.error} />;
      return actions.save.data === undefined ? null : (
        <Text size="sm" role="status" className="report-outcome" data-outcome="frozen">
          {t('reports.action.frozen', formatInstant(language, actions.save.data.savedAt))}
        </Text>
      );
    case 'export':
      if (actions.exporter.isPending) return <ActionProgress label={t('reports.action.export-progress')} progress={exportProgress} />;
      if (actions.exporter.isError) return <ReasonAlert title={t('reports.action.export-failed')} error={actions.exporter.error} />;
      return actions.exporter.data === undefined ? null : <SaveOutcome t={t} result={actions.exporter.data} />;
  }
}

/** A bar while the main process says how far it is; nothing before its first word. */
function ActionProgress({ label, progress }: { label: string; progress: ReportProgress | null }) {
  const labelId = useId();
  if (progress === null) return null;
  return (
    <div className="report-action-progress">
      <Text size="xs" id={labelId}>
        {label}
      </Text>
      <Progress.Root size="sm" role="progressbar" aria-labelledby={labelId} aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
        <Progress.Section value={percentOf(progress.done, progress.total)} withAria={false} />
      </Progress.Root>
    </div>
  );
}

/** A table's own CSV button, named with the table for screen readers. */
export function CsvButton({ t, language, table, actions }: { t: Translate; language: Language; table: ReportTable; actions: ReportActionsState }) {
  const pending = actions.exporter.isPending && actions.exporter.variables.table === table.id;
  return (
    <Button
      size="compact-xs"
      variant="default"
      onClick={() => actions.exportAs('csv', table.id)}
      loading={pending}
      disabled={actions.exporter.isPending && !pending}
      aria-label={t('reports.action.csv-label', tableLabel(language, table.id))}
      className="report-csv"
    >
      {t('reports.action.csv')}
    </Button>
  );
}
