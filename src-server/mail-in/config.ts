import path from 'node:path';
import { z } from 'zod';
import { isLoopbackHost } from '../config/loopback.js';
import { parseMailbox } from '../mail/address.js';

/** The IMAP account of one queue address. */
const imapSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (imaps, usually port 993). */
  secure: z.boolean(),
  /** Without `secure`: the server must offer STARTTLS and the client uses it before logging in, or gives up. */
  requireTls: z.boolean().default(false),
  /** PEM file of the CA that signed the server's certificate; without it the system's CAs are trusted. */
  caFile: z.string().min(1).optional(),
  user: z.string().min(1),
  password: z.string().min(1),
});

const mailboxSchema = z.strictObject({
  /** The queue address customers write to; mails of this mailbox open tickets in `queue`. */
  address: z.email().transform((address) => address.toLowerCase()),
  /** Name of a configured queue (`Wertpapiere::Abwicklung`). */
  queue: z.string().min(1),
  imap: imapSchema,
  /** The folder Kontor reads; every mail in it is taken once. */
  folder: z.string().min(1).default('INBOX'),
});
export type MailboxConfig = z.output<typeof mailboxSchema>;

const perSenderLimitSchema = z.strictObject({
  maxMails: z.number().int().positive().max(10_000),
  windowMinutes: z.number().int().positive().max(7 * 24 * 60),
});

/** The config section `mailIn`: tickets and follow-ups from mailboxes of the queues (docs/mail-in.md). */
export const mailInConfigSchema = z
  .strictObject({
    mailboxes: z.array(mailboxSchema).min(1),
    /** Seconds between two looks into each mailbox. */
    pollSeconds: z.number().int().min(1).max(3600).default(60),
    /** Mails from addresses no customer user has: opened as tickets in this queue, or not taken at all. */
    unknownSenders: z.union([z.literal('reject'), z.strictObject({ queue: z.string().min(1) })]).default('reject'),
    /** More mails than this from one address within the window are a mail loop: stored, never handed over. */
    perSenderLimit: perSenderLimitSchema.prefault({ maxMails: 20, windowMinutes: 60 }),
    /** Bytes of one mail kept in the database; a larger mail is kept truncated, marked failed and reported. */
    maxMessageBytes: z.number().int().min(64 * 1024).max(200 * 1024 * 1024).default(25 * 1024 * 1024),
    /**
     * The receiving relay whose Authentication-Results header (its authserv-id) must vouch for a
     * customer's From address before the mail counts as that customer's; without it, From is
     * taken as written (docs/mail-in.md, "Who wrote it").
     */
    senderAuthentication: z.strictObject({ authservId: z.string().trim().min(1).max(255) }).optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.mailboxes.forEach((mailbox, index) => {
      if (seen.has(mailbox.address)) ctx.addIssue({ code: 'custom', path: ['mailboxes', index, 'address'], message: `duplicate mailbox address "${mailbox.address}"` });
      seen.add(mailbox.address);
      const problem = imapTransportProblem(mailbox.imap);
      if (problem) ctx.addIssue({ code: 'custom', path: ['mailboxes', index, 'imap', 'secure'], message: problem });
    });
  });
export type MailInConfig = z.output<typeof mailInConfigSchema>;
export type MailInConfigInput = z.input<typeof mailInConfigSchema>;

/** Why this IMAP account must not be used, or null: a password crosses the network only inside TLS. */
export function imapTransportProblem(imap: { host: string; secure: boolean; requireTls: boolean }): string | null {
  if (imap.secure || imap.requireTls || isLoopbackHost(imap.host)) return null;
  return `must be true (or requireTls set) because imap.host "${imap.host}" is not a loopback address (plain IMAP is allowed on loopback only)`;
}

/** Queue names the section uses that are not among `queueNames`, with the path of each. */
export function mailInQueueProblems(config: MailInConfig, queueNames: ReadonlySet<string>): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  config.mailboxes.forEach((mailbox, index) => {
    if (!queueNames.has(mailbox.queue)) problems.push({ path: ['mailboxes', index, 'queue'], message: `queue "${mailbox.queue}" is not in queues` });
  });
  if (config.unknownSenders !== 'reject' && !queueNames.has(config.unknownSenders.queue)) {
    problems.push({ path: ['unknownSenders', 'queue'], message: `queue "${config.unknownSenders.queue}" is not in queues` });
  }
  return problems;
}

/**
 * Kontor's own addresses, lower case: every mailbox's and the senders of its mails (`mail.from`
 * and `mail.senders`, when configured). A mail from one of them is Kontor's own come back
 * (docs/mail-in.md).
 */
export function ownAddressesOf(config: { mailboxes: readonly Pick<MailboxConfig, 'address'>[] }, senders: readonly string[]): Set<string> {
  const addresses = senders.flatMap((sender) => parseMailbox(sender)?.address ?? []);
  return new Set([...config.mailboxes.map((mailbox) => mailbox.address), ...addresses].map((address) => address.toLowerCase()));
}

/** The section with `caFile`s resolved against the config file's folder. */
export function resolveMailInPaths(config: MailInConfig, baseDir: string): MailInConfig {
  return {
    ...config,
    mailboxes: config.mailboxes.map((mailbox) =>
      mailbox.imap.caFile === undefined ? mailbox : { ...mailbox, imap: { ...mailbox.imap, caFile: path.resolve(baseDir, mailbox.imap.caFile) } },
    ),
  };
}
