import type { Bank, BankCustomer } from './bank-types.js';
import { creationTimes } from './creation-times.js';
import { Random } from './random.js';
import { RecentTickets } from './recent-tickets.js';
import type { TicketScript } from './script-types.js';
import { Staffing } from './staffing.js';
import { type PlanSources, planTicket } from './ticket-plan.js';
import { TicketStory } from './ticket-story.js';
import { TicketWork } from './ticket-work.js';
import { timeOrderedId } from './time-ids.js';

export interface TicketScriptOptions {
  seed: string | number;
  tickets: number;
  /** The first ticket is opened at or after `from`; no step lies at or after `to`. */
  from: Date;
  to: Date;
}

const week = 7 * 86_400_000;

/**
 * A year (or any period) of tickets of the bank, one script at a time in creation order. Only a
 * week of ticket summaries is kept (for duplicates and links), so 100,000 tickets stream in
 * constant memory. The same bank and options give the same scripts, ids included.
 */
export function* generateTicketScripts(bank: Bank, options: TicketScriptOptions): Generator<TicketScript, void, undefined> {
  const random = new Random(`kontor-tickets:${bank.seed}:${String(options.seed)}`);
  const end = options.to.getTime();
  const staffOf = new Map<string, BankCustomer[]>();
  for (const customer of bank.customers) staffOf.set(customer.institutionKey, [...(staffOf.get(customer.institutionKey) ?? []), customer]);
  const sources: PlanSources = {
    bank,
    staffing: new Staffing(bank, random.fork('staffing')),
    recent: new RecentTickets(week),
    institutions: random.fork('institutions').shuffle(bank.institutions.filter((institution) => staffOf.has(institution.key))),
    staffOf,
    end,
  };
  let index = 0;
  for (const createdAt of creationTimes(random.fork('creation'), options.tickets, options.from, options.to)) {
    const ticketRandom = random.fork(`ticket:${String(index)}`);
    const plan = planTicket(ticketRandom, sources, createdAt.getTime());
    const story = new TicketStory(plan, ticketRandom, sources.staffing, timeOrderedId(createdAt, ticketRandom), end);
    const opener = story.open();
    if (plan.outcome === 'merged') story.mergeIntoOriginal();
    else if (plan.outcome !== 'new') new TicketWork(story, story.route(opener)).run();
    const { writer } = story;
    if (plan.customer && plan.institution && plan.outcome !== 'merged') {
      sources.recent.add({
        ticketId: writer.ticketId, createdAt: createdAt.getTime(), institutionKey: plan.institution.key, customerKey: plan.customer.key,
        topicKey: plan.topic.key, title: story.title, language: plan.language, queueHistory: writer.queueHistory, closedAt: writer.closedAt,
      });
    }
    yield {
      ticketId: writer.ticketId, index, createdAt, queue: writer.queue.name, state: writer.state,
      customerKey: plan.customer?.key ?? null, institutionKey: plan.institution?.key ?? null, topic: plan.topic.key,
      slowFirstAnswer: plan.slowFirstAnswer, steps: writer.steps,
    };
    index += 1;
  }
}
