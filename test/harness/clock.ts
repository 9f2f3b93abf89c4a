/** A clock the test moves by hand; the server reads it for expiry, throttling and audit times. */
export class TestClock {
  private current: Date;
  constructor(start: Date = new Date()) {
    this.current = start;
  }
  readonly now = (): Date => this.current;
  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.current;
  }
}

export const minutes = (count: number): number => count * 60_000;
