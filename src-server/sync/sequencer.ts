import type { Database, Queryable } from '../db/database.js';
import { changedChannel, pendingChannel } from './change-log.js';

/** Advisory lock key of the sequencer: one stamping transaction at a time across all instances. */
const sequencerLockKey = 0x6b6f6e74; // "kont"
const safetyTickMs = 1000;

/** What one stamping transaction numbered: change row id → seq (empty when nothing was pending). */
export type Stamped = ReadonlyMap<string, number>;

/**
 * Numbers committed change rows, in insertion order, in one transaction at a time (the
 * advisory lock is held until commit). A row is visible here only after its writer committed,
 * and every number of one stamping transaction becomes visible at once, after all numbers of
 * the one before: so no reader can ever see a higher number before a lower one, however late a
 * writer commits. Returns the highest number given, or null when nothing was pending.
 */
export async function stampPendingChanges(db: Database): Promise<number | null> {
  return highest(await stampCommittedChanges(db, { skipIfNonePending: false }));
}

/**
 * The stamping transaction, returning what it numbered. With `skipIfNonePending`, one cheap
 * statement first looks for unnumbered rows that committed before it and the transaction is
 * skipped when there are none: a row committed later is announced by its own NOTIFY (or the
 * next tick), and one committed earlier is either unnumbered (seen) or numbered by a stamping
 * transaction that has committed.
 */
export async function stampCommittedChanges(db: Database, options: { skipIfNonePending: boolean }): Promise<Stamped> {
  if (options.skipIfNonePending) {
    const pending = await db.query('SELECT 1 FROM change_log WHERE seq IS NULL LIMIT 1');
    if (pending.rows.length === 0) return new Map();
  }
  return db.transaction((tx) => numberPending(tx), {
    // The lock first, before the numbering statement and not in it: that statement's snapshot
    // must be taken after the previous stamping transaction committed (change-feed.md, step 1).
    // It rides with BEGIN. Without bitmap scans the search for unnumbered rows walks the
    // partial index and marks the entries of rows numbered meanwhile as dead as it passes
    // them; a bitmap scan would visit every one of them again each round until VACUUM ran.
    opening: `SET LOCAL enable_bitmapscan = off; SELECT pg_advisory_xact_lock(${String(sequencerLockKey)})`,
  });
}

/** Numbers every visible unnumbered row and announces the highest number (delivered at commit), in one statement. */
async function numberPending(tx: Queryable): Promise<Stamped> {
  const result = await tx.query<{ id: string; seq: string }>(
    `WITH numbered AS (
       SELECT id, nextval('change_log_seq') AS seq
       FROM (SELECT id FROM change_log WHERE seq IS NULL ORDER BY id) pending
     ), updated AS (
       UPDATE change_log c SET seq = numbered.seq FROM numbered WHERE c.id = numbered.id RETURNING c.id, c.seq
     ), announced AS (
       SELECT pg_notify('${changedChannel}', max(seq)::text) FROM updated HAVING count(*) > 0
     )
     SELECT u.id::text AS id, u.seq::text AS seq FROM updated u, (SELECT count(*) FROM announced) a`,
  );
  return new Map(result.rows.map((row) => [row.id, Number(row.seq)]));
}

function highest(stamped: Stamped): number | null {
  let max: number | null = null;
  for (const seq of stamped.values()) if (max === null || seq > max) max = seq;
  return max;
}

interface Waiter {
  resolve(stamped: Stamped): void;
}

/**
 * Runs the stamping when this instance's writers ask for it (`stamp`), when a writer of any
 * instance signals pending changes (NOTIFY from its committed transaction), and once a second
 * in case a notification was lost. Every instance runs one; the advisory lock makes them take
 * turns. Requests that arrive while a round runs are served together by the next round, so
 * that concurrent writers share one stamping transaction (group commit).
 */
export class Sequencer {
  private running: Promise<void> | null = null;
  private draining = false;
  /** Callers waiting for a round that starts after their call. */
  private waiting: Waiter[] = [];
  /** Whether one of them knows there are rows to number (otherwise a cheap look comes first). */
  private known = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Database, private readonly onError: (error: unknown) => void) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(pendingChannel, () => void this.wake(), () => void this.wake());
    this.timer = setInterval(() => void this.wake(), safetyTickMs);
    this.timer.unref();
    await this.wake();
  }

  /** Stamps soon (coalescing with other requests); resolves when the rows committed before the call have numbers. */
  async wake(): Promise<void> {
    await this.request(false);
  }

  /**
   * For a writer whose changes committed just now: stamps in the next round and resolves with
   * what that round numbered (empty when it failed; rows another instance numbered are not in it).
   */
  stamp(): Promise<Stamped> {
    return this.request(true);
  }

  private request(known: boolean): Promise<Stamped> {
    const stamped = new Promise<Stamped>((resolve) => this.waiting.push({ resolve }));
    this.known ||= known;
    if (!this.draining) {
      this.draining = true;
      this.running = this.drain();
    }
    return stamped;
  }

  /** Runs rounds while anybody waits; each round serves those who asked before it began. */
  private async drain(): Promise<void> {
    // The last look at `waiting` and the end of draining happen without an await in between,
    // so a request is either seen by this loop or starts a new one.
    while (this.waiting.length > 0) {
      const served = this.waiting;
      const skipIfNonePending = !this.known;
      this.waiting = [];
      this.known = false;
      let stamped: Stamped = new Map();
      try {
        stamped = await stampCommittedChanges(this.db, { skipIfNonePending });
      } catch (error) {
        this.onError(error);
      }
      for (const waiter of served) waiter.resolve(stamped);
    }
    this.draining = false;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.();
    await this.running;
  }
}
