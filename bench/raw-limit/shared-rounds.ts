/**
 * Kontor's sequencer in the replay: a round (the captured stamping statements) runs for
 * everybody who asked before it began; who asks while a round runs is served by the next one,
 * so that concurrent writers share one stamping transaction, as Kontor's requests do
 * (src-server/sync/sequencer.ts, `Sequencer.drain`).
 */
export class SharedRounds {
  private waiting: (() => void)[] = [];
  private draining = false;

  constructor(private readonly round: () => Promise<void>) {}

  /** Resolves when a round that began after this call has ended. */
  request(): Promise<void> {
    const served = new Promise<void>((resolve) => this.waiting.push(resolve));
    if (!this.draining) {
      this.draining = true;
      void this.drain();
    }
    return served;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const served = this.waiting;
      this.waiting = [];
      await this.round();
      for (const resolve of served) resolve();
    }
    this.draining = false;
  }
}
