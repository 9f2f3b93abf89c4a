import type { Right } from '../../permissions.js';
import type { Bank, BankAgent } from './bank-types.js';
import type { Random } from './random.js';
import { type QueueGroup, mayAct, mayEnter, queueGroups } from './service-organisation.js';

/**
 * Who may do what, per permission group, among the agents who can sign in: the pools the
 * ticket stories draw their actors from. Each pool is shuffled once per seed and drawn from by
 * Zipf, so that some agents carry more tickets than others, as in every team.
 */
export class Staffing {
  private readonly workers = new Map<QueueGroup, BankAgent[]>();
  private readonly leads = new Map<QueueGroup, BankAgent[]>();
  private readonly noteTakers = new Map<QueueGroup, BankAgent[]>();
  /** Staff outside the helpdesk who open internal tickets. */
  readonly requesters: readonly BankAgent[];
  readonly byKey: ReadonlyMap<string, BankAgent>;

  constructor(bank: Bank, random: Random) {
    const active = bank.agents.filter((agent) => agent.active);
    this.byKey = new Map(bank.agents.map((agent) => [agent.key, agent]));
    for (const group of queueGroups) {
      const rw = random.shuffle(active.filter((agent) => mayAct(agent.permissions, group, 'rw')));
      // Team leads work tickets too, but less: they come last in the Zipf order.
      this.workers.set(group, [...rw.filter((agent) => !agent.teamLead), ...rw.filter((agent) => agent.teamLead)]);
      this.leads.set(group, active.filter((agent) => agent.teamLead && mayAct(agent.permissions, group, 'owner')));
      this.noteTakers.set(group, random.shuffle(active.filter((agent) => mayAct(agent.permissions, group, 'note'))));
    }
    this.requesters = random.shuffle(active.filter((agent) => !agent.contractor && !agent.groups.includes('kontor-helpdesk') && mayEnter(agent.permissions, 'helpdesk', 'create')));
    if (this.requesters.length === 0) throw new Error('no agent may open an internal helpdesk ticket');
  }

  /** An agent who works tickets of the group (`rw`); `not` is skipped when someone else can. */
  worker(random: Random, group: QueueGroup, not?: BankAgent): BankAgent {
    const pool = this.workers.get(group) ?? [];
    if (pool.length === 0) throw new Error(`nobody works the group ${group}`);
    const others = not === undefined || pool.length === 1 ? pool : pool.filter((agent) => agent.key !== not.key);
    return random.zipf(others, 0.7);
  }

  /** A team lead who may assign owners in the group, or null. */
  lead(random: Random, group: QueueGroup): BankAgent | null {
    const pool = this.leads.get(group) ?? [];
    return pool.length === 0 ? null : random.pick(pool);
  }

  /** Someone other than `not` who may write internal notes in the group, or null. */
  colleague(random: Random, group: QueueGroup, not: BankAgent): BankAgent | null {
    const pool = (this.noteTakers.get(group) ?? []).filter((agent) => agent.key !== not.key);
    return pool.length === 0 ? null : random.zipf(pool, 0.7);
  }

  requester(random: Random): BankAgent {
    return random.zipf(this.requesters, 0.5);
  }

  /** An agent with `right` on both groups (a merge or link across queues), preferring `preferred`. */
  withBoth(random: Random, first: QueueGroup, second: QueueGroup, right: Right, preferred?: BankAgent): BankAgent | null {
    const fits = (agent: BankAgent): boolean => mayAct(agent.permissions, first, 'rw') && mayAct(agent.permissions, second, right);
    if (preferred && fits(preferred)) return preferred;
    const pool = (this.workers.get(first) ?? []).filter(fits);
    return pool.length === 0 ? null : random.pick(pool);
  }
}
