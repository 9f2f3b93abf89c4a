import type { ChannelName, KontorApi, KontorBridge } from '../../src-shared/ipc/contract.js';
import { checkedBridge } from './checked-bridge.js';
import { alwaysConnected, type ConnectionSource } from './connection.js';
import { IpcError } from './ipc-error.js';
import { takeTokenFromLocation } from './location-token.js';
import { createWsTransport } from './ws-transport.js';

interface Transport {
  bridge: KontorBridge;
  connection: ConnectionSource;
}

/** Electron's preload bridge when there is one, else the browser host's WebSocket. Picked once. */
function pickTransport(): Transport {
  if (window.kontor) return { bridge: checkedBridge(window.kontor), connection: alwaysConnected };
  const { bridge, connection } = createWsTransport({
    url: `ws://${window.location.host}/ipc`,
    token: takeTokenFromLocation(),
  });
  return { bridge, connection };
}

const transport = pickTransport();

/** The one way the renderer reaches the main process. Nothing else knows which host runs it. */
export const kontor: KontorBridge = transport.bridge;
/** Whether calls can reach the main process right now. */
export const connection: ConnectionSource = transport.connection;

export type ChannelInput<C extends ChannelName> = Parameters<KontorApi[C]>[0];
export type ChannelResult<C extends ChannelName> = Awaited<ReturnType<KontorApi[C]>>;
export type ChannelValue<C extends ChannelName> = Extract<ChannelResult<C>, { ok: true }>['value'];
export type ChannelReason<C extends ChannelName> = Extract<ChannelResult<C>, { ok: false }>['error']['reason'];

/** Channels without input may be called without an argument. */
type InputArgs<C extends ChannelName> = undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/** Calls a channel and returns its result envelope; never throws. */
export function invoke<C extends ChannelName>(channel: C, ...args: InputArgs<C>): ReturnType<KontorApi[C]> {
  return kontor.invoke(channel, args[0] as ChannelInput<C>);
}

/** Calls a channel and returns its value, or throws an `IpcError` with the typed reason (for React Query). */
export async function request<C extends ChannelName>(channel: C, ...args: InputArgs<C>): Promise<ChannelValue<C>> {
  const result: ChannelResult<C> = await invoke(channel, ...args);
  if (result.ok) return result.value;
  throw new IpcError<ChannelReason<C>>(result.error.reason, result.error.message, result.error.retryAfterSeconds);
}
