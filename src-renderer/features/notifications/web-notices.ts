import { useEffect, useState } from 'react';
import type { DeskNotice } from '../../../src-shared/ipc/notifications.js';
import { useLanguageStore } from '../../i18n/language-store.js';
import { kontor, request } from '../../ipc/client.js';
import { navigate } from '../workspace/hash-location.js';
import { ticketPath } from '../workspace/routes.js';

/** Whether the browser lets Kontor show notices: its own three states, or none at all. */
export type WebPermission = NotificationPermission | 'unsupported';

export function webPermission(): WebPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser (only while it has not been asked: a refusal it remembers cannot be asked again). */
export async function askWebPermission(): Promise<WebPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

/** The browser's permission, read again whenever `refreshKey` changes (the dialog opened) or after asking. */
export function useWebPermission(refreshKey: unknown): [WebPermission, () => void] {
  const [permission, setPermission] = useState<WebPermission>(webPermission);
  useEffect(() => setPermission(webPermission()), [refreshKey]);
  const ask = () => void askWebPermission().then(setPermission, () => setPermission(webPermission()));
  return [permission, ask];
}

function openTicket(ticketId: string): void {
  window.focus();
  navigate(ticketPath(ticketId));
}

/** Shows a notice the main process pushed, with the browser's Notification API; a click opens its ticket. */
function showWebNotice(notice: DeskNotice): void {
  if (webPermission() !== 'granted') return;
  const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag });
  shown.onclick = () => {
    openTicket(notice.ticketId);
    shown.close();
  };
}

/**
 * While signed in: shows the notices the browser host pushes (`notifications.show`), opens the
 * ticket of a notice Electron showed and the agent clicked (`notifications.open`), and tells the
 * main process the agent's language, in which it writes the notices.
 */
export function useDeskNotices(): void {
  const language = useLanguageStore((state) => state.language);
  useEffect(() => {
    const stopShow = kontor.on('notifications.show', showWebNotice);
    const stopOpen = kontor.on('notifications.open', ({ ticketId }) => openTicket(ticketId));
    return () => {
      stopShow();
      stopOpen();
    };
  }, []);
  useEffect(() => {
    // Best effort: a failure leaves the notices in the language set before.
    void request('notifications.setLanguage', { language }).catch(() => undefined);
  }, [language]);
}
