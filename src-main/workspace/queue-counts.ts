import type Database from 'better-sqlite3';
import type { QueueCounts, QueueOverview } from '../../src-shared/ipc/workspace.js';
import { anyClockBreached, openTicket } from '../cache/migrations/0008-workspace-lists.js';

interface QueueRow {
  queueId: string;
  name: string;
  group: string;
  valid: number;
  total: number;
  new: number;
  escalated: number;
  mine: number;
}

/** Whether the agent may read the queues of a group (from the rights of their sign-in). */
export type ReadableGroup = (group: string) => boolean;

/**
 * The queue tree's counts: one pass over the open tickets' narrow index `tickets_open_counts`
 * per cache change (kept until the next), and the counts of the agent's own views, which are small partial indexes and
 * depend on the time (reminders), read each time.
 */
export class QueueCountsReader {
  private readonly perQueue: Database.Statement;
  private readonly views: Database.Statement;
  private kept: QueueRow[] | null = null;

  constructor(private readonly db: Database.Database, private readonly agentId: string) {
    // Ordered by name: a parent (`Wertpapiere`) comes before its children (`Wertpapiere::Abwicklung`).
    this.perQueue = db.prepare(
      `SELECT q."id" AS queueId, q."name" AS name, q."group" AS "group", q."valid" AS valid,
              coalesce(c.total, 0) AS total, coalesce(c.new, 0) AS new, coalesce(c.escalated, 0) AS escalated, coalesce(c.mine, 0) AS mine
       FROM queues q LEFT JOIN (
         SELECT "queue_id", count(*) AS total, sum("state" = 'new') AS new, sum(${anyClockBreached}) AS escalated, sum(coalesce("owner_id" = @agent, 0)) AS mine
         FROM tickets INDEXED BY tickets_open_counts WHERE ${openTicket} GROUP BY "queue_id"
       ) c ON c."queue_id" = q."id"
       ORDER BY q."name", q."id"`,
    );
    this.views = db.prepare(
      `SELECT (SELECT count(*) FROM tickets t WHERE t."owner_id" = @agent AND ${openTicket}) AS mine,
              (SELECT count(*) FROM tickets t WHERE t."owner_id" = @agent AND t."locked" = 1 AND ${openTicket}) AS myLocked,
              (SELECT count(*) FROM tickets t INDEXED BY tickets_open_escalated WHERE ${anyClockBreached} AND ${openTicket}) AS escalated,
              (SELECT count(*) FROM tickets t INDEXED BY tickets_reminders WHERE t."state" = 'pending-reminder' AND t."pending_until" <= @now) AS remindersDue`,
    );
  }

  /**
   * Every queue the agent may read, and any queue that holds an open ticket of theirs (the feed
   * only sends tickets the agent may read; rights granted since sign-in show that way). A queue
   * no longer valid is listed while it still holds open tickets.
   */
  overview(readable: ReadableGroup, now: string): QueueOverview {
    this.kept ??= this.perQueue.all({ agent: this.agentId }) as QueueRow[];
    const queues: QueueCounts[] = this.kept
      .filter((row) => row.total > 0 || (row.valid === 1 && readable(row.group)))
      .map((row) => ({ queueId: row.queueId, name: row.name, total: row.total, new: row.new, escalated: row.escalated, mine: row.mine }));
    const views = this.views.get({ agent: this.agentId, now }) as QueueOverview['views'];
    return { queues, views };
  }

  /** How the cache counts the queues (EXPLAIN QUERY PLAN), for the test that holds the count to its index. */
  plan(): string[] {
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${this.perQueue.source}`).all({ agent: this.agentId }) as { detail: string }[]).map((row) => row.detail);
  }

  /** The cache changed: the next overview counts again. */
  invalidate(): void {
    this.kept = null;
  }
}
