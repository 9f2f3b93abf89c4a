import { channelNames, eventChannel } from '../../../src-shared/ipc/channel-names.js';
import type { EventBus } from '../../events.js';
import type { Dispatch } from '../../dispatcher.js';

/** The parts of Electron's ipcMain and its event that the wiring uses (stand-ins in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, args: unknown) => Promise<unknown>): void;
}
export interface IpcInvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}
export interface RendererTarget {
  id: number;
  isDestroyed(): boolean;
  send(channel: string, message: unknown): void;
}

/**
 * One `ipcMain.handle` per contract channel, all into the shared dispatcher. A message counts
 * only from our window's own frame, loaded from our own renderer address.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, dispatch: Dispatch, window: () => RendererTarget | null, isPrintWindow: (senderId: number) => boolean = () => false): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, args) => {
      const target = window();
      // The hidden windows that print reports run the same renderer; they only read the reports they print.
      const fromOurWindow = (target !== null && event.sender.id === target.id) || (channel === 'reports.get' && isPrintWindow(event.sender.id));
      return dispatch(channel, args, { transport: 'electron', origin: fromOurWindow ? (event.senderFrame?.url ?? '') : 'foreign-window' });
    });
  }
}

/** Is this frame URL the renderer we loaded (the built file, or the dev server in development)? */
export function isOwnRendererUrl(frameUrl: string, rendererUrl: string): boolean {
  try {
    const frame = new URL(frameUrl);
    const own = new URL(rendererUrl);
    if (own.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === own.pathname;
    return frame.origin === own.origin;
  } catch {
    return false;
  }
}

/** Forwards every service event to the window, if it is still there. */
export function forwardEvents(bus: EventBus, window: () => RendererTarget | null): () => void {
  return bus.subscribe((event, payload) => {
    const target = window();
    if (target && !target.isDestroyed()) target.send(eventChannel, { event, payload });
  });
}
