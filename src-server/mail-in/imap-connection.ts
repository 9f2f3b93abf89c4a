import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { MailboxConfig } from './config.js';

/** Waits of one IMAP conversation; a dead server costs a poll, never a hung mail-in. */
const timeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * A client for the mailbox, not yet connected. TLS is verified (against `caFile` when given)
 * and at least 1.2; `requireTls` makes a server without STARTTLS a failure instead of a plain
 * login. imapflow's own log is off: its lines would carry the server's chatter, and mail-in logs
 * what matters itself.
 */
export async function imapClient(imap: MailboxConfig['imap'], onError: (error: Error) => void): Promise<ImapFlow> {
  const ca = imap.caFile === undefined ? undefined : await readFile(imap.caFile);
  const options: ImapFlowOptions = {
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    ...(imap.requireTls ? { doSTARTTLS: true } : {}),
    auth: { user: imap.user, pass: imap.password },
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(ca ? { ca } : {}), ...(isIP(imap.host) === 0 ? { servername: imap.host } : {}) },
    logger: false,
    disableAutoIdle: true,
    clientInfo: { name: 'Kontor Server' },
    ...timeouts,
  };
  const client = new ImapFlow(options);
  // Without a listener an 'error' event (a dropped socket between commands) would end the process.
  client.on('error', onError);
  return client;
}

interface ImapFlowFailure {
  code?: unknown;
  authenticationFailed?: unknown;
  responseText?: unknown;
}

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name not found (DNS did not answer)',
  ETIMEDOUT: 'timed out',
  CONNECT_TIMEOUT: 'no connection within the time allowed',
  GREETING_TIMEOUT: 'the server did not greet',
  NoConnection: 'the connection was closed',
};

/** What went wrong, for the operator: the server, the user and the reason; never the password. */
export function describeImapFailure(error: unknown, imap: MailboxConfig['imap']): string {
  const where = `${imap.host}:${imap.port}`;
  if (!(error instanceof Error)) return `${where}: ${String(error)}`;
  const failure = error as Error & ImapFlowFailure;
  const code = typeof failure.code === 'string' ? failure.code : undefined;
  const serverText = typeof failure.responseText === 'string' ? failure.responseText : undefined;
  if (failure.authenticationFailed === true) return `${where}: login as "${imap.user}" refused (user name or password wrong${serverText ? `; the server said: ${serverText}` : ''})`;
  if (code !== undefined && code in networkCodes) return `${where}: ${networkCodes[code] ?? code}`;
  if (code !== undefined && isTlsCode(code)) return `${where}: TLS: ${error.message} (${code})`;
  return `${where}: ${code ? `${code}: ` : ''}${error.message}${serverText && !error.message.includes(serverText) ? ` (${serverText})` : ''}`;
}

/** Node's codes for a refused certificate or a failed handshake (UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID, …). */
function isTlsCode(code: string): boolean {
  return code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|VERIFY|SIGNATURE|ISSUER/u.test(code);
}
