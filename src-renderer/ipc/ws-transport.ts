import {
  wsResponseFrameSchema,
  type ChannelName,
  type EventName,
  type EventPayload,
  type KontorApi,
  type KontorBridge,
} from '../../src-shared/ipc/contract.js';
import { checkEvent, checkResult, failure, type AnyResult } from './checks.js';
import type { ConnectionSource, ConnectionState } from './connection.js';

export interface WsTransportOptions {
  /** `ws://HOST/ipc` of the browser host. */
  url: string;
  /** The browser host's per-run token; null when the address carried none. */
  token: string | null;
  /** Reconnect delays double from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Only for tests: a stand-in for `new WebSocket(url, protocols)`. */
  createSocket?: (url: string, protocols: string[]) => WebSocket;
}

export interface WsTransport {
  bridge: KontorBridge;
  connection: ConnectionSource;
  /** Closes for good: pending and later calls fail with `disconnected`. */
  close(): void;
}

type Listener = (payload: unknown) => void;

interface PendingCall {
  channel: ChannelName;
  resolve: (result: AnyResult) => void;
}

const socketOpen = 1;
/** Longer than any login or look-up may take (the main process has its own, shorter timeouts). */
const callTimeoutMs = 120_000;
/** A connection must stay up this long before the backoff starts again from the beginning. */
const stableAfterMs = 2_000;

/**
 * The browser host's transport: one WebSocket to `ws://HOST/ipc`, authenticated by the
 * per-run token in a subprotocol, with `{id, channel, args}` → `{id, result}` calls and
 * `{event, payload}` pushes, every frame and result checked against the shared schemas.
 * A call without input leaves `args` out (JSON has no `undefined`).
 */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 5_000 };
  const createSocket = options.createSocket ?? ((url: string, protocols: string[]) => new WebSocket(url, protocols));
  const pending = new Map<number, PendingCall>();
  const listeners = new Map<EventName, Set<Listener>>();
  const stateListeners = new Set<() => void>();
  let state: ConnectionState = options.token === null ? 'unavailable' : 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failedAttempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let stableTimer: ReturnType<typeof setTimeout> | undefined;
  let closedForGood = false;

  // Calls made before the first attempt has finished wait for it instead of failing at once.
  let settleFirstAttempt: () => void = () => undefined;
  const firstAttempt = new Promise<void>((resolve) => {
    settleFirstAttempt = resolve;
  });

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    for (const listener of [...stateListeners]) listener();
  }

  function failPending(): void {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.resolve(failure('disconnected', 'The connection to the Kontor Desk main process was lost.'));
  }

  function scheduleReconnect(): void {
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** failedAttempts);
    failedAttempts += 1;
    const jittered = delay * (0.8 + Math.random() * 0.4);
    reconnectTimer = setTimeout(connect, jittered);
  }

  function connect(): void {
    if (options.token === null || closedForGood) return;
    let ws: WebSocket;
    try {
      ws = createSocket(options.url, ['kontor-ipc', `kontor-token.${options.token}`]);
    } catch {
      settleFirstAttempt();
      setState('reconnecting');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      stableTimer = setTimeout(() => {
        failedAttempts = 0;
      }, stableAfterMs);
      setState('connected');
      settleFirstAttempt();
    };
    ws.onmessage = (message: MessageEvent) => {
      handleFrame(message.data);
    };
    // An error is always followed by close; close alone decides what happens next.
    ws.onclose = () => {
      clearTimeout(stableTimer);
      if (socket === ws) socket = null;
      failPending();
      settleFirstAttempt();
      if (closedForGood) return;
      setState('reconnecting');
      scheduleReconnect();
    };
  }

  function handleFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      console.warn('Kontor IPC: ignored a frame that is not JSON');
      return;
    }
    const parsed = wsResponseFrameSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('Kontor IPC: ignored a frame that does not match the contract');
      return;
    }
    const frame = parsed.data;
    if ('id' in frame) settle(frame.id, frame.result);
    else deliver(frame.event, frame.payload);
  }

  function settle(id: number, raw: unknown): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    call.resolve(checkResult(call.channel, raw));
  }

  function deliver(event: string, payload: unknown): void {
    const checked = checkEvent(event, payload);
    if (!checked) return;
    for (const listener of [...(listeners.get(checked.event) ?? [])]) listener(checked.payload);
  }

  async function call(channel: ChannelName, input: unknown): Promise<AnyResult> {
    if (state === 'connecting') await firstAttempt;
    const ws = socket;
    if (state === 'unavailable') return failure('disconnected', 'The address carries no access token for the Kontor Desk main process.');
    if (!ws || ws.readyState !== socketOpen) return failure('disconnected', 'Not connected to the Kontor Desk main process.');
    const id = nextId++;
    return new Promise<AnyResult>((resolve) => {
      // A frame the host could not read is answered without our id: do not wait forever for it.
      const timer = setTimeout(() => {
        if (pending.delete(id)) resolve(failure('internal-error', `No answer on ${channel}.`));
      }, callTimeoutMs);
      pending.set(id, {
        channel,
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
      });
      try {
        ws.send(JSON.stringify({ id, channel, args: input }));
      } catch {
        pending.get(id)?.resolve(failure('disconnected', 'The call could not be sent to the Kontor Desk main process.'));
        pending.delete(id);
      }
    });
  }

  const bridge: KontorBridge = {
    invoke<C extends ChannelName>(channel: C, input: Parameters<KontorApi[C]>[0]) {
      return call(channel, input) as ReturnType<KontorApi[C]>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const entry = listener as Listener;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };

  const connection: ConnectionSource = {
    getState: () => state,
    subscribe(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };

  connect();

  return {
    bridge,
    connection,
    close() {
      closedForGood = true;
      clearTimeout(reconnectTimer);
      clearTimeout(stableTimer);
      socket?.close();
      socket = null;
      failPending();
      settleFirstAttempt();
      setState('unavailable');
    },
  };
}
