import { Combobox, TextInput, VisuallyHidden, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../../../i18n/use-t.js';
import { useSearchRefresh, useTicketSearch, ticketSearchMinLength } from '../queries.js';
import { useSearchStore } from '../search-store.js';
import { useSearchShortcut } from '../use-search-shortcut.js';
import { SearchResults, everythingOption, institutionOf, listboxShown, searchSummary } from './search-results.js';
import '../search-field.css';

/** Light: the cache answers within milliseconds, the debounce only spares the keystrokes between. */
const debounceMs = 120;

/**
 * The one search field of the header (`/` or Ctrl+K): as-you-type over the cache, results in a
 * listbox grouped by where they matched; Enter opens, Shift+Enter searches all article text.
 */
export function SearchField({ onOpenTicket, onOpenInstitution }: { onOpenTicket: (ticketId: string) => void; onOpenInstitution?: (institutionId: string) => void }) {
  const t = useT();
  const hintId = useId();
  // An id a CSS selector can name: the combobox finds its options by `#id`.
  const listId = `search-results-${useId().replace(/[^a-z0-9]/giu, '')}`;
  const [activeId, setActiveId] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const { text, setText, everythingFor, searchEverything } = useSearchStore();
  const typed = text.trim();
  const [query] = useDebouncedValue(typed, debounceMs);
  const scope = everythingFor !== null && everythingFor === query ? 'everything' : 'typing';
  const search = useTicketSearch(query, scope);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  useSearchShortcut(inputRef);
  useSearchRefresh();

  const searching = query.length >= ticketSearchMinLength;
  const settled = searching && typed === query && !search.isFetching;
  const result = searching && !search.isError ? search.data : undefined;
  const hits = result?.hits ?? [];

  // New matches: the arrow keys start from the top again, never from a stale position.
  const { resetSelectedOption } = combobox;
  useEffect(() => {
    resetSelectedOption();
    setActiveId(null);
  }, [resetSelectedOption, result]);

  /** The option the arrows reached, read once the combobox has marked it (after this key's handlers). */
  function followSelection(): void {
    queueMicrotask(() => setActiveId(document.getElementById(listId)?.querySelector('[data-combobox-selected]')?.id ?? null));
  }

  const withPeople = onOpenInstitution !== undefined;

  function open(value: string): void {
    combobox.closeDropdown();
    const institutionId = institutionOf(value);
    if (institutionId === null) onOpenTicket(value);
    else onOpenInstitution?.(institutionId);
  }

  function askEverything(): void {
    if (query.length < ticketSearchMinLength) return;
    searchEverything(query);
    combobox.openDropdown();
  }

  return (
    <div className="search-field">
      <Combobox
        store={combobox}
        onOptionSubmit={(value) => (value === everythingOption ? askEverything() : open(value))}
        position="bottom-start"
        width="target"
        offset={2}
        // In the header's landmark, not in a portal at the end of the page: screen readers find it where the field is.
        withinPortal={false}
        zIndex={300}
      >
        {/* The field's ARIA is ours: Mantine's keeps naming an option of earlier matches as active. */}
        <Combobox.Target withAriaAttributes={false}>
          <TextInput
            ref={inputRef}
            type="search"
            label={t('search.label')}
            placeholder={t('search.placeholder')}
            aria-describedby={hintId}
            role="combobox"
            aria-haspopup="listbox"
            aria-autocomplete="list"
            aria-expanded={combobox.dropdownOpened}
            aria-controls={combobox.dropdownOpened && listboxShown(typed, searching && search.isError, settled, result, withPeople) ? listId : undefined}
            aria-activedescendant={combobox.dropdownOpened ? (activeId ?? undefined) : undefined}
            classNames={{ root: 'search-field-root', label: 'search-field-label', wrapper: 'search-field-wrapper' }}
            value={text}
            onChange={(event) => {
              const next = event.currentTarget.value;
              setText(next);
              if (next.trim() === '') combobox.closeDropdown();
              else combobox.openDropdown();
            }}
            onFocus={() => {
              if (typed !== '') combobox.openDropdown();
            }}
            onBlur={() => {
              combobox.closeDropdown();
              setActiveId(null);
            }}
            onKeyDown={(event) => {
              // A search input's own Escape empties it: here Escape only closes the list, what was typed stays.
              if (event.key === 'Escape') event.preventDefault();
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') followSelection();
              if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
              if (event.shiftKey) {
                // The combobox would open the selected match as well: Shift+Enter only widens the search.
                event.preventDefault();
                combobox.resetSelectedOption();
                if (result?.articles === 'recent') askEverything();
                return;
              }
              const first = hits[0];
              if (combobox.getSelectedOptionIndex() === -1 && first !== undefined && settled) {
                event.preventDefault();
                open(first.ticketId);
              }
            }}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            data-search-field
          />
        </Combobox.Target>
        <Combobox.Dropdown className="search-dropdown">
          <SearchResults
            listId={listId}
            activeId={activeId}
            typed={typed}
            query={query}
            settled={settled}
            failed={searching && search.isError}
            error={search.error}
            result={result}
            withPeople={withPeople}
          />
        </Combobox.Dropdown>
      </Combobox>
      <VisuallyHidden id={hintId}>{t('search.hint')}</VisuallyHidden>
      <VisuallyHidden role="status" data-search-settled={settled && result !== undefined}>
        {searchSummary(t, typed, query, settled, result)}
      </VisuallyHidden>
    </div>
  );
}
