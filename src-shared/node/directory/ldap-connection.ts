import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import type { LdapDirectoryConfig } from './config.js';
import { DirectoryConfigError, DirectoryUnavailableError } from './types.js';

/**
 * Connections to the directory that are encrypted before the first byte of a request leaves:
 * LDAPS, or StartTLS on ldap:// — verified against the configured CA either way. A failed
 * StartTLS ends the connection; it is never used in plain text.
 */

export interface LdapTransport {
  url: string;
  host: string;
  startTls: boolean;
  tlsOptions: tls.ConnectionOptions;
  timeoutMs: number;
}

export interface BindCredentials {
  dn: string;
  password: string;
}

/** Checks the configuration once, so that an unsafe one fails at start-up rather than at the first login. */
export function ldapTransport(config: LdapDirectoryConfig): LdapTransport {
  const url = new URL(config.url);
  const secure = url.protocol === 'ldaps:';
  if (!secure && !config.startTls) {
    throw new DirectoryConfigError(`${config.url}: plain ldap:// is refused; use ldaps:// or set startTls: true`);
  }
  if (secure && config.startTls) throw new DirectoryConfigError(`${config.url}: startTls applies to ldap:// URLs only`);
  let ca: Buffer;
  try {
    ca = readFileSync(config.caFile);
  } catch (error) {
    throw new DirectoryConfigError(`cannot read the directory CA file ${config.caFile}`, { cause: error });
  }
  const host = url.hostname.replace(/^\[(.*)\]$/u, '$1');
  // The name the certificate must carry; SNI only for names (an IP address in SNI is invalid).
  const tlsOptions: tls.ConnectionOptions = { ca, rejectUnauthorized: true, host, ...(net.isIP(host) ? {} : { servername: host }) };
  return { url: config.url, host, startTls: !secure, tlsOptions, timeoutMs: config.timeoutMs };
}

/**
 * ldapts reconnects by itself when a connection dropped; on ldap:// that new connection would
 * skip StartTLS. Each client may therefore open exactly one connection; we replace the client.
 * We also watch the sockets: after StartTLS, ldapts does not notice its TLS socket closing.
 */
class ConnectionWatch {
  private opened = false;
  lost = false;

  guard<F extends (...args: never[]) => net.Socket>(connect: F): F {
    return ((...args: Parameters<F>) => {
      if (this.opened) {
        const refused = new net.Socket();
        process.nextTick(() => refused.destroy(new Error('connection lost; a new secured connection is needed')));
        return refused;
      }
      this.opened = true;
      return this.watch(connect(...args));
    }) as F;
  }

  watch<S extends net.Socket>(socket: S): S {
    socket.once('close', () => (this.lost = true));
    return socket;
  }
}

/** A client on one secured connection, and whether that connection is gone. */
export interface OpenClient {
  client: Client;
  isLost(): boolean;
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A new client with its connection secured (and bound, given credentials). Throws ldapts errors unchanged. */
export async function openClient(transport: LdapTransport, credentials?: BindCredentials): Promise<OpenClient> {
  const watch = new ConnectionWatch();
  const tlsConnect = (options: tls.ConnectionOptions): tls.TLSSocket => watch.watch(tls.connect(options));
  const client = new Client({
    url: transport.url,
    timeout: transport.timeoutMs,
    connectTimeout: transport.timeoutMs,
    // Only for ldaps: ldapts treats any tlsOptions as "connect with TLS right away".
    ...(transport.startTls
      ? {
          createConnection: watch.guard(net.connect),
          createSecureConnection: tlsConnect as typeof tls.connect,
        }
      : {
          tlsOptions: transport.tlsOptions,
          createSecureConnection: watch.guard(tls.connect),
        }),
  });
  const secure = async (): Promise<void> => {
    if (transport.startTls) await client.startTLS({ ...transport.tlsOptions });
    if (credentials) await client.bind(credentials.dn, credentials.password);
  };
  try {
    // StartTLS's handshake has no timeout of its own in ldapts.
    await withTimeout(secure(), transport.timeoutMs, () => void client.unbind().catch(() => undefined));
    return { client, isLost: () => watch.lost };
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
}

/** True for errors of the connection (network, TLS, timeouts) as opposed to answers of the server. */
export function isConnectionError(error: unknown): boolean {
  return !(error instanceof ResultCodeError);
}

export function unavailable(error: unknown, what: string): DirectoryUnavailableError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new DirectoryUnavailableError(`${what}: ${detail ?? 'unknown error'}`, { cause: error });
}
