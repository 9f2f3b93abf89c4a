import pg from 'pg';

interface Subscription {
  channel: string;
  onNotify: (payload: string) => void;
  onReconnect?: () => void;
}

/** Back-off of the reconnection: from the first delay, doubled after each failure, up to the last. */
const reconnectDelayMs = { first: 250, max: 10_000 };

/**
 * One dedicated connection for LISTEN, shared by every subscription of a server instance.
 * When it drops it comes back, listens again and tells the subscribers that they may have
 * missed notifications, so that they catch up from the database.
 */
export class PostgresListener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;
  private restoring = false;

  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  async listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
    const subscription: Subscription = { channel, onNotify, ...(onReconnect ? { onReconnect } : {}) };
    this.subscriptions.add(subscription);
    const client = await this.connection();
    await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    return async () => {
      this.subscriptions.delete(subscription);
      if (![...this.subscriptions].some((s) => s.channel === channel)) await this.client?.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscriptions.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, application_name: 'kontor-listener' });
    client.on('notification', (message) => {
      for (const s of this.subscriptions) if (s.channel === message.channel) s.onNotify(message.payload ?? '');
    });
    client.on('error', (error) => {
      this.onError(error);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    // close() ran while this connected: nothing may keep the process (or a connection) alive.
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error('the listener was closed while it connected');
    }
    this.client = client;
    return client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    void client.end().catch(() => undefined);
    if (!this.restoring) void this.restore();
  }

  /**
   * Connects again with back-off until it succeeds, listens on every channel again and then
   * tells each subscriber, which catches up from the database (notifications sent meanwhile are lost).
   */
  private async restore(): Promise<void> {
    this.restoring = true;
    let delay = reconnectDelayMs.first;
    try {
      for (;;) {
        await sleep(delay);
        // close() may have run while this slept.
        if (this.closed) return;
        try {
          const client = await this.connection();
          for (const channel of new Set([...this.subscriptions].map((s) => s.channel))) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
          if (this.client !== client) continue; // lost again while listening
          for (const s of this.subscriptions) s.onReconnect?.();
          return;
        } catch (error) {
          this.onError(error instanceof Error ? error : new Error(String(error)));
          delay = Math.min(delay * 2, reconnectDelayMs.max);
        }
      }
    } finally {
      this.restoring = false;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/u.test(name)) throw new Error(`invalid channel name ${name}`);
  return `"${name}"`;
}
