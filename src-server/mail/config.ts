import { z } from 'zod';
import { isLoopbackHost } from '../config/loopback.js';
import { parseMailbox } from './address.js';

const smtpSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** Implicit TLS from the first byte (port 465). */
  secure: z.boolean().default(false),
  /** STARTTLS is required: a server that does not offer it, or a failed upgrade, is refused (never plain). */
  requireTls: z.boolean().default(true),
  /** PEM of the CA that signed the relay's certificate; without it the system's CAs. */
  caFile: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  /** KONTOR_SMTP_PASSWORD overrides it; never logged. */
  password: z.string().min(1).optional(),
});

/**
 * The `mail` section of the server config (docs/mail.md). Without it, or without `smtp`, mails
 * are queued and rendered all the same and written to the log instead of sent.
 */
const mailboxTextSchema = z.string().min(1).max(320).refine((text) => parseMailbox(text) !== null, 'must be an address or "Name <address>"');

export const mailConfigSchema = z
  .strictObject({
    /** The sender of every mail whose queue has none in `senders`, `Name <address>` or a bare address; its domain ends the Message-IDs. */
    from: mailboxTextSchema,
    /**
     * Senders by queue name, as OTRS's system addresses: a nested queue without one of its own
     * takes its parent's (`Wertpapiere::Abwicklung` → `Wertpapiere`), then `from`. Best the
     * address of the queue's mailbox (`mailIn`), so that a reply without the ticket number still
     * opens its ticket in that queue.
     */
    senders: z.record(z.string().min(1), mailboxTextSchema).default({}),
    smtp: smtpSchema.optional(),
    /** How often each instance looks for due mail; a commit that queued mail wakes it at once. */
    sendIntervalSeconds: z.number().int().min(1).max(3600).default(30),
    /** Tries of one mail that the relay refused (4xx) before it is given up (kept, logged as an error). */
    maxAttempts: z.number().int().min(1).max(100).default(10),
    /** The first wait after a refusal or an outage; doubled each time up to an hour, with jitter. */
    retryInitialSeconds: z.number().int().min(1).max(3600).default(60),
    /** The customer portal's address, named in every mail's footer. */
    portalUrl: z.url({ protocol: /^https?$/u }).optional(),
    /**
     * Signatures of e-mail replies by queue name; a nested queue without one of its own takes its
     * parent's (`Wertpapiere::Abwicklung` → `Wertpapiere`), then `default`.
     */
    signatures: z.record(z.string().min(1), z.string().max(2000)).default({}),
  })
  .superRefine((mail, ctx) => {
    const smtp = mail.smtp;
    if (!smtp) return;
    const problem = smtpProblem(smtp);
    if (problem) ctx.addIssue({ code: 'custom', path: ['smtp', 'requireTls'], message: problem });
    if ((smtp.user === undefined) !== (smtp.password === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['smtp', smtp.user === undefined ? 'user' : 'password'], message: 'user and password go together' });
    }
  });

export type MailConfig = z.output<typeof mailConfigSchema>;
export type SmtpConfig = NonNullable<MailConfig['smtp']>;

/** Why this SMTP section must not be used, or null: plain SMTP (neither TLS nor STARTTLS) only towards loopback. */
export function smtpProblem(smtp: { host: string; secure: boolean; requireTls: boolean }): string | null {
  if (smtp.secure || smtp.requireTls || isLoopbackHost(smtp.host)) return null;
  return `must be true (or secure) because smtp.host "${smtp.host}" is not a loopback address (plain SMTP is allowed on loopback only)`;
}

/** Senders named for queues that are not in `queues`: a typo would send that queue's mail from `from` unnoticed. */
export function mailSenderProblems(mail: MailConfig, queueNames: ReadonlySet<string>): { path: (string | number)[]; message: string }[] {
  return Object.keys(mail.senders)
    .filter((name) => !queueNames.has(name))
    .map((name) => ({ path: ['senders', name], message: `queue "${name}" is not in the list of queues` }));
}
