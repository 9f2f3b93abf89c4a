import type Database from 'better-sqlite3';
import { closedStates } from '../../src-shared/sync/entities.js';
import { TicketPurger } from './ticket-purge.js';

/** The default retention window of closed tickets (ARCHITECTURE.md "Scale"). */
export const defaultRetentionMonths = 12;

/** The instant before which a closed ticket leaves the cache: `months` calendar months before `now`. */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/**
 * Closed tickets whose last change is older than the window leave the cache with all their
 * parts, a batch per call (one short transaction, so the main process stays responsive); a
 * ticket with an edit still in the outbox stays. Older tickets are fetched on demand when online.
 */
export class Retention {
  private readonly expired: Database.Statement;
  private readonly purger: TicketPurger;

  constructor(private readonly db: Database.Database) {
    this.purger = new TicketPurger(db);
    this.expired = db.prepare(
      `SELECT t."id" FROM tickets t
       WHERE t."state" IN (${closedStates.map(() => '?').join(', ')}) AND t."updated_at" < ?
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o."subject_id" = lower(t."id"))
       LIMIT ?`,
    );
  }

  /** Purges up to `limit` expired tickets; returns how many (0: nothing left to purge). */
  purgeBatch(cutoff: Date, limit = 500): number {
    const ids = (this.expired.all(...closedStates, cutoff.toISOString(), limit) as { id: string }[]).map((row) => row.id);
    if (ids.length === 0) return 0;
    this.db.transaction(() => {
      for (const id of ids) this.purger.purge(id);
    })();
    return ids.length;
  }
}
