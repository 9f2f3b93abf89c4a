import { readFile } from 'node:fs/promises';
import nodemailer from 'nodemailer';
import { ConfigError } from '../config.js';
import { parseMailbox, type Mailbox } from './address.js';
import type { MailConfig, SmtpConfig } from './config.js';
import type { ClaimedMail } from './outbox.js';

/** Where mail leaves the server: an SMTP relay, or the log (the embedded default). */
export interface MailTransport {
  /** For log lines: `smtp relay.bank.example:587 (STARTTLS required)` or `log`. Never a secret. */
  readonly description: string;
  /** Resolves once the relay accepted the mail for every recipient; rejects with nodemailer's error otherwise. */
  send(mail: ClaimedMail): Promise<void>;
  close(): void;
}

export interface TransportLog {
  info(object: object, message: string): void;
}

/** How long one step of an SMTP conversation may take before the attempt counts as an outage. */
export const smtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 } as const;

/** The transport the configuration asks for; reads the relay's CA file (a missing file is a config error). */
export async function createMailTransport(config: MailConfig | undefined, log: TransportLog): Promise<MailTransport> {
  if (!config?.smtp) return logTransport(log);
  const from = parseMailbox(config.from);
  if (!from) throw new ConfigError('mail.from: must be an address or "Name <address>"');
  const ca = config.smtp.caFile ? await readCa(config.smtp.caFile) : undefined;
  return smtpTransport(config.smtp, from, ca);
}

async function readCa(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ConfigError(`mail.smtp.caFile: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

/** No relay configured: each mail is written to the log (recipients and subject only) and counts as sent. */
function logTransport(log: TransportLog): MailTransport {
  return {
    description: 'log',
    send(mail) {
      log.info({ to: mail.recipients.to.map((box) => box.address), cc: mail.recipients.cc.map((box) => box.address), subject: mail.subject }, 'mail logged, not sent: no SMTP relay is configured (mail.smtp)');
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

function smtpTransport(smtp: SmtpConfig, from: Mailbox, ca: Buffer | undefined): MailTransport {
  const plain = !smtp.secure && !smtp.requireTls;
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure && smtp.requireTls,
    // Plain (loopback only): no STARTTLS at all, rather than an upgrade that may fail on a local relay's own certificate.
    ignoreTLS: plain,
    tls: { ...(ca ? { ca } : {}), minVersion: 'TLSv1.2' },
    ...(smtp.user !== undefined && smtp.password !== undefined ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    connectionTimeout: smtpTimeouts.connectionMs,
    greetingTimeout: smtpTimeouts.greetingMs,
    socketTimeout: smtpTimeouts.socketMs,
    // Nodemailer's own logging would write the conversation, the AUTH exchange included.
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const mode = smtp.secure ? 'TLS' : smtp.requireTls ? 'STARTTLS required' : 'plain, loopback';
  return {
    description: `smtp ${smtp.host}:${String(smtp.port)} (${mode})`,
    async send(mail) {
      await transporter.sendMail({
        from: mail.sender ?? from,
        to: mail.recipients.to,
        cc: mail.recipients.cc,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: mail.references } : {}),
        // Notifications are automatic (RFC 3834: no auto-replies to them); an agent's e-mail reply is a person's.
        headers: mail.kind === 'agent-reply' ? {} : { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transporter.close(),
  };
}

/** What went wrong, in words fit for the log and the outbox row: nodemailer's code and message, never a secret. */
export function describeSendError(error: unknown, secrets: readonly string[] = []): string {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null;
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) if (secret !== '') message = message.split(secret).join('[redacted]');
  const text = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
