import { Combobox } from '@mantine/core';
import type { z } from 'zod';
import type { ticketSearchResultSchema } from '../../../../src-shared/ipc/cache.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { percentOf } from '../../../i18n/format.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { ticketSearchMinLength } from '../queries.js';
import { Highlighted } from './highlighted.js';

type SearchResult = z.infer<typeof ticketSearchResultSchema>;
type Hit = SearchResult['hits'][number];
type Customer = SearchResult['customers'][number];

/** The value of the listbox entry that asks again over all article text (never a ticket id). */
export const everythingOption = 'search-all-articles';

/** Option values of the institution a customer or institution entry opens: `institution:<id>` (a ticket's value is its UUID). */
const institutionPrefix = 'institution:';
export const institutionOption = (institutionId: string): string => `${institutionPrefix}${institutionId}`;
export function institutionOf(value: string): string | null {
  return value.startsWith(institutionPrefix) ? value.slice(institutionPrefix.length) : null;
}

/** Everything the listbox offers, in its order: what Enter opens first. */
export function shownCount(result: SearchResult, withPeople: boolean): number {
  return result.hits.length + (withPeople ? result.customers.filter((c) => c.institution !== null).length + result.institutions.length : 0);
}

/** What a screen reader hears about the search: only settled answers, so that it is not told every keystroke. */
export function searchSummary(t: Translate, typed: string, query: string, settled: boolean, result: SearchResult | undefined): string {
  if (typed === '') return '';
  if (typed.length < ticketSearchMinLength) return t('search.type-more');
  if (!settled || result === undefined) return t('search.searching');
  const count = result.hits.length + result.customers.length + result.institutions.length;
  return count === 0 ? t('search.none', query) : t('search.count', count);
}

/** Whether the dropdown holds the listbox (matches, or the offer to search all articles), not only a message. */
export function listboxShown(typed: string, failed: boolean, settled: boolean, result: SearchResult | undefined, withPeople = false): boolean {
  if (typed.length < ticketSearchMinLength || failed || result === undefined) return false;
  return shownCount(result, withPeople) > 0 || (result.articles === 'recent' && settled);
}

function HitOption({ hit, listId, activeId }: { hit: Hit; listId: string; activeId: string | null }) {
  const id = `${listId}-${hit.ticketId}`;
  return (
    <Combobox.Option value={hit.ticketId} id={id} aria-selected={id === activeId} className="search-hit" data-ticket-id={hit.ticketId}>
      <span className="search-hit-line">
        <span className="search-hit-number">{hit.number}</span>
        <span className="search-hit-title">
          <Highlighted text={hit.title} marks={hit.titleMarks} />
        </span>
      </span>
      {hit.passage !== null && (
        <span className="search-hit-passage">
          <Highlighted text={hit.passage.text} marks={hit.passage.marks} />
        </span>
      )}
    </Combobox.Option>
  );
}

function CustomerOption({ customer, listId, activeId }: { customer: Customer & { institution: NonNullable<Customer['institution']> }; listId: string; activeId: string | null }) {
  const t = useT();
  const id = `${listId}-customer-${customer.id.replace(/[^A-Za-z0-9-]/gu, '_')}`;
  return (
    <Combobox.Option value={institutionOption(customer.institution.id)} id={id} aria-selected={id === activeId} className="search-hit" data-customer-id={customer.id}>
      <span className="search-hit-line">
        <span className="search-hit-title">{customer.displayName}</span>
        <span className="search-hit-meta">{t('search.customer-of', customer.institution.name)}</span>
      </span>
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
  /** Customers and institutions are listed (and open their institution's tickets) only where the screen can show those. */
  withPeople: boolean;
}

/** The dropdown's content: the index note, the groups of matches, "search all articles", or why there is nothing. */
export function SearchResults({ listId, activeId, typed, query, settled, failed, error, result, withPeople }: SearchResultsProps) {
  const t = useT();
  if (typed.length < ticketSearchMinLength) return <p className="search-message">{t('search.type-more')}</p>;
  if (failed) return <ReasonAlert title={t('search.failed')} error={error} />;
  if (result === undefined) return <p className="search-message">{t('search.searching')}</p>;
  const inTickets = result.hits.filter((hit) => hit.foundIn === 'ticket');
  const inArticles = result.hits.filter((hit) => hit.foundIn === 'articles');
  const { indexed, total } = result.index;
  const offerEverything = result.articles === 'recent' && settled;
  const customers = withPeople ? result.customers.filter((c): c is Customer & { institution: NonNullable<Customer['institution']> } => c.institution !== null) : [];
  const institutions = withPeople ? result.institutions : [];
  const nothing = shownCount(result, withPeople) === 0;
  const listed = listboxShown(typed, failed, settled, result, withPeople);
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
          {customers.length > 0 && (
            <Combobox.Group label={t('search.group.customers')}>
              {customers.map((customer) => (
                <CustomerOption key={customer.id} customer={customer} listId={listId} activeId={activeId} />
              ))}
            </Combobox.Group>
          )}
          {institutions.length > 0 && (
            <Combobox.Group label={t('search.group.institutions')}>
              {institutions.map((institution) => {
                const id = `${listId}-institution-${institution.id.replace(/[^A-Za-z0-9-]/gu, '_')}`;
                return (
                  <Combobox.Option key={institution.id} value={institutionOption(institution.id)} id={id} aria-selected={id === activeId} className="search-hit" data-institution-id={institution.id}>
                    <span className="search-hit-line">
                      <span className="search-hit-title">{institution.name}</span>
                      <span className="search-hit-meta">{t('search.open-institution')}</span>
                    </span>
                  </Combobox.Option>
                );
              })}
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
