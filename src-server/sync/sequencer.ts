import type { Database } from '../db/database.js';
import { changedChannel, pendingChannel } from './change-log.js';

/** Advisory lock key of the sequencer: one stamping transaction at a time across all instances. */
const sequencerLockKey = 0x6b6f6e74; // "kont"
const safetyTickMs = 1000;

/**
 * Numbers committed change rows, in insertion order, in one transaction at a time (the
 * advisory lock is held until commit). A row is visible here only after its writer committed,
 * and every number of one stamping transaction becomes visible at once, after all numbers of
 * the one before: so no reader can ever see a higher number before a lower one, however late a
 * writer commits. Returns the highest number given, or null when nothing was pending.
 */
export async function stampPendingChanges(db: Database): Promise<number | null> {
  const stamped = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [sequencerLockKey]);
    const result = await tx.query<{ max: string | null }>(
      `WITH numbered AS (
         SELECT id, nextval('change_log_seq') AS seq
         FROM (SELECT id FROM change_log WHERE seq IS NULL ORDER BY id) pending
       ), updated AS (
         UPDATE change_log c SET seq = numbered.seq FROM numbered WHERE c.id = numbered.id RETURNING c.seq
       )
       SELECT max(seq)::text AS max FROM updated`,
    );
    const max = result.rows[0]?.max ?? null;
    if (max !== null) await tx.query(`SELECT pg_notify('${changedChannel}', $1)`, [max]);
    return max === null ? null : Number(max);
  });
  return stamped;
}

/**
 * Runs the stamping whenever a writer signals pending changes (NOTIFY from its committed
 * transaction), and once a second in case a notification was lost. Every instance runs one;
 * the advisory lock makes them take turns.
 */
export class Sequencer {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Database, private readonly onError: (error: unknown) => void) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(pendingChannel, () => void this.wake(), () => void this.wake());
    this.timer = setInterval(() => void this.wake(), safetyTickMs);
    this.timer.unref();
    await this.wake();
  }

  /** Stamps now (coalescing with a run in progress); resolves when pending rows have numbers. */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => (this.running = null));
    return this.running;
  }

  /** Stamps until no wake-up arrived during the last round. */
  private async drain(): Promise<void> {
    for (let more = true; more; ) {
      this.again = false;
      try {
        await stampPendingChanges(this.db);
      } catch (error) {
        this.onError(error);
      }
      more = this.again;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.();
    await this.running;
  }
}
