import { Button, Text, Title } from '@mantine/core';
import { useCallback, useId, useMemo, useState } from 'react';
import type { TicketListView } from '../../../../src-shared/ipc/workspace.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { navigate } from '../../workspace/hash-location.js';
import { defaultSort, filtersForRequest, hasFilters, serializeListState, ticketPath, withQuery, type ListState } from '../../workspace/routes.js';
import type { ListParams, TicketWindows } from '../queries.js';
import { ListFiltersBar } from './list-filters.js';
import { TicketGrid } from './ticket-grid.js';

interface TicketListScreenProps {
  view: TicketListView;
  /** The list's path without query (`/queue/<id>`). */
  path: string;
  title: string;
  state: ListState;
  agentId: string;
}

/** A list screen: its title and count, the sort it has, the filters, and the virtualised grid. */
export function TicketListScreen({ view, path, title, state, agentId }: TicketListScreenProps) {
  const t = useT();
  const language = useLanguageStore((store) => store.language);
  const headingId = useId();
  const query = serializeListState(state);
  const listKey = withQuery(path, query);
  const params = useMemo<ListParams>(() => ({ view, sort: state.sort, filters: filtersForRequest(state.filters, agentId) }), [view, state, agentId]);
  const [shown, setShown] = useState<Pick<TicketWindows, 'total' | 'fetching' | 'error'>>({ total: null, fetching: true, error: null });
  const onWindows = useCallback((windows: Pick<TicketWindows, 'total' | 'fetching' | 'error'>) => setShown(windows), []);

  // Sort and filters replace the entry: back leads to the previous screen, not through every click.
  const go = (next: ListState): void => navigate(withQuery(path, serializeListState(next)), { replace: true });
  const sortName = t(`list.sort.${state.sort.key}`);
  const filtered = hasFilters(state.filters);

  return (
    <section className="list-screen" aria-labelledby={headingId}>
      <div className="list-title-bar">
        <Title order={2} id={headingId} className="list-title">
          {title}
        </Title>
        <Text size="sm" className="tabular list-count" role="status" data-total={shown.total ?? undefined}>
          {shown.total === null ? t('list.loading') : t('list.count', shown.total)}
        </Text>
        <Text size="sm" c="dimmed" className="list-sorted" data-sort={state.sort.key} data-direction={state.sort.direction}>
          {t('list.sorted-by', sortName, state.sort.direction === 'desc')}
        </Text>
        {state.sort.key !== defaultSort.key && (
          <Button size="compact-xs" variant="subtle" onClick={() => go({ ...state, sort: defaultSort })}>
            {t('list.sort-default')}
          </Button>
        )}
      </div>
      <ListFiltersBar filters={state.filters} locale={language === 'de' ? 'de-DE' : 'en-GB'} onChange={(filters) => go({ ...state, filters })} />
      {shown.error !== null && <ReasonAlert title={t('list.failed')} error={shown.error} />}
      {shown.total === 0 && (
        <Text size="sm" className="list-empty">
          {filtered ? t('list.empty-filtered') : t('list.empty')}
        </Text>
      )}
      <TicketGrid
        key={listKey}
        listKey={listKey}
        label={t('list.table', title)}
        params={params}
        onSortChange={(sort) => go({ ...state, sort })}
        onOpen={(ticketId) => navigate(ticketPath(ticketId))}
        onWindows={onWindows}
      />
    </section>
  );
}
