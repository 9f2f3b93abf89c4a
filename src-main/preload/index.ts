// Sandboxed preload: exposes `window.kontor` and nothing else. Only contract channels pass.
import { contextBridge, ipcRenderer } from 'electron';
import { channelNames, eventChannel, eventNames } from '../../src-shared/ipc/channel-names.js';
import type { ChannelName, KontorApi, KontorBridge } from '../../src-shared/ipc/contract.js';

const allowedChannels = new Set<string>(channelNames);
const allowedEvents = new Set<string>(eventNames);

const kontor = {
  invoke<C extends ChannelName>(channel: C, input: Parameters<KontorApi[C]>[0]): ReturnType<KontorApi[C]> {
    // The renderer validates every result against the contract; here only the allow-list.
    const result: Promise<unknown> = allowedChannels.has(channel)
      ? ipcRenderer.invoke(channel, input)
      : Promise.resolve({ ok: false, error: { reason: 'unknown-channel', message: `Unknown channel "${channel}".` } });
    return result as ReturnType<KontorApi[C]>;
  },
  on(event, listener) {
    if (!allowedEvents.has(event)) return () => undefined;
    const relay = (_event: unknown, message: { event: string; payload: unknown }) => {
      if (message.event === event) listener(message.payload as never);
    };
    ipcRenderer.on(eventChannel, relay);
    return () => {
      ipcRenderer.removeListener(eventChannel, relay);
    };
  },
} satisfies KontorBridge;

contextBridge.exposeInMainWorld('kontor', kontor);
