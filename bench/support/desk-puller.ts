import { performance } from 'node:perf_hooks';
import type { SignedIn } from './api.js';

interface Page {
  changes: { seq: number }[];
  cursor: string;
  hasMore: boolean;
}

/**
 * What the Desk's sync engine does on a push: pull from its cursor until the feed has nothing
 * more. It records when each seq first became visible to this agent (stored in a real cache
 * right after; the benchmark stops at the answer).
 */
export class DeskPuller {
  private seen = 0;
  /** When the highest seen seq grew, page by page. */
  private readonly progress: { seq: number; at: number }[] = [];
  private pulling: Promise<void> | null = null;
  private again = false;
  private readonly waiters = new Set<{ seq: number; resolve: (at: number) => void }>();

  constructor(
    private readonly baseUrl: string,
    private readonly agent: SignedIn,
    private cursor: string,
  ) {}

  /** Starts a pull now, or once the running one is done. */
  pull(): void {
    if (this.pulling) {
      this.again = true;
      return;
    }
    this.pulling = this.drain()
      .catch((error: unknown) => {
        process.stderr.write(`pull failed: ${String(error)}\n`);
      })
      .finally(() => (this.pulling = null));
  }

  /** The performance.now() at which a pulled page first carried `seq` or a later one. */
  visibleAt(seq: number, timeoutMs = 10_000): Promise<number> {
    const reached = this.progress.find((step) => step.seq >= seq);
    if (reached) return Promise.resolve(reached.at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`seq ${seq} not visible within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.add({
        seq,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  }

  private async drain(): Promise<void> {
    for (let more = true; more; ) {
      this.again = false;
      for (let hasMore = true; hasMore; ) {
        const response = await fetch(`${this.baseUrl}/api/v1/sync/changes?after=${encodeURIComponent(this.cursor)}`, {
          headers: { authorization: `Bearer ${this.agent.token}` },
        });
        const page = (await response.json()) as Page;
        const at = performance.now();
        if (response.status !== 200) throw new Error(`changes answered ${response.status}`);
        this.cursor = page.cursor;
        hasMore = page.hasMore;
        const before = this.seen;
        for (const change of page.changes) this.seen = Math.max(this.seen, change.seq);
        if (this.seen > before) this.progress.push({ seq: this.seen, at });
        for (const waiter of [...this.waiters]) {
          if (waiter.seq > this.seen) continue;
          this.waiters.delete(waiter);
          waiter.resolve(at);
        }
      }
      more = this.again;
    }
  }
}
