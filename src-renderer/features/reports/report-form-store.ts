import { create } from 'zustand';
import type { ReportSource } from '../../../src-shared/ipc/reports.js';
import { reportKinds, type PeriodKind, type ReportKind, type ReportPeriod, type ReportRequest, type ReportScope } from '../../../src-shared/reports/model.js';
import { defaultPeriod, rangeProblem, type RangeProblem } from './period.js';

export type ScopeKind = ReportScope['kind'];

export interface ChosenInstitution {
  id: string;
  name: string;
}

interface ReportFormState {
  kind: ReportKind;
  /** A week, month, quarter or year; null: last week, worked out when read (the app may stay open over a weekend). */
  period: ReportPeriod | null;
  /** The range's dates as typed (`YYYY-MM-DD` from the date inputs, or empty), kept even when they do not fit. */
  range: { from: string; to: string } | null;
  scopeKind: ScopeKind;
  group: string | null;
  queueId: string | null;
  institution: ChosenInstitution | null;
  /** The report on screen: the last built, or an opened snapshot. */
  shown: ReportSource | null;
  set: (patch: Partial<Omit<ReportFormState, 'set' | 'reset'>>) => void;
  reset: () => void;
}

const initial = {
  kind: reportKinds[0],
  period: null,
  range: null,
  scopeKind: 'all',
  group: null,
  queueId: null,
  institution: null,
  shown: null,
} satisfies Omit<ReportFormState, 'set' | 'reset'>;

/**
 * What the lead chose on the reports screen: UI state only (the report itself lives in React
 * Query under its hash), kept while they look at a ticket and come back, cleared at sign-out.
 */
export const useReportForm = create<ReportFormState>()((set) => ({
  ...initial,
  set: (patch) => set(patch),
  reset: () => set(initial),
}));

export type FormState = Pick<ReportFormState, 'kind' | 'period' | 'range' | 'scopeKind' | 'group' | 'queueId' | 'institution'>;

/** The period the form stands on now (a range only once both of its dates fit). */
export function chosenPeriodKind(state: FormState): PeriodKind {
  return state.range !== null ? 'range' : (state.period?.kind ?? 'week');
}

export type ScopeProblem = 'missing-department' | 'missing-queue' | 'missing-institution' | 'service-needs-institution';

export type RequestProblem = { kind: 'period'; problem: RangeProblem } | { kind: 'scope'; problem: ScopeProblem };

/** The scope as chosen, or what is missing from it. */
export function scopeOf(state: FormState): { ok: true; scope: ReportScope } | { ok: false; problem: ScopeProblem } {
  switch (state.scopeKind) {
    case 'all':
      return { ok: true, scope: { kind: 'all' } };
    case 'department':
      return state.group === null ? { ok: false, problem: 'missing-department' } : { ok: true, scope: { kind: 'department', group: state.group } };
    case 'queue':
      return state.queueId === null ? { ok: false, problem: 'missing-queue' } : { ok: true, scope: { kind: 'queue', queueId: state.queueId } };
    case 'institution':
      return state.institution === null ? { ok: false, problem: 'missing-institution' } : { ok: true, scope: { kind: 'institution', institutionId: state.institution.id } };
  }
}

/** The period as chosen (last week when none was), or what is wrong with a typed range. */
export function periodOf(state: FormState, now: Date): { ok: true; period: ReportPeriod } | { ok: false; problem: RangeProblem } {
  if (state.range !== null) {
    const problem = rangeProblem(state.range.from, state.range.to);
    return problem === null ? { ok: true, period: { kind: 'range', from: state.range.from, to: state.range.to } } : { ok: false, problem };
  }
  return { ok: true, period: state.period ?? defaultPeriod(now) };
}

/** The request `reports.build` takes, or the first thing the lead still has to fix. */
export function requestOf(state: FormState, now: Date): { ok: true; request: ReportRequest } | { ok: false; problem: RequestProblem } {
  const period = periodOf(state, now);
  if (!period.ok) return { ok: false, problem: { kind: 'period', problem: period.problem } };
  if (state.kind === 'institution-service' && state.scopeKind !== 'institution') return { ok: false, problem: { kind: 'scope', problem: 'service-needs-institution' } };
  const scope = scopeOf(state);
  if (!scope.ok) return { ok: false, problem: { kind: 'scope', problem: scope.problem } };
  return { ok: true, request: { kind: state.kind, period: period.period, scope: scope.scope } };
}
