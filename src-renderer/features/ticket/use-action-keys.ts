import { useEffect, useRef } from 'react';
import { belongsToWidget } from '../workspace/shortcuts.js';
import type { TicketAction } from './action-rights.js';

/** The open ticket's keys, as the keyboard map lists them (`keys.note` …). */
export const actionKeys: Partial<Record<TicketAction, string>> = {
  note: 'i',
  reply: 'r',
  pending: 'p',
  close: 'c',
  move: 'm',
  owner: 'o',
  lock: 'l',
  time: 't',
};

const actionOfKey = new Map(Object.entries(actionKeys).map(([action, key]) => [key, action as TicketAction]));

/**
 * The ticket's action keys while a ticket is open. Listens on the window, after the document's
 * workspace keys have had their turn: "g then l" stays the workspace's (it marks the key handled).
 * Keys typed into a field or an open editor form, with a modifier, or handled already are left alone;
 * Ctrl+Enter sends the open form from anywhere.
 */
export function useActionKeys(onAction: (action: TicketAction) => void): void {
  const latest = useRef(onAction);
  latest.current = onAction;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        // Ctrl+Enter sends the open form wherever the focus is (after a file dialog it may be on the page).
        const form = document.querySelector<HTMLFormElement>('form.action-form');
        if (form !== null) {
          event.preventDefault();
          form.requestSubmit();
        }
        return;
      }
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat || belongsToWidget(event.target)) return;
      if (event.target instanceof Element && event.target.closest('.action-form') !== null) return;
      const action = actionOfKey.get(event.key);
      if (action === undefined) return;
      event.preventDefault();
      latest.current(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
