import { type Client, InvalidCredentialsError } from 'ldapts';
import { type BindCredentials, type LdapTransport, type OpenClient, isConnectionError, openClient, unavailable } from './ldap-connection.js';
import { DirectoryUnavailableError } from './types.js';

/**
 * The kept connection for look-ups, bound with the configured credentials (the service
 * account on the server, the agent on the Desk). When it drops, the next call opens, secures
 * and binds a new one once; if that fails too, the call fails with DirectoryUnavailableError.
 */
export class LdapSession {
  private client: OpenClient | null = null;
  private used = false;
  private opening: Promise<OpenClient> | null = null;
  private closed = false;

  constructor(
    private readonly transport: LdapTransport,
    private readonly credentials: BindCredentials | undefined,
  ) {}

  /** Runs `operation` on the kept connection. Answers of the server (ResultCodeError) pass through unchanged. */
  async run<T>(operation: (client: Client) => Promise<T>): Promise<T> {
    let client = await this.connection();
    try {
      this.used = true;
      return await operation(client.client);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      this.discard(client);
    }
    client = await this.connection();
    try {
      this.used = true;
      return await operation(client.client);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      this.discard(client);
      throw unavailable(error, 'the directory connection was lost');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.client.unbind().catch(() => undefined);
  }

  private async connection(): Promise<OpenClient> {
    if (this.closed) throw new DirectoryUnavailableError('the directory connection was closed');
    // A fresh anonymous LDAPS client connects on first use, so "not connected yet" is fine then.
    if (this.client && !this.client.isLost() && (this.client.client.isConnected || !this.used)) return this.client;
    if (this.client) this.discard(this.client);
    this.opening ??= this.open().finally(() => (this.opening = null));
    return this.opening;
  }

  private async open(): Promise<OpenClient> {
    try {
      const client = await openClient(this.transport, this.credentials);
      this.client = client;
      this.used = false;
      return client;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        throw new DirectoryUnavailableError('the directory refused the configured credentials', { cause: error });
      }
      throw unavailable(error, `cannot open a secured connection to ${this.transport.url}`);
    }
  }

  private discard(client: OpenClient): void {
    if (this.client !== client) return;
    this.client = null;
    void client.client.unbind().catch(() => undefined);
  }
}
