import { Select, SegmentedControl, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { QueueChoice } from '../../../../src-shared/ipc/workspace.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { request } from '../../../ipc/client.js';
import type { Translate } from '../../../i18n/use-t.js';
import { useQueueChoices } from '../../queues/queries.js';
import { queueTitle } from '../../queues/queue-tree.js';
import type { ChosenInstitution, ScopeKind, ScopeProblem } from '../report-form-store.js';
import { reportKeys } from '../queries.js';

const scopeKinds: readonly ScopeKind[] = ['all', 'department', 'queue', 'institution'];
/** Institutions are looked up from two letters on, as the header's search does. */
const institutionMinLength = 2;

export interface ScopeValue {
  scopeKind: ScopeKind;
  group: string | null;
  queueId: string | null;
  institution: ChosenInstitution | null;
}

interface ScopeFieldProps {
  t: Translate;
  locale: string;
  value: ScopeValue;
  onChange: (patch: Partial<ScopeValue>) => void;
  /** The service report is made for one institution: the other scopes are offered but disabled. */
  institutionOnly: boolean;
  /** Shown once the lead tried to build with something missing. */
  problem: ScopeProblem | null;
}

/** The queues the lead may read (any right on their group), and those groups: the departments. */
export function readableScopes(queues: readonly QueueChoice[], locale: string): { queues: QueueChoice[]; groups: string[] } {
  const readable = queues.filter((queue) => queue.rights.length > 0).sort((a, b) => a.name.localeCompare(b.name, locale));
  const groups = [...new Set(readable.map((queue) => queue.group))].sort((a, b) => a.localeCompare(b, locale));
  return { queues: readable, groups };
}

/** Institutions in the cache whose name matches (`tickets.search`, offline too). */
function useInstitutionSearch(query: string) {
  return useQuery({
    queryKey: [...reportKeys.all, 'institutions', query] as const,
    queryFn: () => request('tickets.search', { query, limit: 20 }),
    enabled: query.length >= institutionMinLength,
    select: (result) => result.institutions,
    staleTime: 60_000,
  });
}

/**
 * Whose tickets a report counts: all the lead reads, one department (the queues of one
 * permission group), one queue, or one institution. Departments and queues come from
 * `queues.choices`; institutions are found by name in the cache.
 */
export function ScopeField({ t, locale, value, onChange, institutionOnly, problem }: ScopeFieldProps) {
  const labelId = useId();
  const choices = useQueueChoices();
  const { queues, groups } = useMemo(() => readableScopes(choices.data?.queues ?? [], locale), [choices.data, locale]);
  const problemText = problem === null || problem === 'service-needs-institution' ? null : t(`reports.scope.problem.${problem}`);
  return (
    <div className="report-field" role="group" aria-labelledby={labelId}>
      <Text id={labelId} className="report-field-label" size="sm" fw={600}>
        {t('reports.form.scope')}
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby={labelId}
        value={value.scopeKind}
        onChange={(next) => {
          const kind = scopeKinds.find((candidate) => candidate === next);
          if (kind !== undefined) onChange({ scopeKind: kind });
        }}
        data={scopeKinds.map((kind) => ({ value: kind, label: t(`reports.scope.${kind}`), disabled: institutionOnly && kind !== 'institution' }))}
      />
      {institutionOnly && (
        <Text size="xs" className="report-hint" data-hint="service">
          {t('reports.scope.service-hint')}
        </Text>
      )}
      {choices.isError && <ReasonAlert title={t('reports.scope.choices-failed')} error={choices.error} />}
      {value.scopeKind === 'all' && (
        <Text size="xs" className="report-hint">
          {t('reports.scope.all.hint')}
        </Text>
      )}
      {value.scopeKind === 'department' && (
        <Select
          size="xs"
          label={t('reports.scope.department.label')}
          placeholder={t('reports.scope.choose')}
          data={groups}
          value={value.group}
          onChange={(group) => onChange({ group })}
          error={problemText}
          allowDeselect={false}
          searchable
          comboboxProps={{ withinPortal: false }}
        />
      )}
      {value.scopeKind === 'queue' && (
        <Select
          size="xs"
          label={t('reports.scope.queue.label')}
          placeholder={t('reports.scope.choose')}
          data={queues.map((queue) => ({ value: queue.queueId, label: queueTitle(queue.name) }))}
          value={value.queueId}
          onChange={(queueId) => onChange({ queueId })}
          error={problemText}
          allowDeselect={false}
          searchable
          comboboxProps={{ withinPortal: false }}
        />
      )}
      {value.scopeKind === 'institution' && (
        <InstitutionField t={t} value={value.institution} onChange={(institution) => onChange({ institution })} error={problemText} />
      )}
    </div>
  );
}

function InstitutionField({ t, value, onChange, error }: { t: Translate; value: ChosenInstitution | null; onChange: (value: ChosenInstitution | null) => void; error: string | null }) {
  const [typed, setTyped] = useState(value?.name ?? '');
  const [query] = useDebouncedValue(typed.trim(), 150);
  // Once chosen, the field shows the chosen name: that is no new search.
  const searching = value === null || query !== value.name ? query : '';
  const found = useInstitutionSearch(searching);
  const options = new Map((found.data ?? []).map((institution) => [institution.id, institution.name]));
  if (value !== null) options.set(value.id, value.name);
  const nothing =
    searching.length < institutionMinLength ? undefined : found.isFetching ? t('reports.scope.institution.searching') : t('reports.scope.institution.none', searching);
  return (
    <Select
      size="xs"
      label={t('reports.scope.institution.label')}
      description={t('reports.scope.institution.hint')}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value?.id ?? null}
      searchable
      searchValue={typed}
      onSearchChange={setTyped}
      onChange={(id, option) => onChange(id === null ? null : { id, name: option?.label ?? options.get(id) ?? id })}
      nothingFoundMessage={nothing}
      filter={({ options: all }) => all}
      error={error ?? (found.isError ? t('reports.scope.choices-failed') : null)}
      comboboxProps={{ withinPortal: false }}
      data-institution-field=""
    />
  );
}
