import type { Database } from '../db/database.js';
import { escalateDueClocks, escalationBatch, type EscalationRun } from './sla-escalations.js';

interface SlaTimerOptions {
  db: Database;
  now: () => Date;
  log: { info(object: object, message: string): void; warn(object: object, message: string): void };
  /** How often the timer looks for passed instants; a breach is recorded at most this late. */
  intervalMs?: number;
}

/**
 * Notices passed warning and due instants while nobody touches the ticket. Every instance runs
 * one; the advisory lock in `escalateDueClocks` lets one of them work at a time. A failure (the
 * database away) is logged and retried at the next tick; the process stays up.
 */
export class SlaTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly intervalMs: number;

  constructor(private readonly options: SlaTimerOptions) {
    this.intervalMs = options.intervalMs ?? 15_000;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
    void this.runNow();
  }

  /** One pass now (or joins the running one): runs batches until fewer than a full batch were due. */
  runNow(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<void> {
    try {
      let run: EscalationRun;
      do {
        run = await escalateDueClocks(this.options.db, this.options.now());
        if (run.warnings + run.breaches > 0) this.options.log.info({ warnings: run.warnings, breaches: run.breaches, tickets: run.tickets }, 'SLA warnings and breaches recorded');
      } while (run.ran && run.tickets >= escalationBatch && this.timer !== null);
    } catch (error) {
      this.options.log.warn({ err: error }, 'looking for SLA breaches failed; trying again at the next tick');
    }
  }
}
