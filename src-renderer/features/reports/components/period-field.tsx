import { ActionIcon, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import { periodKinds, type PeriodKind, type ReportPeriod } from '../../../../src-shared/reports/model.js';
import type { Translate } from '../../../i18n/use-t.js';
import { defaultPeriod, neighbourPeriod, periodLabel, periodOfKind, rangeProblem } from '../period.js';
import { formatLocalDate } from '../report-format.js';

interface PeriodFieldProps {
  t: Translate;
  language: Language;
  now: Date;
  /** The week, month, quarter or year shown; null: last week. */
  period: ReportPeriod | null;
  /** The range's dates as typed; null when no range is chosen. */
  range: { from: string; to: string } | null;
  onChange: (patch: { period?: ReportPeriod | null; range?: { from: string; to: string } | null }) => void;
}

/**
 * The period of a report, in Europe/Berlin: a week, month, quarter or year stepped with
 * previous/next (never into the future), or a range of two dates. A range that ends before it
 * starts says so at once and keeps both dates as typed.
 */
export function PeriodField({ t, language, now, period, range, onChange }: PeriodFieldProps) {
  const labelId = useId();
  const shownId = useId();
  const current = period ?? defaultPeriod(now);
  const kind: PeriodKind = range !== null ? 'range' : current.kind;

  function choose(next: PeriodKind): void {
    if (next === kind) return;
    if (next === 'range') onChange({ range: { from: current.from, to: current.to } });
    else onChange({ range: null, period: periodOfKind(next, current, now) });
  }

  return (
    <div className="report-field" role="group" aria-labelledby={labelId}>
      <Text id={labelId} className="report-field-label" size="sm" fw={600}>
        {t('reports.form.period')}
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby={labelId}
        value={kind}
        onChange={(value) => {
          const next = periodKinds.find((candidate) => candidate === value);
          if (next !== undefined) choose(next);
        }}
        data={periodKinds.map((value) => ({ value, label: t(`reports.period.kind.${value}`) }))}
      />
      {range === null ? (
        <PeriodStepper t={t} language={language} now={now} period={current} shownId={shownId} onChange={(next) => onChange({ period: next })} />
      ) : (
        <RangeInputs t={t} language={language} range={range} onChange={(next) => onChange({ range: next })} />
      )}
      <Text size="xs" className="report-hint">
        {t('reports.period.zone')}
      </Text>
    </div>
  );
}

function PeriodStepper({ t, language, now, period, shownId, onChange }: { t: Translate; language: Language; now: Date; period: ReportPeriod; shownId: string; onChange: (period: ReportPeriod) => void }) {
  const previous = neighbourPeriod(period, -1, now);
  const next = neighbourPeriod(period, 1, now);
  const lastWeek = defaultPeriod(now);
  const isLastWeek = period.kind === 'week' && period.from === lastWeek.from;
  const kind = period.kind === 'range' ? 'week' : period.kind;
  return (
    <Group gap={6} wrap="nowrap" className="period-stepper">
      <ActionIcon variant="default" size="md" aria-label={t(`reports.period.previous.${kind}`)} disabled={previous === null} onClick={() => previous !== null && onChange(previous)}>
        <ArrowIcon direction="left" />
      </ActionIcon>
      <output id={shownId} className="period-shown tabular" data-period-from={period.from} data-period-to={period.to}>
        {periodLabel(t, language, period)}
      </output>
      <ActionIcon variant="default" size="md" aria-label={t(`reports.period.next.${kind}`)} disabled={next === null} onClick={() => next !== null && onChange(next)}>
        <ArrowIcon direction="right" />
      </ActionIcon>
      {!isLastWeek && (
        <Button size="compact-xs" variant="subtle" onClick={() => onChange(lastWeek)}>
          {t('reports.period.last-week')}
        </Button>
      )}
    </Group>
  );
}

function RangeInputs({ t, language, range, onChange }: { t: Translate; language: Language; range: { from: string; to: string }; onChange: (range: { from: string; to: string }) => void }) {
  const problem = rangeProblem(range.from, range.to);
  // Told at once when both dates are there; a missing date only once the other one was given, so an empty form does not scold.
  const message =
    problem === 'end-before-start'
      ? t('reports.period.problem.end-before-start', formatLocalDate(language, range.from), formatLocalDate(language, range.to))
      : problem === 'too-long'
        ? t('reports.period.problem.too-long')
        : null;
  return (
    <Stack gap={6}>
      <TextInput
        type="date"
        size="xs"
        label={t('reports.period.from')}
        value={range.from}
        onChange={(event) => onChange({ ...range, from: event.currentTarget.value })}
        error={problem === 'missing-from' && range.to !== '' ? t('reports.period.problem.missing-from') : undefined}
        className="range-field"
        required
        data-range="from"
      />
      <TextInput
        type="date"
        size="xs"
        label={t('reports.period.to')}
        value={range.to}
        onChange={(event) => onChange({ ...range, to: event.currentTarget.value })}
        error={message ?? (problem === 'missing-to' && range.from !== '' ? t('reports.period.problem.missing-to') : undefined)}
        className="range-field"
        required
        data-range="to"
      />
    </Stack>
  );
}

function ArrowIcon({ direction }: { direction: 'left' | 'right' }) {
  return (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <path d={direction === 'left' ? 'M7.5 2 3.5 6l4 4' : 'M4.5 2l4 4-4 4'} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
