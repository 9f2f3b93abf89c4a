import { Paper, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useId, useRef, useState } from 'react';
import { limits } from '../../../../src-shared/limits.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useT } from '../../../i18n/use-t.js';
import { customerSearchMinLength, useCustomerSearch } from '../queries.js';
import { CustomerResults } from './customer-results.js';
import { SearchStatus } from './search-status.js';

const debounceMs = 200;

/** Find the caller: as-you-type search over the customer users in the directory. */
export function CustomerLookup() {
  const t = useT();
  const titleId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const typed = text.trim();
  const [query] = useDebouncedValue(typed, debounceMs);
  const search = useCustomerSearch(query);

  // The look-up is what an agent does first when a call comes in.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const searching = query.length >= customerSearchMinLength;
  const settled = searching && typed === query && !search.isFetching;
  const result = searching && !search.isError ? search.data : undefined;

  function focusResults(): boolean {
    const row = resultsRef.current?.querySelector<HTMLElement>('tbody tr[tabindex="0"]');
    row?.focus();
    return row !== null && row !== undefined;
  }

  return (
    <Paper component="section" withBorder p="md" aria-labelledby={titleId} className="lookup-panel">
      <Title id={titleId} order={2} size="h4" mb="xs">
        {t('customers.title')}
      </Title>
      <TextInput
        ref={inputRef}
        type="search"
        label={t('customers.search')}
        description={t('customers.search-hint', customerSearchMinLength)}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && focusResults()) event.preventDefault();
        }}
        maxLength={limits.customerSearchMaxLength}
        autoComplete="off"
        spellCheck={false}
      />
      <SearchStatus
        typedLength={typed.length}
        query={query}
        pending={searching && !settled}
        failed={searching && search.isError}
        result={settled ? result : undefined}
      />
      {searching && search.isError && <ReasonAlert title={t('customers.failed')} error={search.error} />}
      <div ref={resultsRef}>
        {result && result.customers.length > 0 && (
          <CustomerResults
            customers={result.customers}
            stale={!settled}
            onExit={() => inputRef.current?.focus()}
          />
        )}
      </div>
    </Paper>
  );
}
