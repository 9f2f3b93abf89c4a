import { Button, MultiSelect, Select } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ticketStates, ticketTypes } from '../../../../src-shared/sync/entities.js';
import type { TicketListRow } from '../../../../src-shared/ipc/workspace.js';
import { request } from '../../../ipc/client.js';
import { useT } from '../../../i18n/use-t.js';
import { emptyFilters, hasFilters, type ListFilters } from '../../workspace/routes.js';
import { ticketListKeys } from '../queries.js';

interface Option {
  value: string;
  label: string;
}

/** Owners and institutions of every row the Desk has read for a list so far: what the filters can offer offline. */
function seenNames(rows: Iterable<TicketListRow>): { owners: Map<string, string>; institutions: Map<string, string> } {
  const owners = new Map<string, string>();
  const institutions = new Map<string, string>();
  for (const row of rows) {
    if (row.ticket.ownerId !== null && row.ownerName !== null) owners.set(row.ticket.ownerId, row.ownerName);
    if (row.ticket.institutionId !== null && row.institutionName !== null) institutions.set(row.ticket.institutionId, row.institutionName);
  }
  return { owners, institutions };
}

function useSeenNames() {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(0);
  const rows = queryClient
    .getQueriesData<{ rows: TicketListRow[] }>({ queryKey: ticketListKeys.all })
    .flatMap(([, data]) => data?.rows ?? []);
  return { ...seenNames(rows), refresh: () => setVersion(version + 1) };
}

const sorted = (options: Option[], locale: string): Option[] => [...options].sort((a, b) => a.label.localeCompare(b.label, locale));

/** The institutions of the cached customer users whose name, user name or institution matches. */
function useInstitutionSearch(query: string) {
  const trimmed = query.trim();
  return useQuery({
    queryKey: ['ticket-list-filters', 'institutions', trimmed] as const,
    queryFn: () => request('callers.search', { query: trimmed }),
    enabled: trimmed.length >= 2,
    staleTime: 60_000,
    select: (result) => result.callers.flatMap((caller) => (caller.institution === null ? [] : [{ value: caller.institution.id, label: caller.institution.name }])),
  });
}

/**
 * Filters of the list; all combine. Owner and institution offer the names the Desk has seen in
 * lists so far, and institutions found by name among the cached customer users.
 */
export function ListFiltersBar({ filters, onChange, locale }: { filters: ListFilters; onChange: (filters: ListFilters) => void; locale: string }) {
  const t = useT();
  const seen = useSeenNames();
  const [institutionQuery, setInstitutionQuery] = useState('');
  const found = useInstitutionSearch(institutionQuery);
  const change = (patch: Partial<ListFilters>): void => onChange({ ...filters, ...patch });

  const stateOptions = ticketStates.map((state) => ({ value: state, label: t(`list.state.${state}`) }));
  const priorityOptions = [1, 2, 3, 4, 5].map((priority) => ({ value: String(priority), label: t('list.priority', priority) }));
  const typeOptions = ticketTypes.map((type) => ({ value: type, label: t(`list.type.${type}`) }));
  const ownerOptions: Option[] = [
    { value: 'me', label: t('filters.owner.me') },
    { value: 'none', label: t('filters.owner.none') },
    ...sorted([...seen.owners].map(([value, label]) => ({ value, label })), locale),
  ];
  for (const owner of filters.owners) if (!ownerOptions.some((option) => option.value === owner)) ownerOptions.push({ value: owner, label: owner });
  const institutions = new Map(seen.institutions);
  for (const option of found.data ?? []) institutions.set(option.value, option.label);
  for (const id of filters.institutionIds) if (!institutions.has(id)) institutions.set(id, id);
  const institutionOptions = sorted([...institutions].map(([value, label]) => ({ value, label })), locale);

  return (
    <div className="list-filters" role="group" aria-label={t('filters.title')}>
      <MultiSelect
        className="filter-field"
        size="xs"
        label={t('filters.state')}
        placeholder={filters.states.length === 0 ? t('filters.state.open') : undefined}
        data={stateOptions}
        value={filters.states}
        onChange={(values) => change({ states: ticketStates.filter((state) => values.includes(state)) })}
      />
      <MultiSelect
        className="filter-field"
        size="xs"
        label={t('filters.priority')}
        placeholder={filters.priorities.length === 0 ? t('filters.any') : undefined}
        data={priorityOptions}
        value={filters.priorities.map(String)}
        onChange={(values) => change({ priorities: values.map(Number).sort() })}
      />
      <MultiSelect
        className="filter-field"
        size="xs"
        label={t('filters.owner')}
        placeholder={filters.owners.length === 0 ? t('filters.any') : undefined}
        data={ownerOptions}
        value={filters.owners}
        onDropdownOpen={seen.refresh}
        onChange={(values) => change({ owners: values })}
      />
      <Select
        className="filter-field filter-field-narrow"
        size="xs"
        label={t('filters.locked')}
        allowDeselect={false}
        data={[
          { value: 'any', label: t('filters.locked.any') },
          { value: 'yes', label: t('filters.locked.yes') },
          { value: 'no', label: t('filters.locked.no') },
        ]}
        value={filters.locked === null ? 'any' : filters.locked ? 'yes' : 'no'}
        onChange={(value) => change({ locked: value === 'yes' ? true : value === 'no' ? false : null })}
      />
      {/* Says which search the offer answers, for people waiting on it (tests too). */}
      <div className="filter-field filter-field-wide" data-answered-for={found.isFetching || !(found.isSuccess || found.isError) ? undefined : institutionQuery.trim()}>
        <MultiSelect
          size="xs"
          label={t('filters.institution')}
          placeholder={filters.institutionIds.length === 0 ? t('filters.institution.hint') : undefined}
          searchable
          searchValue={institutionQuery}
          onSearchChange={setInstitutionQuery}
          onDropdownOpen={seen.refresh}
          data={institutionOptions}
          value={filters.institutionIds}
          onChange={(values) => change({ institutionIds: values })}
        />
      </div>
      <MultiSelect
        className="filter-field"
        size="xs"
        label={t('filters.type')}
        placeholder={filters.types.length === 0 ? t('filters.any') : undefined}
        data={typeOptions}
        value={filters.types}
        onChange={(values) => change({ types: ticketTypes.filter((type) => values.includes(type)) })}
      />
      <Button className="filter-reset" size="xs" variant="default" disabled={!hasFilters(filters)} onClick={() => onChange(emptyFilters)}>
        {t('filters.reset')}
      </Button>
    </div>
  );
}
