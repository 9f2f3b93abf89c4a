import type { Directory } from '../../src-shared/node/directory/types.js';
import type { RoleConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { storeGrant } from './agents.js';
import { grantRoles, type GrantedRoles } from './roles.js';

export const defaultRefreshIntervalMs = 5 * 60_000;

export interface MembershipRefreshOptions {
  db: Database;
  /** The service-account directory. */
  directory: Directory;
  roles: readonly RoleConfig[];
  now: () => Date;
  log: { warn(details: object, message: string): void };
  intervalMs?: number;
}

export interface RefreshOutcome {
  /** Agents with a live session whose groups were read. */
  checked: number;
  /** Agents whose permissions changed (their epoch was bumped). */
  changed: string[];
  /** Agents left as they were because the directory could not answer. */
  skipped: string[];
}

/**
 * Re-reads the group memberships of every agent with a live session on a schedule, so that a
 * role granted or revoked in the directory reaches the feed without a new login. Changed
 * permissions bump the agent's permission epoch and are announced on `kontor_epoch`; a change
 * of owner groups reaches every Desk as an `agent` change row. Someone who left the directory
 * or holds no agent role any more keeps no permissions and no session, and becomes invalid.
 * Every instance runs one; the conditional update makes a second instance's run a no-op.
 */
export class MembershipRefresh {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RefreshOutcome> | null = null;

  constructor(private readonly options: MembershipRefreshOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      // A round still going (a slow directory) is not joined by another.
      if (this.running) return;
      this.refreshNow().catch((error: unknown) => this.options.log.warn({ err: error }, 're-reading group memberships failed'));
    }, this.options.intervalMs ?? defaultRefreshIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** A round that reads the directory after this call (after a round in progress); for the schedule and for tests. */
  refreshNow(): Promise<RefreshOutcome> {
    const previous: Promise<unknown> = this.running ?? Promise.resolve();
    const round = previous.catch(() => undefined).then(() => this.round());
    this.running = round;
    const clear = (): void => {
      if (this.running === round) this.running = null;
    };
    round.then(clear, clear);
    return round;
  }

  private async round(): Promise<RefreshOutcome> {
    const { db, directory, roles, now } = this.options;
    const agents = await db.query<{ id: string }>(
      `SELECT DISTINCT agent_id AS id FROM agent_sessions
       WHERE revoked_at IS NULL AND expires_at > $1 AND idle_expires_at > $1 ORDER BY agent_id`,
      [now()],
    );
    const outcome: RefreshOutcome = { checked: 0, changed: [], skipped: [] };
    for (const [index, { id }] of agents.rows.entries()) {
      let granted: GrantedRoles;
      try {
        const person = await directory.findById(id);
        granted = person === null ? { roles: [], permissions: {} } : grantRoles(await directory.groupsOf(person.dn), roles);
      } catch (error) {
        // The directory is down: nobody's rights are taken away for that; try again next round.
        this.options.log.warn({ err: error, agentId: id }, 'group memberships could not be read');
        outcome.skipped.push(...agents.rows.slice(index).map((row) => row.id));
        break;
      }
      outcome.checked += 1;
      if (await this.store(id, granted)) outcome.changed.push(id);
    }
    return outcome;
  }

  /** Writes roles, permissions, owner groups and validity; true when the permissions changed and the epoch moved. */
  private store(agentId: string, granted: GrantedRoles): Promise<boolean> {
    return this.options.db.transaction(async (tx) => {
      const written = await storeGrant(tx, agentId, granted, { now: this.options.now(), cause: 'membership-refresh' });
      return written?.epochBumped === true;
    });
  }
}
