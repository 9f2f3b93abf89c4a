/**
 * Pages read before they are asked for. While a Desk takes in one snapshot page (parses it,
 * writes it into its cache) the server and PostgreSQL would otherwise wait for its next request;
 * reading the pages after it meanwhile lets both sides work at the same time, so that a
 * bootstrap takes about as long as the slower side alone rather than both added up.
 *
 * Only pages whose requests are certain are read: the next ones of a snapshot that has more.
 * At most `depth` pages of one Desk (one agent) and `capacity` pages in all are held or being
 * read at a time (a page is about 1 MB); beyond that, nothing more is read ahead rather than
 * dropping a page another Desk is about to take, so that no page is read twice. A page not taken
 * within `ttlMs` is dropped (the Desk went away).
 */
export class ReadAhead<Page> {
  private readonly entries = new Map<string, { owner: string; startedAt: number; page: Promise<Page | null> }>();

  constructor(
    private readonly options: { capacity: number; depth: number; ttlMs: number } = { capacity: 8, depth: 2, ttlMs: 30_000 },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The page read ahead for exactly this request, once; null if there is none. */
  take(key: string): Promise<Page | null> | null {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    this.entries.delete(key);
    return this.clock() - entry.startedAt <= this.options.ttlMs ? entry.page : null;
  }

  /** The page held or being read for this request, left where it is; null if there is none. */
  peek(key: string): Promise<Page | null> | null {
    const entry = this.entries.get(key);
    return entry !== undefined && this.clock() - entry.startedAt <= this.options.ttlMs ? entry.page : null;
  }

  /**
   * Starts reading the page for `key` on behalf of `owner`, unless it is held already or as many
   * pages as allowed are. A read that fails is as if it had never started.
   */
  start(key: string, owner: string, read: () => Promise<Page>): void {
    const now = this.clock();
    for (const [held, entry] of this.entries) if (now - entry.startedAt > this.options.ttlMs) this.entries.delete(held);
    if (this.entries.has(key) || this.entries.size >= this.options.capacity) return;
    let owned = 0;
    for (const entry of this.entries.values()) if (entry.owner === owner) owned += 1;
    if (owned >= this.options.depth) return;
    this.entries.set(key, { owner, startedAt: now, page: read().catch(() => null) });
  }

  get size(): number {
    return this.entries.size;
  }
}
