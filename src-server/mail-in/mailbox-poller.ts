import type { ImapFlow } from 'imapflow';
import type { Database } from '../db/database.js';
import type { MailboxConfig } from './config.js';
import { describeImapFailure, imapClient } from './imap-connection.js';
import type { MailInLog } from './log.js';
import type { MailProcessor, ProcessingCounts } from './process-mail.js';
import { summariseHeaders } from './read-mail.js';
import { lastStoredUid, storedUids, storeFetchedMail } from './store.js';

export interface MailboxPollerOptions {
  mailbox: MailboxConfig;
  db: Database;
  processor: MailProcessor;
  log: MailInLog;
  now: () => Date;
  pollMs: number;
  maxMessageBytes: number;
}

/** What one pass did: mails this instance stored, and how the undecided ones were decided. */
export interface PollReport {
  stored: number;
  decided: ProcessingCounts;
  /** Why the mailbox could not be read in this pass; null when it could. */
  problem: string | null;
}

/** UIDs looked up and marked per round trip. */
const uidBatch = 100;

/**
 * Reads one queue's mailbox every `pollMs` (a new connection each time, logged out after) and
 * hands its mails to the processor. The order is what makes a crash lose nothing: each mail is
 * fetched with BODY.PEEK (not marking it), stored and committed, and only then marked \Seen; a
 * crash in between leaves a stored mail unseen, which the next pass finds stored and just marks.
 * Which mails are new: every UID above the highest one stored for the folder's UIDVALIDITY, and
 * every unseen one (the only ones taken on the first look, or after the folder was recreated).
 *
 * A mailbox that cannot be read is reported once per outage (what is wrong, never the password)
 * and tried again at every pass; its stored mails are processed meanwhile.
 */
export class MailboxPoller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PollReport> | null = null;
  private client: ImapFlow | null = null;
  private started = false;
  private stopped = false;
  /** The problem of the outage going on, null while the mailbox can be read. */
  private outage: string | null = null;

  constructor(private readonly options: MailboxPollerOptions) {}

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.tick();
  }

  /** A pass that starts after this call (after the one running, if any). */
  pollNow(): Promise<PollReport> {
    const previous: Promise<unknown> = this.running ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.pass());
    this.running = next;
    const clear = (): void => {
      if (this.running === next) this.running = null;
    };
    next.then(clear, clear);
    return next;
  }

  /** Stops the schedule, cuts an IMAP conversation short and waits for the pass to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.client?.close();
    await this.running?.catch(() => undefined);
  }

  /** Read through a method: `stopped` changes while a pass awaits, which the compiler's narrowing does not see. */
  private isStopped(): boolean {
    return this.stopped;
  }

  private tick(): void {
    this.pollNow()
      .catch((error: unknown) => this.options.log.warn({ mailbox: this.options.mailbox.address, err: error }, 'mail-in: a pass failed; trying again at the next one'))
      .finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(() => this.tick(), this.options.pollMs);
        this.timer.unref();
      });
  }

  private async pass(): Promise<PollReport> {
    const { mailbox } = this.options;
    const report: PollReport = { stored: 0, decided: { processed: 0, rejected: 0, ignored: 0, failed: 0 }, problem: null };
    if (this.stopped) return report;
    try {
      report.stored = await this.fetchNewMails();
    } catch (error) {
      // stop() cut the conversation short: that is no outage.
      if (this.isStopped()) return report;
      report.problem = error instanceof StorageFailure ? error.message : describeImapFailure(error, mailbox.imap);
    }
    // Mails stored earlier (by any instance) are decided even while the mailbox is away.
    try {
      report.decided = await this.options.processor.processPending(mailbox, () => this.stopped);
    } catch (error) {
      report.problem ??= `database: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.noteOutage(report.problem);
    return report;
  }

  /** Logs the start of an outage once (what is wrong, never the password) and its end. */
  private noteOutage(problem: string | null): void {
    const { mailbox, log } = this.options;
    if (problem === null && this.outage !== null) log.info({ mailbox: mailbox.address }, `mail-in: mailbox ${mailbox.address} can be read again`);
    if (problem !== null && this.outage === null) {
      log.warn(
        { mailbox: mailbox.address, host: mailbox.imap.host, port: mailbox.imap.port, user: mailbox.imap.user, problem },
        `mail-in: mailbox ${mailbox.address} cannot be read: ${problem}; trying again every ${Math.round(this.options.pollMs / 1000)} s`,
      );
    }
    this.outage = problem;
  }

  /** One IMAP conversation: stores what is new, marks it seen; the number this instance stored. */
  private async fetchNewMails(): Promise<number> {
    const { mailbox } = this.options;
    // A dropped connection also fails the command waiting on it; the event itself needs no handling.
    const client = await imapClient(mailbox.imap, () => undefined);
    this.client = client;
    try {
      await client.connect();
      const lock = await client.getMailboxLock(mailbox.folder);
      let stored = 0;
      try {
        const folder = client.mailbox;
        if (folder === false) throw new Error(`folder ${mailbox.folder} could not be opened`);
        const uidValidity = folder.uidValidity.toString();
        for (const batch of chunks(await this.candidateUids(client, uidValidity), uidBatch)) {
          if (this.stopped) break;
          stored += await this.storeBatch(client, uidValidity, batch);
        }
      } finally {
        lock.release();
      }
      await client.logout();
      return stored;
    } finally {
      this.client = null;
      client.close();
    }
  }

  /** UIDs above the last one stored, and unseen ones, ascending. */
  private async candidateUids(client: ImapFlow, uidValidity: string): Promise<number[]> {
    const last = await database(() => lastStoredUid(this.options.db, this.options.mailbox.address, uidValidity));
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    // `n:*` always includes the highest UID, even below n (RFC 3501 6.4.8): filtered here.
    const newer = last === null ? [] : ((await client.search({ uid: `${last + 1}:*` }, { uid: true })) || []).filter((uid) => uid > last);
    return [...new Set([...unseen, ...newer])].sort((a, b) => a - b);
  }

  /** Stores the batch's mails not stored yet (each committed on its own), then marks the whole batch seen. */
  private async storeBatch(client: ImapFlow, uidValidity: string, uids: readonly number[]): Promise<number> {
    const { db, mailbox, maxMessageBytes, now } = this.options;
    const known = await database(() => storedUids(db, mailbox.address, uidValidity, uids));
    let stored = 0;
    const taken: number[] = [];
    for (const uid of uids) {
      if (this.stopped) break;
      if (known.has(uid)) {
        taken.push(uid);
        continue;
      }
      const message = await client.fetchOne(String(uid), { uid: true, size: true, internalDate: true, source: { maxLength: maxMessageBytes } }, { uid: true });
      // Expunged meanwhile (another client moved it): nothing to store.
      if (message === false || message.source === undefined) continue;
      const size = message.size ?? message.source.length;
      const raw = message.source.subarray(0, maxMessageBytes);
      const receivedAt = message.internalDate === undefined ? now() : new Date(message.internalDate);
      const summary = await summariseHeaders(raw);
      const inserted = await database(() => storeFetchedMail(db, {
        mailbox: mailbox.address, uidValidity, uid, receivedAt: Number.isNaN(receivedAt.getTime()) ? now() : receivedAt, storedAt: now(),
        raw, size, truncated: size > raw.length, ...summary,
      }));
      if (inserted) stored += 1;
      taken.push(uid);
    }
    if (taken.length > 0) await client.messageFlagsAdd(taken.join(','), ['\\Seen'], { uid: true });
    return stored;
  }
}

/** The database failed while mails were fetched: reported as such, not as the mailbox's fault. */
class StorageFailure extends Error {}

async function database<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StorageFailure(`database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let at = 0; at < items.length; at += size) result.push(items.slice(at, at + size));
  return result;
}
