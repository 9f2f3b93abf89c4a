// Electron's binary cannot run here: these stand-ins play ipcMain and WebContents so that the
// thin wiring (sender check, navigation and window-open hardening) is tested on its own.
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src-main/dispatcher.js';
import { EventBus } from '../../../src-main/events.js';
import { forwardEvents, isOwnRendererUrl, registerIpcHandlers, type IpcInvokeEventLike } from '../../../src-main/hosts/electron/ipc-wiring.js';
import { hardenWebContents } from '../../../src-main/hosts/electron/window-security.js';
import { channelNames } from '../../../src-shared/ipc/channel-names.js';
import { silentLogger } from '../../../src-shared/node/log.js';
import { transportTestHandlers } from '../fake-handlers.js';

const rendererUrl = 'file:///opt/kontor/out/renderer/index.html';

function wire() {
  const handlers = new Map<string, (event: IpcInvokeEventLike, args: unknown) => Promise<unknown>>();
  const sent: unknown[] = [];
  const window = { id: 7, isDestroyed: () => false, send: (_channel: string, message: unknown) => sent.push(message) };
  const dispatch = createDispatcher(transportTestHandlers(), (s) => s.transport === 'electron' && isOwnRendererUrl(s.origin, rendererUrl), silentLogger);
  // Window 9 is a hidden print window (src-main/hosts/electron/print.ts).
  registerIpcHandlers({ handle: (channel, listener) => handlers.set(channel, listener) }, dispatch, () => window, (id) => id === 9);
  return { handlers, sent, window };
}

describe('Electron IPC wiring', () => {
  it('registers exactly the contract channels', () => {
    expect([...wire().handlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('answers our own window and refuses another window or a foreign frame', async () => {
    const { handlers } = wire();
    const current = handlers.get('session.current');
    if (!current) throw new Error('session.current not registered');
    expect(await current({ sender: { id: 7 }, senderFrame: { url: rendererUrl } }, undefined)).toMatchObject({ ok: true });
    expect(await current({ sender: { id: 8 }, senderFrame: { url: rendererUrl } }, undefined)).toMatchObject({ ok: false, error: { reason: 'forbidden-sender' } });
    expect(await current({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }, undefined)).toMatchObject({ ok: false, error: { reason: 'forbidden-sender' } });
    expect(await current({ sender: { id: 7 }, senderFrame: { url: 'file:///tmp/other.html' } }, undefined)).toMatchObject({ ok: false, error: { reason: 'forbidden-sender' } });
  });

  it('lets a print window read the report it prints, and nothing else', async () => {
    const { handlers } = wire();
    const fromPrintWindow = { sender: { id: 9 }, senderFrame: { url: rendererUrl } };
    // Answered by the (test) service: not refused at the door.
    expect(await handlers.get('reports.get')?.(fromPrintWindow, { source: { kind: 'snapshot', snapshotId: '00000000-0000-4000-8000-000000000001' } })).toMatchObject({ ok: false, error: { reason: 'not-signed-in' } });
    for (const channel of ['session.current', 'session.logout', 'tickets.mutate', 'attachments.save', 'reports.export']) {
      expect(await handlers.get(channel)?.(fromPrintWindow, undefined)).toMatchObject({ ok: false, error: { reason: 'forbidden-sender' } });
    }
  });

  it('forwards service events to the window', () => {
    const { sent, window } = wire();
    const bus = new EventBus();
    forwardEvents(bus, () => window);
    bus.emit('session.changed', { state: 'signed-out' });
    expect(sent).toEqual([{ event: 'session.changed', payload: { state: 'signed-out' } }]);
  });
});

describe('window hardening', () => {
  function harden() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    const opened: string[] = [];
    hardenWebContents(
      {
        on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => {
          listeners.set(event, listener);
        },
        setWindowOpenHandler: (handler) => (openHandler = handler),
      },
      (url) => opened.push(url),
      (url) => isOwnRendererUrl(url, rendererUrl),
    );
    const prevented = (event: string, url?: string) => {
      let blocked = false;
      listeners.get(event)?.({ preventDefault: () => (blocked = true) }, url ?? '');
      return blocked;
    };
    return { prevented, open: (url: string) => openHandler?.({ url }), opened };
  }

  it('blocks navigation away from the renderer and every webview', () => {
    const { prevented } = harden();
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', rendererUrl)).toBe(false);
    expect(prevented('will-attach-webview')).toBe(true);
  });

  it('denies every new window and opens only http(s) links externally', () => {
    const { open, opened } = harden();
    for (const url of ['https://www.bank.example/faq', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://share/x', 'https://user:pw@evil.example/']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://www.bank.example/faq']);
  });
});
