import type Database from 'better-sqlite3';
import type { OwnerCandidate } from '../../src-shared/domain/people.js';
import type { QueueChoice } from '../../src-shared/ipc/workspace.js';
import type { Permissions } from '../../src-shared/permissions.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';

type Row = Record<string, unknown>;

/** German dictionary order, so that "Änderungen" sorts with the A's. */
const byName = new Intl.Collator('de', { sensitivity: 'base' });

/**
 * What the ticket editor and the phone ticket offer, from the cache: the queues with the agent's
 * rights on their groups, and the agents who may own tickets of a queue. The server checks every
 * edit again; these lists only keep the Desk from offering what it would refuse.
 */
export class QueueChoicesReader {
  private readonly queues: Database.Statement;
  private readonly queue: Database.Statement;
  private readonly agents: Database.Statement;

  constructor(db: Database.Database) {
    this.queues = db.prepare('SELECT * FROM queues WHERE "valid" = 1');
    this.queue = db.prepare('SELECT * FROM queues WHERE "id" = ?');
    this.agents = db.prepare('SELECT * FROM agents WHERE "valid" = 1');
  }

  /** Every valid queue with the rights held on its group, by name. */
  choices(permissions: Permissions): QueueChoice[] {
    return (this.queues.all() as Row[])
      .map((row) => entityFromCacheRow('queue', row))
      .map((queue) => ({ queueId: queue.id, name: queue.name, group: queue.group, rights: [...(permissions[queue.group] ?? [])] }))
      .sort((a, b) => byName.compare(a.name, b.name));
  }

  /** Valid agents whose owner groups include the queue's group, by display name; null for a queue the cache lacks. */
  ownerCandidates(queueId: string): OwnerCandidate[] | null {
    const row = this.queue.get(queueId) as Row | undefined;
    if (row === undefined) return null;
    const { group } = entityFromCacheRow('queue', row);
    return (this.agents.all() as Row[])
      .map((agentRow) => entityFromCacheRow('agent', agentRow))
      .filter((agent) => agent.ownerGroups.includes(group))
      .map(({ id, username, displayName, email }) => ({ id, username, displayName, email }))
      .sort((a, b) => byName.compare(a.displayName, b.displayName));
  }
}
