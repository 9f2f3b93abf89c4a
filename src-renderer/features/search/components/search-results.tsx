import { Combobox } from '@mantine/core';
import type { z } from 'zod';
import type { ticketSearchResultSchema } from '../../../../src-shared/ipc/cache.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { percentOf } from '../../../i18n/format.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { ticketSearchMinLength } from '../queries.js';

type SearchResult = z.infer<typeof ticketSearchResultSchema>;
type Hit = SearchResult['hits'][number];

/** The value of the listbox entry that asks again over all article text (never a ticket id). */
export const everythingOption = 'search-all-articles';

/** What a screen reader hears about the search: only settled answers, so that it is not told every keystroke. */
export function searchSummary(t: Translate, typed: string, query: string, settled: boolean, result: SearchResult | undefined): string {
  if (typed === '') return '';
  if (typed.length < ticketSearchMinLength) return t('search.type-more');
  if (!settled || result === undefined) return t('search.searching');
  return result.hits.length === 0 ? t('search.none', query) : t('search.count', result.hits.length);
}

/** Whether the dropdown holds the listbox (matches, or the offer to search all articles), not only a message. */
export function listboxShown(typed: string, failed: boolean, settled: boolean, result: SearchResult | undefined): boolean {
  if (typed.length < ticketSearchMinLength || failed || result === undefined) return false;
  return result.hits.length > 0 || (result.articles === 'recent' && settled);
}

function HitOption({ hit, listId, activeId }: { hit: Hit; listId: string; activeId: string | null }) {
  const id = `${listId}-${hit.ticketId}`;
  return (
    <Combobox.Option value={hit.ticketId} id={id} aria-selected={id === activeId} className="search-hit" data-ticket-id={hit.ticketId}>
      <span className="search-hit-number">{hit.number}</span>
      <span className="search-hit-title">{hit.title}</span>
    </Combobox.Option>
  );
}

interface SearchResultsProps {
  listId: string;
  /** The option the arrow keys reached. */
  activeId: string | null;
  typed: string;
  query: string;
  settled: boolean;
  failed: boolean;
  error: unknown;
  result: SearchResult | undefined;
}

/** The dropdown's content: the index note, the groups of matches, "search all articles", or why there is nothing. */
export function SearchResults({ listId, activeId, typed, query, settled, failed, error, result }: SearchResultsProps) {
  const t = useT();
  if (typed.length < ticketSearchMinLength) return <p className="search-message">{t('search.type-more')}</p>;
  if (failed) return <ReasonAlert title={t('search.failed')} error={error} />;
  if (result === undefined) return <p className="search-message">{t('search.searching')}</p>;
  const inTickets = result.hits.filter((hit) => hit.foundIn === 'ticket');
  const inArticles = result.hits.filter((hit) => hit.foundIn === 'articles');
  const { indexed, total } = result.index;
  const offerEverything = result.articles === 'recent' && settled;
  const nothing = result.hits.length === 0;
  const listed = listboxShown(typed, failed, settled, result);
  return (
    <>
      {indexed < total && <p className="search-message search-index">{t('search.index-building', percentOf(indexed, total))}</p>}
      {nothing && <p className="search-message">{settled ? t('search.none', query) : t('search.searching')}</p>}
      {listed && (
        <Combobox.Options id={listId} aria-label={t('search.results')} aria-busy={!settled} className="search-options">
          {inTickets.length > 0 && (
            <Combobox.Group label={t('search.group.tickets')}>
              {inTickets.map((hit) => (
                <HitOption key={hit.ticketId} hit={hit} listId={listId} activeId={activeId} />
              ))}
            </Combobox.Group>
          )}
          {inArticles.length > 0 && (
            <Combobox.Group label={t('search.group.articles')}>
              {inArticles.map((hit) => (
                <HitOption key={hit.ticketId} hit={hit} listId={listId} activeId={activeId} />
              ))}
            </Combobox.Group>
          )}
          {offerEverything && (
            <Combobox.Option value={everythingOption} id={`${listId}-everything`} aria-selected={activeId === `${listId}-everything`} className="search-everything">
              {t('search.everything')} <span className="search-key">({t('search.everything-key')})</span>
            </Combobox.Option>
          )}
        </Combobox.Options>
      )}
      {settled && result.articles !== 'none' && (
        <p className="search-message search-scope">{result.articles === 'all' ? t('search.searched-all') : t('search.searched-recent')}</p>
      )}
    </>
  );
}
