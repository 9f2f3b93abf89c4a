import WebSocket from 'ws';
import { channels, events, wsResponseFrameSchema, type ChannelName, type EventName, type EventPayload, type KontorApi } from '../../src-shared/ipc/contract.js';
import { resultSchema } from '../../src-shared/result.js';

export type IpcResult<C extends ChannelName> = Awaited<ReturnType<KontorApi[C]>>;
export type IpcValue<C extends ChannelName> = Extract<IpcResult<C>, { ok: true }>['value'];

/** How long a call may take before the test calls it lost (a login waits for the server's own timeouts). */
const callTimeoutMs = 60_000;

/**
 * The browser host's IPC as the renderer's WebSocket transport speaks it
 * (src-renderer/ipc/ws-transport.ts): `ws://127.0.0.1:PORT/ipc`, our own origin, the per-run
 * token in a subprotocol, `{id, channel, args}` → `{id, result}` and `{event, payload}` frames,
 * every result checked against the contract's schema.
 */
export class DeskIpc {
  private nextId = 1;
  private readonly pending = new Map<number, { channel: ChannelName; resolve: (result: unknown) => void; timer: NodeJS.Timeout }>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(data.toString('utf8')));
    socket.on('close', () => this.failPending('the Desk closed the IPC socket'));
    socket.on('error', () => undefined);
  }

  /** Connects to the address the Desk printed (`http://127.0.0.1:PORT/#token=…`). */
  static async connect(address: string): Promise<DeskIpc> {
    const url = new URL(address);
    const token = new URLSearchParams(url.hash.slice(1)).get('token');
    if (!token) throw new Error(`no token in ${address}`);
    const socket = new WebSocket(`ws://${url.host}/ipc`, ['kontor-ipc', `kontor-token.${token}`], { origin: url.origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`the Desk refused the IPC socket: ${String(response.statusCode)}`)));
    });
    return new DeskIpc(socket);
  }

  /** One contract call; the result as the renderer would get it. */
  invoke<C extends ChannelName>(channel: C, input: Parameters<KontorApi[C]>[0]): Promise<IpcResult<C>> {
    if (this.socket.readyState !== WebSocket.OPEN) return Promise.resolve(disconnected(channel) as IpcResult<C>);
    const id = this.nextId++;
    return new Promise<IpcResult<C>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: { reason: 'internal-error', message: `no answer on ${channel} within ${String(callTimeoutMs)} ms` } } as IpcResult<C>);
      }, callTimeoutMs);
      this.pending.set(id, { channel, resolve: (result) => resolve(result as IpcResult<C>), timer });
      this.socket.send(JSON.stringify(input === undefined ? { id, channel } : { id, channel, args: input }));
    });
  }

  /** A call that must succeed: its value, or an error naming the channel and the reason. */
  async value<C extends ChannelName>(channel: C, input: Parameters<KontorApi[C]>[0]): Promise<IpcValue<C>> {
    const result = await this.invoke(channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.reason}: ${result.error.message}`);
    return result.value;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  close(): void {
    this.socket.close();
    this.failPending('closed by the test');
  }

  private receive(text: string): void {
    const raw = JSON.parse(text) as Record<string, unknown>;
    // An event without payload (`cache.changed`) arrives without the key: JSON has no undefined.
    const frame = wsResponseFrameSchema.parse('event' in raw && !('payload' in raw) ? { ...raw, payload: undefined } : raw);
    if ('id' in frame) {
      const call = this.pending.get(frame.id);
      if (!call) return;
      this.pending.delete(frame.id);
      clearTimeout(call.timer);
      call.resolve(resultSchema(channels[call.channel].output).parse(frame.result));
      return;
    }
    const name = frame.event;
    if (!Object.hasOwn(events, name)) throw new Error(`the Desk sent an unknown event ${name}`);
    const payload: unknown = events[name as EventName].parse(frame.payload);
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }

  private failPending(message: string): void {
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      this.pending.delete(id);
      call.resolve(disconnected(call.channel, message));
    }
  }
}

function disconnected(channel: ChannelName, message = 'not connected to the Desk'): unknown {
  return { ok: false, error: { reason: 'disconnected', message: `${channel}: ${message}` } };
}
