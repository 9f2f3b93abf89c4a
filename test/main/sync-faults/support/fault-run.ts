import { setTimeout as delay } from 'node:timers/promises';
import type { ProxyDirection } from '../../../harness/fault-proxy.js';
import type { SeededRandom } from '../../../harness/seeded-random.js';
import { eventually } from '../../../server/resilience/support/faults.js';
import { tokenFor } from '../../../server/support/http.js';
import { bootstrapState, canonicalState, comparable, counts, feedPosition, outboxOf, readCache, type EntityState } from './cache-inspection.js';
import type { DeskAgent } from './desk-agent.js';
import { checkEffects, checkLedger, type AgentLedger, type LedgerOutcome } from './ledger.js';
import type { FaultKind } from './profile.js';
import type { ServerUnderTest } from './server-under-test.js';

/** How long a cycle waits for traffic to reach an armed cut before it takes the cut back. */
const cutWaitMs = 3_000;

export interface RunStats {
  cycles: number;
  faults: Record<FaultKind, number>;
  cutsFired: number;
  cutsUnused: number;
  deskKillsWhileServerDown: number;
  settled: number;
}

export interface Verified {
  ledgers: (LedgerOutcome & { name: string })[];
  effects: string[];
  /** Per agent: the cache's canonical state and a fresh bootstrap's, in comparable form. */
  caches: { name: string; cache: ReturnType<typeof comparable>; fresh: ReturnType<typeof comparable>; counts: ReturnType<typeof counts> }[];
}

/**
 * Random agent edits at the Desks interleaved with faults, then everything up and quiet, then
 * the checks: every acknowledged edit exactly once, every cache equal to a fresh bootstrap.
 */
export class FaultRun {
  readonly stats: RunStats = {
    cycles: 0,
    faults: { none: 0, 'cut-to-server': 0, 'cut-to-client': 0, drop: 0, 'desk-kill': 0, 'server-stop': 0, 'server-kill': 0 },
    cutsFired: 0,
    cutsUnused: 0,
    deskKillsWhileServerDown: 0,
    settled: 0,
  };

  constructor(
    readonly server: ServerUnderTest,
    readonly agents: readonly DeskAgent[],
    private readonly random: SeededRandom,
    private readonly settleChance: number,
  ) {}

  /** Every Desk started and signed in online, its bootstrap done. */
  async begin(): Promise<void> {
    for (const agent of this.agents) {
      await agent.start();
      const state = await agent.signIn();
      if (state.unlockedOffline) throw new Error(`${agent.spec.name}: the first sign-in went offline`);
    }
    await this.quiet(30_000);
  }

  async cycle(fault: FaultKind): Promise<void> {
    this.stats.cycles += 1;
    this.stats.faults[fault] += 1;
    this.note(`cycle ${String(this.stats.cycles)}: ${fault}`);
    await this.edits(this.random.int(1, 4));
    switch (fault) {
      case 'none':
        break;
      case 'cut-to-server':
      case 'cut-to-client':
        await this.cut(fault === 'cut-to-server' ? 'to-server' : 'to-client');
        break;
      case 'drop':
        this.server.proxy.dropConnections();
        await this.edits(this.random.int(0, 2));
        break;
      case 'desk-kill':
        await this.killDesk(false);
        break;
      case 'server-stop':
      case 'server-kill':
        await this.server.down(fault === 'server-stop' ? 'SIGTERM' : 'SIGKILL');
        await this.edits(this.random.int(1, 3));
        if (this.random.chance(0.5)) await this.killDesk(true);
        await this.server.up();
        break;
    }
    await this.signInWhereNeeded();
    if (this.random.chance(this.settleChance)) {
      // Not a check: the next faults then also meet Desks with nothing to do.
      if (await this.quiet(15_000).then(() => true, () => false)) this.stats.settled += 1;
    }
  }

  /** Faults off: the server up, every Desk running and signed in online. */
  async faultsOff(): Promise<void> {
    this.server.proxy.disarm();
    await this.server.up();
    for (const agent of this.agents) await agent.start();
    await eventually('every Desk is signed in online', async () => (await this.signInWhereNeeded()) === 0, () => this.expectRunning(), 30_000);
  }

  /**
   * Waits until every Desk is quiet: online, nothing it could send, nothing applied and not yet
   * in its cache, its feed in the log phase at the server's last number.
   */
  async quiet(withinMs: number): Promise<void> {
    try {
      await eventually(
        'every Desk is online with its outbox sent and its feed at the server’s last change',
        async () => {
          const last = await this.lastSeq();
          if (last === null) return false;
          for (const agent of this.agents) if (!(await this.isQuiet(agent, last))) return false;
          return true;
        },
        () => this.expectRunning(),
        withinMs,
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await this.describe()}`, { cause: error });
    }
  }

  /** Where each Desk stands, for a failure message. */
  private async describe(): Promise<string> {
    const lines = [`server: last change ${String(await this.lastSeq())}`];
    for (const agent of this.agents) {
      if (!agent.desk) {
        lines.push(`${agent.spec.name}: not running`);
        continue;
      }
      const sync = await agent.desk.ipc.invoke('sync.status', undefined);
      const cache = readCache(agent.userDataDir, agent.agentId, (db) => ({ feed: feedPosition(db), outbox: outboxOf(db).entries.map((entry) => entry.status) }));
      lines.push(`${agent.spec.name}: sync ${JSON.stringify(sync)}; feed ${JSON.stringify(cache.feed)}; outbox ${JSON.stringify(cache.outbox)}`);
    }
    return lines.join('\n');
  }

  /** The checks, after `faultsOff` and `quiet`; stops the Desks to read their cache files. */
  async verify(): Promise<Verified> {
    const ledgers: AgentLedger[] = [];
    for (const agent of this.agents) ledgers.push(await this.ledgerOf(agent));
    for (const agent of this.agents) await agent.stop();
    const caches: Verified['caches'] = [];
    for (const [index, agent] of this.agents.entries()) {
      const held: EntityState = readCache(agent.userDataDir, agent.agentId, canonicalState);
      const outbox = readCache(agent.userDataDir, agent.agentId, outboxOf).entries;
      const ledger = ledgers[index];
      if (ledger) ledger.outbox = outbox;
      const fresh = await bootstrapState(this.server.directUrl, await tokenFor(this.server.directUrl, agent.spec.username));
      caches.push({ name: agent.spec.name, cache: comparable(held), fresh: comparable(fresh), counts: counts(held) });
    }
    const outcomes = [];
    for (const ledger of ledgers) outcomes.push({ name: ledger.name, ...(await checkLedger(this.server.admin, ledger)) });
    return { ledgers: outcomes, effects: await checkEffects(this.server.admin, ledgers), caches };
  }

  expectRunning(): void {
    this.server.expectRunning();
    for (const agent of this.agents) {
      const exit = agent.desk?.exit();
      if (exit) throw new Error(`${agent.spec.name}: the Desk ended by itself (${JSON.stringify(exit)}):\n${agent.desk?.logTail() ?? ''}`);
    }
  }

  /** `count` edits, each by a random agent whose Desk runs. */
  private async edits(count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      const running = this.agents.filter((agent) => agent.desk !== null);
      if (running.length > 0) await this.random.pick(running).act();
    }
  }

  private async cut(direction: ProxyDirection): Promise<void> {
    const bytes = this.random.int(0, direction === 'to-server' ? 3_000 : 8_000);
    const cut = this.server.proxy.cutAfter(direction, bytes);
    this.note(`cut ${direction} after ${String(bytes)} bytes armed`);
    await this.edits(this.random.int(1, 3));
    const fired = await Promise.race([cut, delay(cutWaitMs, 'unused' as const)]);
    if (fired === 'unused' || fired === null) {
      this.server.proxy.disarm();
      this.stats.cutsUnused += 1;
    } else {
      this.stats.cutsFired += 1;
      this.note(`cut ${direction} fired: ${JSON.stringify(fired.connectionBytes)}`);
    }
  }

  /** `kill -9` of one Desk, perhaps right after an edit (its push then is under way), and a restart on the same folder. */
  private async killDesk(serverDown: boolean): Promise<void> {
    const agent = this.random.pick(this.agents);
    if (this.random.chance(0.5)) await agent.act();
    await agent.kill();
    if (serverDown) this.stats.deskKillsWhileServerDown += 1;
    await this.edits(this.random.int(0, 2));
    await agent.start();
    await agent.signIn();
  }

  /** Signs in every running Desk that is signed out or only unlocked offline while the server runs; returns how many still need it. */
  private async signInWhereNeeded(): Promise<number> {
    if (!this.server.running) return this.agents.length;
    let waiting = 0;
    for (const agent of this.agents) {
      if (!agent.desk || !(await agent.needsSignIn())) continue;
      const state = await agent.signIn().catch((error: unknown) => {
        agent.log(`sign-in failed: ${String(error)}`);
        return null;
      });
      if (state?.unlockedOffline !== false) waiting += 1;
    }
    return waiting;
  }

  private async isQuiet(agent: DeskAgent, lastSeq: number): Promise<boolean> {
    if (!agent.desk) return false;
    const [session, sync] = await Promise.all([agent.desk.ipc.value('session.current', undefined), agent.desk.ipc.value('sync.status', undefined)]);
    if (session.state !== 'signed-in' || session.unlockedOffline || sync.state !== 'online') return false;
    return readCache(agent.userDataDir, agent.agentId, (db) => {
      const outbox = outboxOf(db);
      const feed = feedPosition(db);
      return outbox.sendable === 0 && !outbox.entries.some((entry) => entry.status === 'applied') && feed?.phase === 'log' && (feed.position ?? -1) >= lastSeq;
    });
  }

  /** The server's last change number, or null while changes wait for theirs. */
  private async lastSeq(): Promise<number | null> {
    const result = await this.server.admin.query<{ unstamped: boolean; last: string }>(
      'SELECT EXISTS (SELECT 1 FROM change_log WHERE seq IS NULL) AS unstamped, coalesce(max(seq), 0)::text AS last FROM change_log',
    );
    const row = result.rows[0];
    return !row || row.unstamped ? null : Number(row.last);
  }

  /** The agent's ledger from its running Desk: which refused edits its tickets show. */
  private async ledgerOf(agent: DeskAgent): Promise<AgentLedger> {
    const outbox = readCache(agent.userDataDir, agent.agentId, outboxOf).entries;
    const shownFailed = new Set<string>();
    const tickets = new Set(outbox.filter((entry) => entry.subjectId !== null).map((entry) => entry.subjectId as string));
    for (const ticketId of tickets) {
      const view = await agent.running.ipc.invoke('tickets.get', { ticketId });
      if (!view.ok) continue;
      for (const failed of view.value.failed) shownFailed.add(failed.mutationId);
    }
    return { name: agent.spec.name, agentId: agent.agentId, counted: agent.counted, resolutions: agent.resolutions, outbox, shownFailed };
  }

  private note(line: string): void {
    this.agents[0]?.log(line);
  }
}
