import type { DeskNotice } from '../../../src-shared/ipc/notifications.js';

/** The parts of Electron's `Notification` the notifier uses (a stand-in in tests). */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): void;
  show(): void;
  close(): void;
}
export interface NotificationClassLike {
  new (options: { title: string; body: string }): NotificationLike;
  isSupported(): boolean;
}
/** The parts of the BrowserWindow a click brings forward. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * The Electron host's `HostPlatform.notify`: the system's notification, one per tag (a newer one
 * replaces it); a click brings the window forward and asks the renderer to open the ticket. The
 * notices are held until closed: Electron forgets the click of a notification nothing refers to.
 */
export function createElectronNotifier(
  NotificationClass: NotificationClassLike,
  window: () => FocusableWindow | null,
  openTicket: (ticketId: string) => void,
): (notice: DeskNotice) => void {
  const shown = new Map<string, NotificationLike>();
  return (notice) => {
    if (!NotificationClass.isSupported()) return;
    shown.get(notice.tag)?.close();
    const notification = new NotificationClass({ title: notice.title, body: notice.body });
    shown.set(notice.tag, notification);
    notification.on('close', () => {
      if (shown.get(notice.tag) === notification) shown.delete(notice.tag);
    });
    notification.on('click', () => {
      const target = window();
      if (target && !target.isDestroyed()) {
        if (target.isMinimized()) target.restore();
        target.show();
        target.focus();
      }
      openTicket(notice.ticketId);
    });
    notification.show();
  };
}
