import type { Database } from '../db/database.js';
import { ownAddressesOf, type MailInConfig } from './config.js';
import type { MailInLog } from './log.js';
import { MailboxPoller, type PollReport } from './mailbox-poller.js';
import { MailProcessor } from './process-mail.js';
import type { InboundMailTarget } from './target.js';

export interface MailInOptions {
  config: MailInConfig;
  db: Database;
  target: InboundMailTarget;
  log: MailInLog;
  /** The senders of Kontor's mails (`mail.from`, `mail.senders`): a mail from one of them is never taken in. */
  senders?: readonly string[];
  /** The server's clock: stored_at and the per-sender window count with it. */
  now?: () => Date;
}

/** E-mail in: one poller per configured mailbox. */
export interface MailIn {
  /** Starts polling every mailbox (the first pass at once); timers do not keep the process alive. */
  start(): void;
  /** One pass over every mailbox that starts after this call; resolves with each mailbox's report. */
  pollNow(): Promise<Map<string, PollReport>>;
  /** Stops polling, cuts IMAP conversations short and waits for running passes. Safe to call twice. */
  stop(): Promise<void>;
}

export function createMailIn(options: MailInOptions): MailIn {
  const now = options.now ?? (() => new Date());
  const { config, db, log } = options;
  const processor = new MailProcessor({ db, target: options.target, config, ownAddresses: ownAddressesOf(config, options.senders ?? []), log, now });
  const pollers = config.mailboxes.map((mailbox) => ({
    address: mailbox.address,
    poller: new MailboxPoller({ mailbox, db, processor, log, now, pollMs: config.pollSeconds * 1000, maxMessageBytes: config.maxMessageBytes }),
  }));
  return {
    start() {
      for (const { poller } of pollers) poller.start();
    },
    async pollNow() {
      const reports = await Promise.all(pollers.map(async ({ address, poller }) => [address, await poller.pollNow()] as const));
      return new Map(reports);
    },
    async stop() {
      await Promise.all(pollers.map(({ poller }) => poller.stop()));
    },
  };
}
