import type { Language } from '../../../src-shared/ipc/app.js';
import { reportPeriodSchema, type PeriodKind, type ReportPeriod } from '../../../src-shared/reports/model.js';
import { addDays, berlinDate, isoWeek, lastWeek, periodContaining, shiftPeriod } from '../../../src-shared/reports/period.js';
import type { Translate } from '../../i18n/use-t.js';
import { formatLocalDate } from './report-format.js';

/**
 * The periods the reports screen offers, on the shared period math (src-shared/reports/period.ts):
 * local dates in Europe/Berlin, whatever zone the Desk's machine is set to.
 */

/** The period the screen opens with: last week, the one the Monday meeting talks about. */
export function defaultPeriod(now: Date): ReportPeriod {
  return lastWeek(now);
}

/**
 * The period of `kind` a lead most likely wants when switching to it: the last complete one
 * (last month, last quarter, last year), as "last week" is the default. A range starts as the
 * period shown before, so that its dates can be adjusted rather than typed anew.
 */
export function periodOfKind(kind: PeriodKind, current: ReportPeriod, now: Date): ReportPeriod {
  if (kind === 'range') return { kind, from: current.from, to: current.to };
  return shiftPeriod(periodContaining(kind, berlinDate(now)), -1);
}

/** Previous or next period of the same kind; null for "next" into the future (nothing to count there yet). */
export function neighbourPeriod(period: ReportPeriod, direction: 1 | -1, now: Date): ReportPeriod | null {
  const next = shiftPeriod(period, direction);
  return direction === 1 && next.from > berlinDate(now) ? null : next;
}

const monthFormats: Record<Language, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** A period in words: "KW 9/2026 (23.02.2026 – 01.03.2026)", "Februar 2026", "1. Quartal 2026", "2026", or the two dates. */
export function periodLabel(t: Translate, language: Language, period: Pick<ReportPeriod, 'kind' | 'from' | 'to'>): string {
  const from = formatLocalDate(language, period.from);
  const to = formatLocalDate(language, period.to);
  const year = Number(period.from.slice(0, 4));
  switch (period.kind) {
    case 'week': {
      const week = isoWeek(period.from);
      return t('reports.period.label.week', week.week, week.year, from, to);
    }
    case 'month':
      return monthFormats[language].format(new Date(`${period.from}T00:00:00Z`));
    case 'quarter':
      return t('reports.period.label.quarter', Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1, year);
    case 'year':
      return t('reports.period.label.year', year);
    case 'range':
      return t('reports.period.label.range', from, to);
  }
}

export type RangeProblem = 'missing-from' | 'missing-to' | 'end-before-start' | 'too-long';

/**
 * What is wrong with a typed range, checked as the model checks it (reportPeriodSchema), so that
 * the lead reads the reason before building rather than a refusal after.
 */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(from)) return 'missing-from';
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(to)) return 'missing-to';
  if (to < from) return 'end-before-start';
  if (to > addDays(from, 731)) return 'too-long';
  return reportPeriodSchema.safeParse({ kind: 'range', from, to }).success ? null : 'too-long';
}
