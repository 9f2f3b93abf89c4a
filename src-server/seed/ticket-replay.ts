import { clocksAfterArticle, clocksAfterStateChange, clocksAt, clocksAtCreation, nextClockEvent } from '../../src-shared/sla/clocks.js';
import { clockFieldsOf, clocksOfTicket } from '../../src-shared/sla/ticket-clocks.js';
import { closedStates, type Ticket, type TicketField } from '../../src-shared/sync/entities.js';
import { mutationRules, type MutationArgs } from '../../src-shared/sync/mutations.js';
import { decodeAttachment, type DecodedAttachment } from '../domain/attachments.js';
import type { HistoryEvent } from '../domain/history.js';
import type { TicketSla } from '../domain/slas.js';
import type { TicketRecord } from '../domain/ticket-record.js';
import { berlinDay } from '../domain/ticket-number.js';
import type { SeedSink } from './seed-rows.js';

/** What the replay needs to know of the bank: who is who, and each queue's group and SLA. */
export interface ReplayWorld {
  agentId(key: string): string;
  /** The customer user's stable id and their institution's. */
  customer(id: string): { institutionId: string | null };
  queue(id: string): { group: string; sla: TicketSla };
  /** The id of a merge link: random in the server, drawn from the seed here so that a seed is repeatable. */
  mergeLinkId(sourceTicketId: string): string;
}

interface Step<N extends keyof typeof mutationRules> {
  at: Date;
  agentKey: string;
  name: N;
  args: MutationArgs<N>;
}
type AnyStep = { [N in keyof typeof mutationRules]: Step<N> }[keyof typeof mutationRules];

/**
 * Replays ticket scripts in memory with the server's rules, so that a seed holds what the
 * mutations would have written: the same ticket versions, field versions, clocks, history
 * entries and data, articles, links and time entries, and the SLA timer's warnings and
 * breaches at their instants. `test/server/seed/replay-equivalence.test.ts` sends the same
 * scripts through the real mutations and compares every row.
 */
export class TicketReplay {
  private readonly tickets = new Map<string, TicketRecord>();
  private readonly counters = new Map<string, number>();
  private readonly mergedInto = new Map<string, string>();

  constructor(
    private readonly world: ReplayWorld,
    private readonly sink: SeedSink,
  ) {}

  /** The tickets still held (their rows not yet given to the sink). */
  get held(): number {
    return this.tickets.size;
  }

  /** The last counter value of every day, for `ticket_number_counters`. */
  dayCounters(): Map<string, number> {
    return new Map(this.counters);
  }

  /** Applies one step at its instant, after the warnings and breaches that came due before it. */
  apply(step: AnyStep): void {
    if (step.name !== 'ticket.create') this.escalate(step.args.ticketId, step.at);
    const actorId = this.world.agentId(step.agentKey);
    const performedAt = step.args.performedAt === undefined ? undefined : new Date(step.args.performedAt).toISOString();
    const now = step.at;
    switch (step.name) {
      case 'ticket.create':
        return this.create(step.args, actorId, now, performedAt);
      case 'ticket.addArticle':
        return this.addArticle(step.args, actorId, now, performedAt);
      case 'ticket.move':
        return this.write(step.args.ticketId, now, actorId, performedAt, { queueId: step.args.queueId }, mutationRules['ticket.move'].writes, 'moved', (ticket) => ({ fromQueueId: ticket.queueId, toQueueId: step.args.queueId }), this.world.queue(step.args.queueId).group);
      case 'ticket.setState':
        return this.setState(step.args, actorId, now, performedAt);
      case 'ticket.setPriority':
        return this.write(step.args.ticketId, now, actorId, performedAt, { priority: step.args.priority }, mutationRules['ticket.setPriority'].writes, 'priority-changed', (ticket) => ({ from: ticket.priority, to: step.args.priority }));
      case 'ticket.setOwner':
        return this.write(step.args.ticketId, now, actorId, performedAt, { ownerId: step.args.ownerId }, mutationRules['ticket.setOwner'].writes, 'owner-changed', (ticket) => ({ from: ticket.ownerId, to: step.args.ownerId }));
      case 'ticket.setSla':
        // The bank's scripts keep every ticket on its queue's SLA; a script that sets one is a generator bug.
        throw new Error('ticket.setSla is not part of the generated scripts');
      case 'ticket.setResponsible':
        return this.write(step.args.ticketId, now, actorId, performedAt, { responsibleId: step.args.responsibleId }, mutationRules['ticket.setResponsible'].writes, 'responsible-changed', (ticket) => ({ from: ticket.responsibleId, to: step.args.responsibleId }));
      case 'ticket.lock':
        return this.write(step.args.ticketId, now, actorId, performedAt, { locked: true, ownerId: actorId }, mutationRules['ticket.lock'].writes, 'locked', (ticket) => ({ ownerId: actorId, previousOwnerId: ticket.ownerId }));
      case 'ticket.unlock':
        return this.write(step.args.ticketId, now, actorId, performedAt, { locked: false }, mutationRules['ticket.unlock'].writes, 'unlocked', (ticket) => ({ ownerId: ticket.ownerId }));
      case 'ticket.merge':
        return this.merge(step.args, actorId, now, performedAt);
      case 'ticket.link':
        return this.link(step.args, actorId, now, performedAt);
      case 'ticket.accountTime': {
        const entry = { id: step.args.entryId.toLowerCase(), ticketId: step.args.ticketId, agentId: actorId, minutes: step.args.minutes, note: step.args.note, createdAt: now.toISOString(), performedAt: performedAt ?? now.toISOString() };
        this.sink.timeEntry(entry);
        return this.write(step.args.ticketId, now, actorId, performedAt, {}, [], 'time-accounted', () => ({ entryId: entry.id, minutes: entry.minutes }));
      }
    }
  }

  /**
   * Records the warnings and breaches of `ticketId` due up to `until`, each at its own instant,
   * as a timer that never sleeps would (the server's looks every few seconds).
   */
  escalate(ticketId: string, until: Date): void {
    const record = this.record(ticketId);
    for (;;) {
      const next = nextClockEvent(clocksOfTicket(record.ticket));
      if (next === null || Date.parse(next) > until.getTime()) return;
      const at = new Date(next);
      const { clocks, events } = clocksAt(clocksOfTicket(record.ticket), at);
      for (const event of events) {
        const kind: HistoryEvent = event.kind === 'breach' ? 'sla-breached' : 'sla-warning';
        this.sink.history({ ticketId, event: kind, actorId: null, data: { clock: event.clock, at: event.at }, occurredAt: at.toISOString() });
      }
      this.next(record, clockFieldsOf(clocks), [], at);
    }
  }

  /** Every held ticket escalated up to `until` and given to the sink. */
  finish(until: Date): void {
    for (const id of [...this.tickets.keys()]) this.release(id, until);
  }

  /** Escalates the ticket up to `until` and gives its final row to the sink. */
  release(ticketId: string, until: Date): void {
    this.escalate(ticketId, until);
    const id = ticketId.toLowerCase();
    this.sink.ticket(this.record(id), this.mergedInto.get(id) ?? null);
    this.tickets.delete(id);
    this.mergedInto.delete(id);
  }

  private record(ticketId: string): TicketRecord {
    const record = this.tickets.get(ticketId.toLowerCase());
    if (!record) throw new Error(`ticket ${ticketId} is not held by the replay (released too early, or never created)`);
    return record;
  }

  private nextNumber(now: Date): string {
    const day = berlinDay(now);
    const value = (this.counters.get(day) ?? 0) + 1;
    this.counters.set(day, value);
    return `${day.replaceAll('-', '')}${String(value).padStart(6, '0')}`;
  }

  private create(args: MutationArgs<'ticket.create'>, actorId: string, now: Date, performedAt: string | undefined): void {
    const queue = this.world.queue(args.queueId);
    const clocks = clocksAfterArticle(queue.sla.calendar, queue.sla.targets, clocksAtCreation(queue.sla.calendar, queue.sla.targets, now), 'new', args.article, now);
    const iso = now.toISOString();
    const ticket: Ticket = {
      id: args.ticketId.toLowerCase(),
      number: this.nextNumber(now),
      title: args.title,
      queueId: args.queueId,
      type: args.type,
      state: 'new',
      priority: args.priority,
      locked: false,
      ownerId: null,
      responsibleId: null,
      customerUserId: args.customerUserId,
      institutionId: args.customerUserId === null ? null : this.world.customer(args.customerUserId).institutionId,
      pendingUntil: null,
      slaId: null,
      ...clockFieldsOf(clocks),
      createdAt: iso,
      createdBy: actorId,
      updatedAt: iso,
      version: 1,
    };
    this.tickets.set(ticket.id, { ticket, fieldVersions: {}, group: queue.group, sla: queue.sla });
    const article = this.article(ticket.id, args.article, actorId, now, performedAt);
    this.sink.history({
      ticketId: ticket.id,
      event: 'created',
      actorId,
      data: { number: ticket.number, queueId: ticket.queueId, title: ticket.title, type: ticket.type, priority: ticket.priority, customerUserId: ticket.customerUserId, articleId: article },
      occurredAt: iso,
    });
  }

  private addArticle(args: MutationArgs<'ticket.addArticle'>, actorId: string, now: Date, performedAt: string | undefined): void {
    const record = this.record(args.ticketId);
    const { ticket } = record;
    const sla = this.slaOf(record);
    const input = args.article;
    const articleId = this.article(ticket.id, input, actorId, now, performedAt);
    const reopen = input.sender === 'customer' && closedStates.includes(ticket.state);
    let clocks = clocksOfTicket(ticket);
    if (reopen) {
      clocks = clocksAfterStateChange(sla.calendar, sla.targets, clocks, { from: ticket.state, to: 'open' }, now);
      this.sink.history({ ticketId: ticket.id, event: 'state-changed', actorId, data: { from: ticket.state, to: 'open', reason: 'customer-follow-up', articleId }, occurredAt: now.toISOString() });
    }
    const state = reopen ? 'open' : ticket.state;
    const due = clockFieldsOf(clocksAfterArticle(sla.calendar, sla.targets, clocks, state, input, now));
    this.history(ticket.id, 'article-added', actorId, { articleId, channel: input.channel, visibility: input.visibility, sender: input.sender }, now, performedAt);
    this.next(record, reopen ? { state, pendingUntil: null, ...due } : due, reopen ? ['state', 'pendingUntil'] : [], now);
  }

  private setState(args: MutationArgs<'ticket.setState'>, actorId: string, now: Date, performedAt: string | undefined): void {
    const record = this.record(args.ticketId);
    const sla = this.slaOf(record);
    const from = record.ticket.state;
    const due = clockFieldsOf(clocksAfterStateChange(sla.calendar, sla.targets, clocksOfTicket(record.ticket), { from, to: args.state }, now));
    const pendingUntil = args.pendingUntil === null ? null : new Date(args.pendingUntil).toISOString();
    this.history(record.ticket.id, 'state-changed', actorId, { from, to: args.state, pendingUntil }, now, performedAt);
    this.next(record, { state: args.state, pendingUntil, ...due }, mutationRules['ticket.setState'].writes, now);
  }

  private merge(args: MutationArgs<'ticket.merge'>, actorId: string, now: Date, performedAt: string | undefined): void {
    const source = this.record(args.ticketId);
    this.escalate(args.intoTicketId, now);
    const target = this.record(args.intoTicketId);
    const from = source.ticket;
    const into = target.ticket;
    const link = { id: this.world.mergeLinkId(from.id), sourceTicketId: from.id, targetTicketId: into.id, kind: 'merged' as const, createdBy: actorId, createdAt: now.toISOString() };
    this.sink.link(link);
    this.mergedInto.set(from.id, into.id);
    const sla = this.slaOf(source);
    const clocks = clockFieldsOf(clocksAfterStateChange(sla.calendar, sla.targets, clocksOfTicket(from), { from: from.state, to: 'merged' }, now));
    this.history(from.id, 'merged', actorId, { from: from.state, linkId: link.id, intoTicketId: into.id, intoNumber: into.number }, now, performedAt);
    this.next(source, { state: 'merged', pendingUntil: null, ...clocks }, mutationRules['ticket.merge'].writes, now);
    this.history(into.id, 'merged-from', actorId, { linkId: link.id, ticketId: from.id, number: from.number }, now, performedAt);
    this.next(target, {}, [], now);
  }

  private link(args: MutationArgs<'ticket.link'>, actorId: string, now: Date, performedAt: string | undefined): void {
    const source = this.record(args.ticketId);
    this.escalate(args.targetTicketId, now);
    const target = this.record(args.targetTicketId);
    const link = { id: args.linkId.toLowerCase(), sourceTicketId: source.ticket.id, targetTicketId: target.ticket.id, kind: args.kind, createdBy: actorId, createdAt: now.toISOString() };
    this.sink.link(link);
    this.history(source.ticket.id, 'linked', actorId, { linkId: link.id, targetTicketId: link.targetTicketId, targetNumber: target.ticket.number, kind: link.kind }, now, performedAt);
    this.next(source, {}, [], now);
  }

  /** A ticket change with its history row, as `writeTicket` does. */
  private write(
    ticketId: string,
    now: Date,
    actorId: string,
    performedAt: string | undefined,
    changes: Partial<Ticket>,
    written: readonly TicketField[],
    event: HistoryEvent,
    data: (ticket: Ticket) => Record<string, unknown>,
    group?: string,
  ): void {
    const record = this.record(ticketId);
    this.history(record.ticket.id, event, actorId, data(record.ticket), now, performedAt);
    this.next(record, changes, written, now, group);
  }

  private history(ticketId: string, event: HistoryEvent, actorId: string | null, data: Record<string, unknown>, now: Date, performedAt: string | undefined): void {
    this.sink.history({ ticketId, event, actorId, data: performedAt === undefined ? data : { ...data, performedAt }, occurredAt: now.toISOString() });
  }

  /** The ticket's next version, as `ticketUpdate` computes it. */
  private next(record: TicketRecord, changes: Partial<Ticket>, written: readonly TicketField[], now: Date, group: string = record.group): void {
    const version = record.ticket.version + 1;
    record.ticket = { ...record.ticket, ...changes, updatedAt: now.toISOString(), version };
    for (const field of written) record.fieldVersions[field] = version;
    record.group = group;
    // A moved ticket counts with its new queue's SLA from its next change on (the move keeps the due instants).
    if (changes.queueId !== undefined && record.ticket.slaId === null) record.sla = this.world.queue(changes.queueId).sla;
  }

  private slaOf(record: TicketRecord): TicketSla {
    if (!record.sla) throw new Error(`ticket ${record.ticket.id} has no SLA`);
    return record.sla;
  }

  private article(ticketId: string, input: MutationArgs<'ticket.addArticle'>['article'], actorId: string, now: Date, performedAt: string | undefined): string {
    const attachments: DecodedAttachment[] = input.attachments.map((upload) => {
      const decoded = decodeAttachment(upload);
      if (!decoded.ok) throw new Error(`article ${input.articleId}: ${decoded.message}`);
      return decoded.attachment;
    });
    const id = input.articleId.toLowerCase();
    this.sink.article(
      {
        id,
        ticketId,
        channel: input.channel,
        visibility: input.visibility,
        sender: input.sender,
        authorId: input.sender === 'agent' ? actorId : null,
        subject: input.subject,
        body: input.body,
        timeUnits: input.timeUnits,
        attachments: attachments.map((attachment) => attachment.meta),
        createdAt: now.toISOString(),
        performedAt: performedAt ?? now.toISOString(),
        version: 1,
      },
      attachments,
    );
    return id;
  }
}
