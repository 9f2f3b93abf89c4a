import pg from 'pg';

interface Subscription {
  channel: string;
  onNotify: (payload: string) => void;
  onReconnect?: () => void;
}

const reconnectDelayMs = 500;

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

  constructor(private readonly connectionString: string) {}

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
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      for (const s of this.subscriptions) if (s.channel === message.channel) s.onNotify(message.payload ?? '');
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    this.client = client;
    return client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    setTimeout(() => void this.restore(), reconnectDelayMs);
  }

  private async restore(): Promise<void> {
    if (this.closed) return;
    try {
      const client = await this.connection();
      for (const channel of new Set([...this.subscriptions].map((s) => s.channel))) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      for (const s of this.subscriptions) s.onReconnect?.();
    } catch {
      setTimeout(() => void this.restore(), reconnectDelayMs * 4);
    }
  }
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/u.test(name)) throw new Error(`invalid channel name ${name}`);
  return `"${name}"`;
}
