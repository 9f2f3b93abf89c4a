import { useEffect, useRef } from 'react';
import { focusList } from '../ticket-list/list-focus.js';

/** How long after `g` the second key of a "g then …" shortcut counts. */
const sequenceMillis = 1500;

/** Keys typed into a field, or meant for an open dialog, menu or list box, are theirs, not shortcuts. */
export function belongsToWidget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="dialog"], [role="menu"], [role="listbox"], [role="combobox"]') !== null) return true;
  return false;
}

export interface WorkspaceShortcuts {
  onShowMap: () => void;
  /** Escape or Backspace on a ticket; null where there is no "back" (a list). */
  onBack: (() => void) | null;
  onFocusQueues: () => void;
  /** `n`: a new phone ticket. */
  onNewPhoneTicket: () => void;
}

/**
 * The workspace's own keys, on the document so that they work wherever the focus is outside a
 * field: `?`, "g then q", "g then l", j/k towards the list, `n` for a new phone ticket, Escape/Backspace on a ticket. `/` and
 * Ctrl+K are the search field's: never taken here. A key a widget handled (`preventDefault`) is left alone.
 */
export function useWorkspaceShortcuts({ onShowMap, onBack, onFocusQueues, onNewPhoneTicket }: WorkspaceShortcuts): void {
  const latest = useRef({ onShowMap, onBack, onFocusQueues, onNewPhoneTicket });
  latest.current = { onShowMap, onBack, onFocusQueues, onNewPhoneTicket };
  useEffect(() => {
    let gPressedAt = 0;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || belongsToWidget(event.target)) return;
      const { onShowMap: showMap, onBack: back, onFocusQueues: focusQueues, onNewPhoneTicket: newPhoneTicket } = latest.current;
      const afterG = Date.now() - gPressedAt < sequenceMillis;
      gPressedAt = 0;
      let handled = true;
      if (event.key === '?') showMap();
      else if (afterG && event.key === 'q') focusQueues();
      else if (afterG && event.key === 'l') handled = focusList();
      else if (event.key === 'g' && !event.shiftKey) gPressedAt = Date.now();
      else if (event.key === 'n') newPhoneTicket();
      else if (event.key === 'j' || event.key === 'k') handled = focusList(event.key === 'j' ? 1 : -1);
      else if ((event.key === 'Escape' || event.key === 'Backspace') && back !== null) back();
      else handled = false;
      if (handled) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
