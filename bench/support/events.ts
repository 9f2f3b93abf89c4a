import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { syncEventSchema } from '../../src-shared/sync/protocol.js';

/** An agent's events socket that remembers when each push arrived. */
export class EventsListener {
  /** Every push in arrival order (seqs only grow). */
  private readonly pushes: { seq: number; at: number }[] = [];
  private readonly waiters = new Set<{ seq: number; resolve: (at: number) => void }>();
  /** Called on every push, as the Desk's sync engine is. */
  onPush: (seq: number) => void = () => undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const at = performance.now();
      const { seq } = syncEventSchema.parse(JSON.parse(data.toString('utf8')));
      this.pushes.push({ seq, at });
      this.onPush(seq);
      for (const waiter of [...this.waiters]) {
        if (waiter.seq > seq) continue;
        this.waiters.delete(waiter);
        waiter.resolve(at);
      }
    });
  }

  static open(baseUrl: string, token: string): Promise<EventsListener> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/u, 'ws')}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new EventsListener(socket)));
      socket.once('error', reject);
    });
  }

  /** The performance.now() at which the first push reaching `seq` arrived (perhaps before the call). */
  arrivalOf(seq: number, timeoutMs = 10_000): Promise<number> {
    const arrived = this.pushes.find((push) => push.seq >= seq);
    if (arrived) return Promise.resolve(arrived.at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no push for seq ${seq} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.add({
        seq,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}
