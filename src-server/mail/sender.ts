import { performance } from 'node:perf_hooks';
import type { Database } from '../db/database.js';
import { claimDueMails, mailQueuedChannel, markSent, recordRefusal, releaseClaims, type ClaimedMail } from './outbox.js';
import { classifySendError, retryDelayMs } from './send-errors.js';
import { describeSendError, type MailTransport } from './transport.js';

export interface SenderLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface MailSenderOptions {
  db: Database;
  transport: MailTransport;
  log: SenderLog;
  /** How often the sender looks for due mail besides the wake-ups after commits. */
  intervalMs: number;
  maxAttempts: number;
  retryInitialMs: number;
  /** Strings never to write into a log line or a row (the relay's password). */
  secrets?: readonly string[];
  /** [0, 1); the jitter of back-offs. */
  random?: () => number;
}

/** Mails claimed at once: a small batch keeps the lease short and lets other instances share the work. */
export const claimBatch = 10;
/** How long a claim holds: long enough for a batch against a slow relay, short enough after a crash. */
export const leaseSeconds = 300;
/** A mail is sent only while this much of the lease is left (one attempt's connection, greeting and socket timeouts, and more). */
const leaseReserveMs = 90_000;

interface Outage {
  since: Date;
  failures: number;
  /** performance.now() before which no mail is tried. */
  until: number;
}

/**
 * Sends the mail outbox. Every instance runs one; claims (`claimDueMails`) make sure no two send
 * the same row. It wakes on its interval and on every commit that queued mail (NOTIFY).
 *
 * A relay that cannot be reached (no connection, TLS or login failing, timeouts) is an outage:
 * the mail is not to blame, so its attempts are not counted; the sender says so once, waits with
 * a growing back-off and says when the relay is back. A relay that refuses a mail (4xx) costs the
 * mail an attempt and a back-off of its own; a permanent refusal (5xx) or `maxAttempts` gives it
 * up (kept, logged as an error). The process stays up through all of it.
 */
export class MailSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private unlisten: (() => Promise<void>) | null = null;
  private outage: Outage | null = null;
  /** Accepted by the relay, but `sent_at` could not be written yet: written before anything else is sent. */
  private readonly unrecorded = new Set<string>();
  /** Mails this pass handed over, for its log line. */
  private sentInPass = 0;
  private readonly random: () => number;

  constructor(private readonly options: MailSenderOptions) {
    this.random = options.random ?? Math.random;
  }

  get description(): string {
    return this.options.transport.description;
  }

  async start(): Promise<void> {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runNow(), this.options.intervalMs);
    this.timer.unref();
    try {
      this.unlisten = await this.options.db.listen(mailQueuedChannel, () => void this.runNow(), () => void this.runNow());
    } catch (error) {
      this.options.log.warn({ err: error }, 'cannot listen for queued mail; the mail outbox is looked at on its interval only');
    }
    void this.runNow();
  }

  /** One pass now; a call during a pass asks for another one after it (commits that queued mail meanwhile). */
  runNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.again = true;
    this.running = (async () => {
      while (this.takeAgain() && !this.stopped) await this.pass();
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private takeAgain(): boolean {
    const again = this.again;
    this.again = false;
    return again;
  }

  /** Stops the interval and the wake-ups, lets the mail in flight finish and hands the rest of its batch back. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = null;
    await this.running;
    this.options.transport.close();
  }

  private async pass(): Promise<void> {
    const { db, log } = this.options;
    this.sentInPass = 0;
    try {
      if (this.unrecorded.size > 0) {
        await markSent(db, [...this.unrecorded]);
        this.unrecorded.clear();
      }
      if (this.outage && performance.now() < this.outage.until) return;
      while (!this.stopped) {
        const claimed = await claimDueMails(db, claimBatch, leaseSeconds);
        if (claimed.length === 0) return;
        const finished = await this.sendClaimed(claimed, performance.now());
        if (!finished || claimed.length < claimBatch) return;
      }
    } catch (error) {
      log.warn({ err: error }, 'the mail outbox could not be read or written; trying again at the next tick');
    } finally {
      if (this.sentInPass > 0) log.info({ sent: this.sentInPass, transport: this.description }, 'mails sent from the outbox');
    }
  }

  /** Sends a claimed batch in order; false when it stopped early (an outage, a stop, the lease running short). */
  private async sendClaimed(claimed: readonly ClaimedMail[], claimedAt: number): Promise<boolean> {
    const { db, transport } = this.options;
    for (const [index, mail] of claimed.entries()) {
      const rest = claimed.slice(index).map((entry) => entry.id);
      if (this.stopped || performance.now() - claimedAt > leaseSeconds * 1000 - leaseReserveMs) {
        await releaseClaims(db, rest);
        return false;
      }
      try {
        await transport.send(mail);
      } catch (error) {
        const failure = classifySendError(error);
        const text = describeSendError(error, this.options.secrets);
        if (failure.kind === 'outage') {
          this.enterOutage(text);
          await releaseClaims(db, rest, { id: mail.id, error: text });
          return false;
        }
        this.leaveOutage();
        await this.refused(mail, text, failure.permanent);
        continue;
      }
      this.leaveOutage();
      this.unrecorded.add(mail.id);
      this.sentInPass += 1;
      await markSent(db, [mail.id]);
      this.unrecorded.delete(mail.id);
    }
    return true;
  }

  private async refused(mail: ClaimedMail, error: string, permanent: boolean): Promise<void> {
    const { db, log, maxAttempts } = this.options;
    const attempts = mail.attempts + 1;
    const about = { mailId: mail.id, ticketId: mail.ticketId, kind: mail.kind, attempts, error };
    if (permanent || attempts >= maxAttempts) {
      await recordRefusal(db, mail.id, error, null);
      log.error(about, `gave up a mail after ${permanent ? 'a permanent refusal' : `${String(attempts)} refusals`} by the SMTP relay; it stays in the mail outbox`);
      return;
    }
    const delayMs = retryDelayMs(this.options.retryInitialMs, attempts, this.random());
    await recordRefusal(db, mail.id, error, delayMs / 1000);
    log.warn({ ...about, retryInSeconds: Math.round(delayMs / 1000) }, 'the SMTP relay refused a mail; trying it again later');
  }

  private enterOutage(error: string): void {
    const failures = (this.outage?.failures ?? 0) + 1;
    const delayMs = retryDelayMs(this.options.retryInitialMs, failures, this.random());
    if (this.outage === null) {
      this.options.log.warn(
        { relay: this.options.transport.description, error, retryInSeconds: Math.round(delayMs / 1000) },
        'cannot hand mail to the SMTP relay; mails wait in the outbox and go out once it is back',
      );
    }
    this.outage = { since: this.outage?.since ?? new Date(), failures, until: performance.now() + delayMs };
  }

  private leaveOutage(): void {
    if (this.outage === null) return;
    this.options.log.info({ relay: this.options.transport.description, since: this.outage.since.toISOString(), failedTries: this.outage.failures }, 'the SMTP relay accepts mail again');
    this.outage = null;
  }
}
