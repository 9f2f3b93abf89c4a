import { Button, Combobox, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { forwardRef, useEffect, useId, useState } from 'react';
import type { CallerSearchResult } from '../../../../src-shared/ipc/cache.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import type { PickedCaller } from '../phone-form.js';
import { callerSearchMinLength, useCallerSearch } from '../queries.js';

/** The cache answers within milliseconds; the live directory is asked in the same call, so typing pauses a little longer. */
const debounceMs = 200;

type Found = CallerSearchResult['callers'][number];

function picked(found: Found): PickedCaller {
  return { id: found.id, displayName: found.displayName, username: found.username, email: found.email, phone: found.phone, institution: found.institution };
}

/** Where the matches came from, in words: the cache always; the directory added, could not be asked, or was not needed. */
export function sourcesSummary(t: Translate, result: CallerSearchResult): string {
  const fromCache = result.callers.filter((caller) => caller.source === 'cache').length;
  const fromDirectory = result.callers.length - fromCache;
  const cache = t('phone.caller.found-cache', fromCache);
  if (result.directory === 'unavailable') return `${cache} ${t('phone.caller.directory-unavailable')}`;
  if (result.directory === 'asked') return `${cache} ${t('phone.caller.found-directory', fromDirectory)}`;
  return result.truncated ? `${cache} ${t('phone.caller.truncated')}` : cache;
}

interface CallerFieldProps {
  onPick: (caller: PickedCaller) => void;
  invalid: string | null;
  errorId: string;
}

/**
 * The caller as an accessible combobox over `callers.search`: the cached customer users first
 * (offline too), the live directory adding what the cache lacks; each match says where it came from.
 */
export const CallerField = forwardRef<HTMLInputElement, CallerFieldProps>(function CallerField({ onPick, invalid, errorId }, ref) {
  const t = useT();
  const statusId = useId();
  const listId = `caller-results-${useId().replace(/[^a-z0-9]/giu, '')}`;
  const [text, setText] = useState('');
  const [activeId, setActiveId] = useState<string | null>(null);
  const typed = text.trim();
  const [query] = useDebouncedValue(typed, debounceMs);
  const search = useCallerSearch(query);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const searching = query.length >= callerSearchMinLength;
  const failed = searching && search.isError;
  const settled = searching && typed === query && !search.isFetching;
  const result = searching && !failed ? search.data : undefined;
  const callers = result?.callers ?? [];
  const listed = combobox.dropdownOpened && callers.length > 0;

  const { resetSelectedOption } = combobox;
  useEffect(() => {
    resetSelectedOption();
    setActiveId(null);
  }, [resetSelectedOption, result]);

  function followSelection(): void {
    queueMicrotask(() => setActiveId(document.getElementById(listId)?.querySelector('[data-combobox-selected]')?.id ?? null));
  }

  function choose(id: string): void {
    const found = callers.find((caller) => caller.id === id);
    if (found === undefined) return;
    combobox.closeDropdown();
    setText('');
    onPick(picked(found));
  }

  let status = '';
  if (typed.length > 0 && typed.length < callerSearchMinLength) status = t('phone.caller.type-more');
  else if (failed) status = '';
  else if (typed.length >= callerSearchMinLength && (!settled || result === undefined)) status = t('phone.caller.searching');
  else if (result !== undefined) status = result.callers.length === 0 ? `${t('phone.caller.none', query)} ${result.directory === 'unavailable' ? t('phone.caller.directory-unavailable') : ''}`.trim() : sourcesSummary(t, result);

  return (
    <div className="phone-caller-field">
      <Combobox store={combobox} onOptionSubmit={choose} position="bottom-start" width="target" offset={2} withinPortal={false} zIndex={300}>
        <Combobox.Target withAriaAttributes={false}>
          <TextInput
            ref={ref}
            label={t('phone.caller.label')}
            description={t('phone.caller.hint')}
            placeholder={t('phone.caller.placeholder')}
            role="combobox"
            aria-haspopup="listbox"
            aria-autocomplete="list"
            aria-expanded={listed}
            aria-controls={listed ? listId : undefined}
            aria-activedescendant={listed ? (activeId ?? undefined) : undefined}
            aria-describedby={invalid === null ? statusId : `${statusId} ${errorId}`}
            aria-invalid={invalid !== null}
            error={invalid === null ? undefined : <span id={errorId}>{invalid}</span>}
            value={text}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            data-caller-field
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
              if (event.key === 'Escape' && combobox.dropdownOpened) {
                // Closes the list only; what was typed stays, and the workspace does not go back.
                event.preventDefault();
                event.stopPropagation();
                combobox.closeDropdown();
              }
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                if (!combobox.dropdownOpened && typed !== '') combobox.openDropdown();
                followSelection();
              }
              if (event.key === 'Enter' && !event.nativeEvent.isComposing && !event.ctrlKey) {
                // Enter on the field takes the first match once the answer is in; Ctrl+Enter belongs to the form.
                const first = callers[0];
                if (combobox.getSelectedOptionIndex() === -1 && first !== undefined && settled) {
                  event.preventDefault();
                  choose(first.id);
                }
              }
            }}
          />
        </Combobox.Target>
        <Combobox.Dropdown className="phone-caller-dropdown">
          {failed && <ReasonAlert title={t('phone.caller.failed')} error={search.error} />}
          {!failed && callers.length > 0 && (
            <Combobox.Options id={listId} aria-label={t('phone.caller.results')} aria-busy={!settled} className="phone-caller-options">
              {callers.map((caller) => {
                const id = `${listId}-${caller.id.replace(/[^A-Za-z0-9-]/gu, '')}`;
                return (
                  <Combobox.Option key={caller.id} value={caller.id} id={id} aria-selected={id === activeId} className="phone-caller-option" data-caller-id={caller.id} data-source={caller.source}>
                    <span className="phone-caller-name">
                      {caller.displayName} <span className="phone-caller-username">({caller.username})</span>
                    </span>
                    <span className="phone-caller-meta">
                      {[caller.institution?.name ?? t('phone.caller.no-institution'), caller.email].filter((part) => part !== null).join(' · ')}
                    </span>
                    <span className={`phone-caller-source phone-caller-source-${caller.source}`}>{t(`phone.caller.source.${caller.source}`)}</span>
                  </Combobox.Option>
                );
              })}
            </Combobox.Options>
          )}
          {/* Below the matches, the status line's words where the eye is (screen readers hear the status line itself). */}
          {!failed && (
            <p className={callers.length > 0 ? 'phone-caller-message phone-caller-footer' : 'phone-caller-message'} aria-hidden={callers.length > 0 ? true : undefined}>
              {status === '' ? t('phone.caller.type-more') : status}
            </p>
          )}
        </Combobox.Dropdown>
      </Combobox>
      <p id={statusId} className="phone-caller-status" role="status" data-caller-settled={settled && result !== undefined}>
        {status}
      </p>
    </div>
  );
});

/** "Internes Ticket (ohne Kunde)": nobody called, the ticket is the helpdesk's own. */
export function InternalChoice({ onChoose }: { onChoose: () => void }) {
  const t = useT();
  return (
    <Button variant="default" size="xs" onClick={onChoose} className="phone-internal-button">
      {t('phone.caller.internal')}
    </Button>
  );
}
