/**
 * Tells something at most every `intervalMs`: the first request after a quiet interval at once,
 * the ones that follow folded into one at the end of the interval. What is told is read when it
 * is told (the latest status, the entities gathered so far), so folding loses nothing but steps.
 */
export class ToldAtMost {
  private timer: NodeJS.Timeout | null = null;
  private lastTold = Number.NEGATIVE_INFINITY;

  constructor(private readonly tell: () => void, private readonly intervalMs: number) {}

  request(): void {
    if (this.timer) return;
    const wait = this.lastTold + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.now();
      return;
    }
    this.timer = setTimeout(() => this.now(), wait);
  }

  /** Tells at once (a new state, the end of a transfer), with whatever was waiting. */
  now(): void {
    this.cancel();
    this.lastTold = Date.now();
    this.tell();
  }

  /** Whether a folded request is waiting to be told. */
  get waiting(): boolean {
    return this.timer !== null;
  }

  /** Drops a waiting request (the engine stopped: its cache is closing). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
