// Electron's binary cannot run here: a stand-in plays its Notification class, so that the host's
// wiring (one notice per tag, a click brings the window forward and opens the ticket) is tested.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/events.js';
import { forwardEvents } from '../../../src-main/hosts/electron/ipc-wiring.js';
import { createElectronNotifier, type NotificationLike } from '../../../src-main/hosts/electron/notifier.js';
import type { DeskNotice } from '../../../src-shared/ipc/notifications.js';

class FakeNotification implements NotificationLike {
  static supported = true;
  static created: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly listeners = new Map<string, () => void>();
  shown = false;
  closed = false;
  constructor(readonly options: { title: string; body: string }) {
    FakeNotification.created.push(this);
  }
  on(event: 'click' | 'close', listener: () => void): void {
    this.listeners.set(event, listener);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.listeners.get('close')?.();
  }
  click(): void {
    this.listeners.get('click')?.();
  }
}

const notice = (tag: string): DeskNotice => ({
  tag,
  kind: 'new-ticket',
  ticketId: '0190a1b2-0000-7000-8000-000000000001',
  title: 'Neues Ticket in Wertpapiere::Abwicklung',
  body: '20261201000012 · Depotübertrag hängt',
});

describe('Electron notices', () => {
  function setup() {
    FakeNotification.created = [];
    FakeNotification.supported = true;
    const calls: string[] = [];
    const window = {
      minimized: true,
      isDestroyed: () => false,
      isMinimized: () => window.minimized,
      restore: () => calls.push('restore'),
      show: () => calls.push('show'),
      focus: () => calls.push('focus'),
    };
    // The click goes through the bus as in index.ts, and the bus to the window's renderer.
    const bus = new EventBus();
    const sent: unknown[] = [];
    forwardEvents(bus, () => ({ id: 1, isDestroyed: () => false, send: (_channel: string, message: unknown) => sent.push(message) }));
    const notify = createElectronNotifier(FakeNotification, () => window, (ticketId) => bus.emit('notifications.open', { ticketId }));
    return { notify, calls, sent };
  }

  it('shows the notice with its title and body; a click restores and focuses the window and asks the renderer to open the ticket', () => {
    const { notify, calls, sent } = setup();
    notify(notice('ticket:1'));
    const [shown] = FakeNotification.created;
    expect(shown?.options).toEqual({ title: 'Neues Ticket in Wertpapiere::Abwicklung', body: '20261201000012 · Depotübertrag hängt' });
    expect(shown?.shown).toBe(true);
    shown?.click();
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(sent).toEqual([{ event: 'notifications.open', payload: { ticketId: '0190a1b2-0000-7000-8000-000000000001' } }]);
  });

  it('replaces a notice of the same tag, keeps others, and shows nothing where the system has no notifications', () => {
    const { notify } = setup();
    notify(notice('clock:1:update'));
    notify(notice('ticket:2'));
    notify(notice('clock:1:update'));
    expect(FakeNotification.created.map((n) => n.closed)).toEqual([true, false, false]);
    FakeNotification.supported = false;
    notify(notice('ticket:3'));
    expect(FakeNotification.created).toHaveLength(3);
  });
});
