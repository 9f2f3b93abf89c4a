import type { Right } from '../../permissions.js';
import { closedStates, pendingStates, type TicketState, type TicketType } from '../../sync/entities.js';
import { type MutationArgs, type MutationName, mutationRules } from '../../sync/mutations.js';
import type { BankAgent } from './bank-types.js';
import type { Random } from './random.js';
import type { ScriptStep } from './script-types.js';
import { type BankQueue, mayAct, mayEnter } from './service-organisation.js';
import { timeOrderedId } from './time-ids.js';

export type ArticleInput = MutationArgs<'ticket.addArticle'>['article'];
export type ArticleFields = Omit<ArticleInput, 'articleId'>;

/**
 * Writes one ticket's steps and keeps its state (queue, state, lock, owner) as the server would,
 * refusing any step the server would refuse by the mutation's rule (`mutationRules`: its rights,
 * whether another agent's lock stops it) or by its state checks (a pending time in the future). A refusal is a generator bug, so it throws. Steps are
 * kept in time order, and none at or after `end`: from there on the ticket's story is cut.
 */
export class TicketWriter {
  readonly steps: ScriptStep[] = [];
  readonly queueHistory: { at: number; queue: BankQueue }[] = [];
  state: TicketState = 'new';
  locked = false;
  ownerKey: string | null = null;
  priority = 3;
  closedAt: number | null = null;
  /** Set once a step would lie at or after `end`. */
  cut = false;
  private last = 0;

  constructor(readonly ticketId: string, private readonly random: Random, private readonly end: number, queue: BankQueue) {
    this.queueHistory.push({ at: 0, queue });
  }

  get queue(): BankQueue {
    return (this.queueHistory.at(-1) as { queue: BankQueue }).queue;
  }

  /** When the last step happened. */
  get lastAt(): number {
    return this.last;
  }

  id(at: number): string {
    return timeOrderedId(new Date(at), this.random);
  }

  create(at: number, agent: BankAgent, actorKey: string, fields: { title: string; type: TicketType; priority: number; customerUserId: string | null; article: ArticleFields }): void {
    const { queue: right } = mutationRules['ticket.create'].rights;
    if (!mayEnter(agent.permissions, this.queue.group, right)) throw this.refused(agent, right, 'ticket.create');
    this.priority = fields.priority;
    const { article, ...ticket } = fields;
    this.push(at, agent, actorKey, 'ticket.create', { ticketId: this.ticketId, queueId: this.queue.id, ...ticket, article: { articleId: this.id(at), ...article } });
  }

  article(at: number, agent: BankAgent, actorKey: string, article: ArticleFields): void {
    const { rights } = mutationRules['ticket.addArticle'];
    this.need(agent, article.visibility === 'internal' ? rights.internal : rights.customerVisible, 'ticket.addArticle');
    const time = this.push(at, agent, actorKey, 'ticket.addArticle', { ticketId: this.ticketId, article: { articleId: this.id(at), ...article } });
    if (time !== null && article.sender === 'customer' && closedStates.includes(this.state)) this.state = 'open';
  }

  move(at: number, agent: BankAgent, queue: BankQueue): void {
    const { queues: right } = mutationRules['ticket.move'].rights;
    this.need(agent, right, 'ticket.move');
    if (!this.cut && (!mayEnter(agent.permissions, queue.group, right) || queue.id === this.queue.id)) throw this.refused(agent, right, 'ticket.move');
    const time = this.push(at, agent, agent.key, 'ticket.move', { ticketId: this.ticketId, queueId: queue.id });
    if (time !== null) this.queueHistory.push({ at: time, queue });
  }

  setState(at: number, agent: BankAgent, state: Exclude<TicketState, 'merged' | 'new'>, pendingUntil: number | null = null): void {
    this.need(agent, mutationRules['ticket.setState'].rights.ticket, 'ticket.setState');
    const pending = pendingStates.includes(state);
    if (pending !== (pendingUntil !== null)) throw new Error(`ticket.setState ${state}: pendingUntil ${pending ? 'required' : 'not allowed'}`);
    const time = this.time(at);
    if (pendingUntil !== null && pendingUntil <= time) throw new Error('ticket.setState: pendingUntil must lie after the step');
    const written = this.push(time, agent, agent.key, 'ticket.setState', { ticketId: this.ticketId, state, pendingUntil: pendingUntil === null ? null : new Date(pendingUntil).toISOString() });
    if (written === null) return;
    this.state = state;
    if (closedStates.includes(state)) this.closedAt ??= written;
  }

  setPriority(at: number, agent: BankAgent, priority: number): void {
    this.need(agent, mutationRules['ticket.setPriority'].rights.ticket, 'ticket.setPriority');
    if (this.push(at, agent, agent.key, 'ticket.setPriority', { ticketId: this.ticketId, priority }) !== null) this.priority = priority;
  }

  setOwner(at: number, agent: BankAgent, owner: BankAgent): void {
    const { ticket: right } = mutationRules['ticket.setOwner'].rights;
    this.need(agent, right, 'ticket.setOwner');
    // The server accepts as owner only an agent who may own the group's tickets (`owner`, as for setting one).
    if (!this.cut && !mayAct(owner.permissions, this.queue.group, right)) throw this.refused(owner, 'owner', 'ticket.setOwner (new owner)');
    if (this.push(at, agent, agent.key, 'ticket.setOwner', { ticketId: this.ticketId, ownerId: owner.id }) !== null) this.ownerKey = owner.key;
  }

  lock(at: number, agent: BankAgent): void {
    this.need(agent, mutationRules['ticket.lock'].rights.ticket, 'ticket.lock');
    if (this.push(at, agent, agent.key, 'ticket.lock', { ticketId: this.ticketId }) === null) return;
    this.locked = true;
    this.ownerKey = agent.key;
  }

  unlock(at: number, agent: BankAgent): void {
    this.need(agent, mutationRules['ticket.unlock'].rights.ticket, 'ticket.unlock');
    if (this.push(at, agent, agent.key, 'ticket.unlock', { ticketId: this.ticketId }) !== null) this.locked = false;
  }

  /** Merges this ticket into another; the caller checked the agent's rights on that one (`mutationRules['ticket.merge'].rights`). */
  merge(at: number, agent: BankAgent, intoTicketId: string): void {
    this.need(agent, mutationRules['ticket.merge'].rights.bothTickets, 'ticket.merge');
    if (this.push(at, agent, agent.key, 'ticket.merge', { ticketId: this.ticketId, intoTicketId }) !== null) {
      this.state = 'merged';
      this.locked = false;
    }
  }

  /** Links this ticket to another; the caller checked the agent's right on that one (`mutationRules['ticket.link'].rights.target`). */
  link(at: number, agent: BankAgent, targetTicketId: string, kind: MutationArgs<'ticket.link'>['kind']): void {
    this.need(agent, mutationRules['ticket.link'].rights.source, 'ticket.link');
    this.push(at, agent, agent.key, 'ticket.link', { ticketId: this.ticketId, linkId: this.id(at), targetTicketId, kind });
  }

  accountTime(at: number, agent: BankAgent, minutes: number, note: string): void {
    this.need(agent, mutationRules['ticket.accountTime'].rights.ticket, 'ticket.accountTime');
    this.push(at, agent, agent.key, 'ticket.accountTime', { ticketId: this.ticketId, entryId: this.id(at), minutes, note });
  }

  /** The time a step requested for `at` gets: never before the previous step, so that steps stay in order. */
  time(at: number): number {
    return at > this.last ? at : this.last + this.random.int(20, 90) * 1000;
  }

  private need(agent: BankAgent, right: Right, name: MutationName): void {
    // Once cut, nothing more is written, and the tracked state no longer follows the story.
    if (this.cut) return;
    if (!mayAct(agent.permissions, this.queue.group, right)) throw this.refused(agent, right, name);
    if (this.state === 'merged') throw new Error(`${name}: ticket ${this.ticketId} is merged`);
    if (mutationRules[name].respectsLock && this.locked && this.ownerKey !== agent.key) throw new Error(`${name}: ticket ${this.ticketId} is locked by ${String(this.ownerKey)}, not ${agent.key}`);
  }

  private refused(agent: BankAgent, right: Right, name: string): Error {
    return new Error(`${name}: ${agent.key} lacks "${right}" on ${this.queue.group} (${this.queue.name})`);
  }

  /** Appends the step unless the story is cut; returns its time, or null when it was not written. */
  private push<N extends MutationName>(at: number, agent: BankAgent, actorKey: string, name: N, args: MutationArgs<N>): number | null {
    const time = this.time(at);
    if (this.cut || time >= this.end) {
      this.cut = true;
      return null;
    }
    this.last = time;
    const performedAt = new Date(time);
    // The union cannot follow the generic N; each call site passes the arguments of its own name.
    this.steps.push({ at: performedAt, actorKey, agentKey: agent.key, name, args: { ...args, performedAt: performedAt.toISOString() } } as ScriptStep);
    return time;
  }
}
