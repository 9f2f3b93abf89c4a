import { mutationRules } from '../../sync/mutations.js';
import { attachment } from './attachments.js';
import { ArticleTexts, type Signer } from './article-texts.js';
import type { BankAgent } from './bank-types.js';
import { addWorkingMinutes } from './berlin-time.js';
import * as phrases from './phrases.js';
import type { Random } from './random.js';
import { queueAt } from './recent-tickets.js';
import { type BankQueue, bankQueue, mayAct, mayEnter, type QueueGroup } from './service-organisation.js';
import type { Staffing } from './staffing.js';
import { TicketContext } from './ticket-context.js';
import type { TicketPlan } from './ticket-plan.js';
import { type ArticleFields, TicketWriter } from './ticket-writer.js';
import type { Localized } from './vocabulary.js';

const minute = 60_000;
const teams: Record<QueueGroup, string> = {
  serviceline: 'ServiceLine', settlement: 'Wertpapierabwicklung', custody: 'Depotverwahrung', tax: 'Steuerservice',
  itops: 'IT-Betrieb', complaints: 'Beschwerdemanagement', helpdesk: 'Interner Helpdesk',
};
/** Complete tickets carry at most this many articles. */
const maxArticles = 8;

/**
 * The first part of a ticket's life: it is opened (by ServiceLine, from a call, an e-mail or the
 * portal, or by a member of staff), routed to the queue whose agents solve it, or merged into the
 * ticket it duplicates. `TicketWork` (ticket-work.ts) continues with the agent's work.
 */
export class TicketStory {
  readonly writer: TicketWriter;
  readonly texts: ArticleTexts;
  readonly context: TicketContext;
  readonly customerSigner: Signer;
  /** Who speaks for the customer side: the customer user's key, or the requester's. */
  readonly askerKey: string;
  articles = 0;
  now: number;

  constructor(readonly plan: TicketPlan, readonly random: Random, readonly staffing: Staffing, ticketId: string, end: number) {
    const { customer, requester, institution } = plan;
    const caller = customer?.displayName ?? requester?.displayName ?? '';
    this.context = new TicketContext(random, plan.language, plan.createdAt, { caller, colleague: staffing.requester(random).displayName });
    const title = this.context.say(plan.topic.title).slice(0, 250);
    this.texts = new ArticleTexts(random, this.context, title);
    this.customerSigner = { name: caller, organisation: institution?.name ?? 'Kontor-Bank AG', phone: customer?.phone ?? requester?.phone ?? '' };
    this.askerKey = customer?.key ?? requester?.key ?? '';
    this.writer = new TicketWriter(ticketId, random, end, bankQueue(plan.openedInTarget ? plan.target.name : 'ServiceLine'));
    this.now = plan.createdAt;
  }

  get title(): string {
    return this.context.say(this.plan.topic.title).slice(0, 250);
  }

  /** `minutes` of working time after now, at least one minute later. */
  later(minutes: number): number {
    return addWorkingMinutes(this.now, Math.max(1, minutes));
  }

  signerFor(agent: BankAgent): Signer {
    return { name: agent.displayName, organisation: `Kontor-Bank AG · ${teams[this.writer.queue.group]}`, phone: agent.phone };
  }

  /** The ticket is opened; returns who opened it (a ServiceLine agent, or the requester of an internal ticket). */
  open(): BankAgent {
    const { plan, random } = this;
    const opener = plan.requester ?? this.staffing.worker(random, 'serviceline');
    const sentence = this.context.say(random.pick(plan.topic.opening));
    const internal = plan.requester !== null;
    const files = plan.topic.files && plan.channel !== 'phone' && random.chance(0.35) ? [this.file(plan.topic.files)] : [];
    const body = plan.requester ? `${sentence}\n\n${plan.requester.displayName}\n${plan.requester.title}, Tel. ${plan.requester.phone}`
      : this.texts.customerMessage(plan.channel, sentence, this.customerSigner);
    this.writer.create(this.now, opener, this.askerKey, {
      title: this.title, type: plan.topic.type, priority: plan.priority, customerUserId: plan.customer?.id ?? null,
      article: {
        channel: plan.channel, visibility: internal ? 'internal' : 'customer-visible', sender: internal ? 'agent' : 'customer',
        subject: plan.channel === 'phone' ? this.texts.subject('phone', this.customerSigner.name) : this.title, body,
        timeUnits: plan.channel === 'phone' ? random.int(3, 10) : 0, attachments: files,
      },
    });
    this.articles = 1;
    return opener;
  }

  file(kinds: readonly ('pdf' | 'csv' | 'xlsx' | 'png' | 'txt')[]): ArticleFields['attachments'][number] {
    const kind = this.random.chance(0.01) ? 'exe' : this.random.pick(kinds);
    return attachment(this.random, this.context, new Date(this.now), kind);
  }

  note(at: number, agent: BankAgent, text: string, extra?: Record<string, string>): void {
    this.writer.article(at, agent, agent.key, { channel: 'note', visibility: 'internal', sender: 'agent', subject: this.texts.subject('note'), body: this.context.fill(text, extra), timeUnits: 0, attachments: [] });
    this.articles += 1;
    this.now = Math.max(this.now, this.writer.lastAt);
  }

  /** Room for an optional article, keeping `reserve` for those still to come. */
  room(reserve: number): boolean {
    return this.articles + 1 + reserve <= maxArticles;
  }

  /** ServiceLine routes the ticket to the queue that solves it (sometimes the wrong one first); returns who works it there. */
  route(opener: BankAgent): BankAgent {
    const { plan, random, staffing, writer } = this;
    if (writer.queue.id === plan.target.id) return plan.target.name === 'ServiceLine' && plan.channel === 'phone' ? opener : staffing.worker(random, plan.target.group);
    const triage = plan.channel === 'phone' ? opener : staffing.worker(random, 'serviceline');
    this.now = plan.channel === 'phone' ? this.now + random.int(2, 8) * minute : this.later(random.logNormal(25, 0.8));
    const first = plan.misroutedTo ?? plan.target;
    if (random.chance(0.4)) this.note(this.now, triage, random.pick(phrases.internalNotes.triage), { queue: first.name });
    writer.move(this.now, triage, first);
    if (plan.misroutedTo) {
      this.now = this.later(random.logNormal(90, 0.8));
      const wrong = this.workerWho(plan.misroutedTo.group, (agent) => mayEnter(agent.permissions, plan.target.group, 'move_into'));
      this.note(this.now, wrong, random.pick(phrases.internalNotes.misrouted), { queue: plan.target.name });
      writer.move(this.now, wrong, plan.target);
    }
    const worker = staffing.worker(random, plan.target.group);
    const lead = plan.leadAssigns ? staffing.lead(random, plan.target.group) : null;
    if (lead && lead.key !== worker.key) {
      this.now = this.later(random.logNormal(20, 0.7));
      writer.setOwner(this.now, lead, worker);
      if (this.room(3)) this.note(this.now, lead, random.pick(phrases.internalNotes.teamLead), { name: worker.displayName });
    }
    return worker;
  }

  workerWho(group: QueueGroup, accept: (agent: BankAgent) => boolean): BankAgent {
    for (let tries = 0; tries < 20; tries += 1) {
      const agent = this.staffing.worker(this.random, group);
      if (accept(agent)) return agent;
    }
    throw new Error(`nobody in ${group} may do this`);
  }

  /** A duplicate: routed to where the original is, noted and merged into it by an agent of that queue. */
  mergeIntoOriginal(): void {
    const { plan, random, staffing, writer } = this;
    const original = plan.duplicateOf;
    if (!original) return;
    const routeAt = this.later(random.logNormal(30, 0.8));
    const mergeAt = addWorkingMinutes(routeAt, 5 + random.logNormal(60, 0.8));
    const there: BankQueue = queueAt(original, mergeAt);
    const triage = staffing.worker(random, 'serviceline');
    this.note(routeAt, triage, random.pick(phrases.internalNotes.possibleDuplicate), { queue: there.name });
    if (there.id !== writer.queue.id) writer.move(routeAt, triage, there);
    this.now = mergeAt;
    const merger = staffing.worker(random, there.group);
    this.note(mergeAt, merger, random.pick(phrases.internalNotes.duplicate));
    writer.merge(mergeAt, merger, original.ticketId);
  }

  /** A follow-up of the customer (or requester), recorded by `agent` as their words. */
  customerSays(at: number, agent: BankAgent, pair: Localized | string, channel: 'email' | 'portal' | 'phone', withFile = false): void {
    const sentence = typeof pair === 'string' ? pair : this.context.say(pair);
    const files = withFile && this.plan.topic.files && channel !== 'phone' ? [this.file(this.plan.topic.files)] : [];
    this.writer.article(at, agent, this.askerKey, {
      channel, visibility: 'customer-visible', sender: 'customer',
      subject: channel === 'phone' ? this.texts.subject('phone', this.customerSigner.name) : this.texts.subject('reply'),
      body: this.texts.customerMessage(channel, sentence, this.customerSigner, { recordedBy: agent.displayName }), timeUnits: 0, attachments: files,
    });
    this.articles += 1;
    this.now = Math.max(this.now, this.writer.lastAt);
  }

  /** The agent answers the customer (what they see); returns nothing, moves `now`. */
  agentSays(at: number, agent: BankAgent, sentences: readonly string[], channel: 'email' | 'portal' | 'phone', thank = false): void {
    const thanksFor = this.plan.channel === 'phone' ? 'call' : 'written';
    const colleague = this.plan.requester !== null;
    const body = this.texts.agentMessage(channel, sentences, this.signerFor(agent), this.customerSigner.name, thank ? { thank: thanksFor, colleague } : { colleague });
    this.writer.article(at, agent, agent.key, {
      channel, visibility: 'customer-visible', sender: 'agent',
      subject: channel === 'phone' ? this.texts.subject('phone', this.customerSigner.name) : this.texts.subject('reply'),
      body, timeUnits: this.random.int(0, 3) * 5, attachments: [],
    });
    this.articles += 1;
    this.now = Math.max(this.now, this.writer.lastAt);
  }

  /** Whether `agent` may link to a ticket in `queue` (the link's target). */
  mayLinkTo(agent: BankAgent, queue: BankQueue): boolean {
    return mayAct(agent.permissions, queue.group, mutationRules['ticket.link'].rights.target);
  }
}
