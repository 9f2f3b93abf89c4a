import { Alert, Button, Group, Paper, Progress, Select, Text, Title } from '@mantine/core';
import { useId, useState, type SubmitEvent } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import { reportWords } from '../../../../src-shared/reports/labels.js';
import { reportKinds, type ReportKind } from '../../../../src-shared/reports/model.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { WarningIcon } from '../../../components/status-icons.js';
import { percentOf } from '../../../i18n/format.js';
import type { Translate } from '../../../i18n/use-t.js';
import { useBuildReport, useWeeklyPack } from '../mutations.js';
import { defaultPeriod, periodLabel } from '../period.js';
import { useReportProgress } from '../queries.js';
import { requestOf, scopeOf, useReportForm, type RequestProblem } from '../report-form-store.js';
import { PeriodField } from './period-field.js';
import { SaveOutcome } from './save-outcome.js';
import { ScopeField } from './scope-field.js';

interface ReportFormProps {
  t: Translate;
  language: Language;
  now: Date;
  /** A report was built: the screen shows it and takes the focus there. */
  onBuilt: () => void;
}

/**
 * Which report, for which period and scope; "Bericht erstellen" builds it from the cache and the
 * screen shows it. The weekly pack is beside it: last week's standard set as one PDF.
 */
export function ReportForm({ t, language, now, onBuilt }: ReportFormProps) {
  const titleId = useId();
  const form = useReportForm();
  const build = useBuildReport();
  const [tried, setTried] = useState(false);
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const checked = requestOf(form, now);
  const problem: RequestProblem | null = checked.ok ? null : checked.problem;
  const institutionOnly = form.kind === 'institution-service';

  function submit(event: SubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    setTried(true);
    if (!checked.ok || build.isPending) return;
    build.mutate(checked.request, {
      onSuccess: (built) => {
        form.set({ shown: { kind: 'built', hash: built.hash } });
        onBuilt();
      },
    });
  }

  function chooseKind(kind: ReportKind): void {
    // The service report is always for one institution: the scope follows the choice.
    form.set(kind === 'institution-service' ? { kind, scopeKind: 'institution' } : { kind });
  }

  return (
    <Paper component="section" withBorder p="sm" className="report-form" aria-labelledby={titleId}>
      <Title id={titleId} order={3} className="report-panel-title">
        {t('reports.form.title')}
      </Title>
      <form onSubmit={submit} noValidate className="report-form-fields">
        <Select
          size="xs"
          label={t('reports.form.kind')}
          data={reportKinds.map((kind) => ({ value: kind, label: reportWords[language].kinds[kind] }))}
          value={form.kind}
          onChange={(value) => {
            const kind = reportKinds.find((candidate) => candidate === value);
            if (kind !== undefined) chooseKind(kind);
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
          className="report-kind"
        />
        <PeriodField t={t} language={language} now={now} period={form.period} range={form.range} onChange={(patch) => form.set(patch)} />
        <ScopeField
          t={t}
          locale={locale}
          value={form}
          onChange={(patch) => form.set(patch)}
          institutionOnly={institutionOnly}
          problem={tried && problem?.kind === 'scope' ? problem.problem : null}
        />
        {tried && problem?.kind === 'scope' && problem.problem === 'service-needs-institution' && (
          <Alert role="alert" color="red" variant="light" icon={<WarningIcon />}>
            {t('reports.scope.problem.service-needs-institution')}
          </Alert>
        )}
        <Group gap="sm" align="center">
          <Button type="submit" size="sm" loading={build.isPending} disabled={problem?.kind === 'period'}>
            {t('reports.build')}
          </Button>
          {build.isPending && (
            <Text size="sm" role="status">
              {t('reports.building')}
            </Text>
          )}
        </Group>
        {build.isError && <ReasonAlert title={t('reports.build-failed')} error={build.error} />}
      </form>
      <WeeklyPack t={t} language={language} now={now} />
    </Paper>
  );
}

/** Last week's standard reports for the chosen scope as one PDF, with its progress while it is made. */
function WeeklyPack({ t, language, now }: { t: Translate; language: Language; now: Date }) {
  const form = useReportForm();
  const pack = useWeeklyPack();
  const progress = useReportProgress('weekly-pack', pack.isPending);
  const progressId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();

  function start(): void {
    const scope = scopeOf(form);
    if (!scope.ok) {
      setProblem(t(`reports.scope.problem.${scope.problem}`));
      return;
    }
    setProblem(null);
    pack.mutate({ scope: scope.scope, language });
  }

  const text = progress === null ? t('reports.weekly-pack.starting') : t('reports.weekly-pack.progress-text', progress.done, progress.total);
  return (
    <div className="weekly-pack">
      <Button size="sm" variant="default" onClick={start} loading={pack.isPending} aria-describedby={hintId}>
        {t('reports.weekly-pack')}
      </Button>
      <Text size="xs" id={hintId} className="report-hint">
        {t('reports.weekly-pack.hint', periodLabel(t, language, defaultPeriod(now)))}
      </Text>
      {pack.isPending && (
        <div className="weekly-pack-progress">
          <Text size="xs" id={progressId}>
            {t('reports.weekly-pack.progress')}
          </Text>
          <Progress.Root
            size="md"
            role="progressbar"
            aria-labelledby={progressId}
            aria-valuemin={0}
            aria-valuemax={progress?.total}
            aria-valuenow={progress?.done}
            aria-valuetext={text}
          >
            <Progress.Section value={progress === null ? 100 : percentOf(progress.done, progress.total)} withAria={false} striped={progress === null} animated={progress === null} />
          </Progress.Root>
          <Text size="xs" className="tabular">
            {text}
          </Text>
        </div>
      )}
      {problem !== null && (
        <Text size="sm" role="alert" className="report-field-error">
          {problem}
        </Text>
      )}
      {pack.isSuccess && <SaveOutcome t={t} result={pack.data} />}
      {pack.isError && <ReasonAlert title={t('reports.weekly-pack.failed')} error={pack.error} />}
    </div>
  );
}
