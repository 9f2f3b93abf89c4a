import type { Bank, BankAgent, BankCustomer, BankInstitution } from './bank-types.js';
import { berlinTime, isWorkingDay } from './berlin-time.js';
import { allTopics, topicsOf } from './phrases.js';
import type { Random } from './random.js';
import { type RecentTickets, type TicketSummary } from './recent-tickets.js';
import { type BankQueue, bankQueue, type QueueName } from './service-organisation.js';
import type { Staffing } from './staffing.js';
import type { Language } from './ticket-context.js';
import type { Topic } from './topic-types.js';

/** How a ticket stands when its story ends (before `to` may cut it short). */
export type Outcome = 'closed-successful' | 'closed-unsuccessful' | 'open' | 'pending-reminder' | 'new' | 'merged';

/** Everything decided about a ticket before its steps are written. */
export interface TicketPlan {
  createdAt: number;
  topic: Topic;
  target: BankQueue;
  language: Language;
  /** The customer user, or for an internal ticket the member of staff who asks. */
  customer: BankCustomer | null;
  institution: BankInstitution | null;
  requester: BankAgent | null;
  channel: 'phone' | 'email' | 'portal';
  /** Opened straight in the target queue (its own mailbox) rather than in ServiceLine. */
  openedInTarget: boolean;
  outcome: Outcome;
  /** Rounds of customer follow-up and agent answer before the solution. */
  exchanges: number;
  askFirst: boolean;
  waitMidway: boolean;
  viaAutoClose: boolean;
  reopen: boolean;
  slowFirstAnswer: boolean;
  misroutedTo: BankQueue | null;
  leadAssigns: boolean;
  raisePriority: boolean;
  handOverToIt: boolean;
  priority: number;
  duplicateOf: TicketSummary | null;
  relatedTo: { summary: TicketSummary; kind: 'related' | 'parent-child' } | null;
}

const day = 86_400_000;
const queueWeights: readonly (readonly [QueueName, number])[] = [
  ['Wertpapiere::Abwicklung', 30], ['Wertpapiere::Verwahrung', 22], ['ServiceLine', 14], ['Steuern', 12],
  ['Interner Helpdesk', 12], ['IT-Betrieb', 7], ['Beschwerden', 3],
];
const neighbours: Partial<Record<QueueName, readonly QueueName[]>> = {
  'Wertpapiere::Abwicklung': ['Wertpapiere::Verwahrung', 'Steuern'],
  'Wertpapiere::Verwahrung': ['Wertpapiere::Abwicklung', 'Steuern'],
  Steuern: ['Wertpapiere::Verwahrung'],
};

/** Tax tickets pile up in the first quarter, custody ones in the dividend season; nights and weekends belong to IT. */
function targetQueue(random: Random, createdAt: number): QueueName {
  const local = berlinTime(createdAt);
  const afterHours = !isWorkingDay(local) || local.hour < 7 || local.hour >= 19;
  return random.weighted(queueWeights.map(([name, weight]) => {
    let factor = 1;
    if (name === 'Steuern' && local.month <= 2) factor = 1.8;
    if (name === 'Wertpapiere::Verwahrung' && local.month >= 3 && local.month <= 5) factor = 1.4;
    if (name === 'IT-Betrieb' && afterHours) factor = 8;
    return [name, weight * factor] as const;
  }));
}

export interface PlanSources {
  bank: Bank;
  staffing: Staffing;
  recent: RecentTickets;
  /** Institutions with staff, in a per-seed order for Zipf draws, and each one's staff. */
  institutions: readonly BankInstitution[];
  staffOf: ReadonlyMap<string, readonly BankCustomer[]>;
  end: number;
}

export function planTicket(random: Random, sources: PlanSources, createdAt: number): TicketPlan {
  const duplicateOf = random.chance(0.035) ? findOriginal(random, sources.recent, createdAt) : null;
  const original = duplicateOf ? allTopics.find((candidate) => candidate.key === duplicateOf.topicKey) : undefined;
  const target = bankQueue(original ? original.queue : targetQueue(random, createdAt));
  const topic = original ?? random.weighted(topicsOf(target.name).map((candidate) => [candidate, candidate.weight] as const));
  const internal = target.name === 'Interner Helpdesk';
  const institution = internal ? null : duplicateOf ? (sources.institutions.find((i) => i.key === duplicateOf.institutionKey) ?? null) : random.zipf(sources.institutions, 0.9);
  const staff = institution ? (sources.staffOf.get(institution.key) ?? []) : [];
  const customer = duplicateOf ? (staff.find((c) => c.key === duplicateOf.customerKey) ?? null) : staff.length > 0 ? random.zipf(staff, 0.8) : null;
  const german = institution === null || ['DE', 'AT', 'CH'].includes(institution.country);
  const language: Language = duplicateOf ? duplicateOf.language : german ? (random.chance(0.92) ? 'de' : 'en') : random.chance(0.85) ? 'en' : 'de';
  const channel = duplicateOf || internal ? 'email' : random.weighted(target.name === 'Beschwerden' ? [['email', 7], ['portal', 2], ['phone', 1]] as const : [['phone', 40], ['email', 40], ['portal', 20]] as const);
  const age = sources.end - createdAt;
  const recency = age < 14 * day ? 4 : age < 60 * day ? 1 : 0.25;
  let outcome: Outcome = duplicateOf ? 'merged' : random.weighted([
    ['closed-successful', 86], ['closed-unsuccessful', 7], ['open', 2.5 * recency], ['pending-reminder', 2.5 * recency], ['new', 1 * recency],
  ] as const);
  if (outcome === 'new' && age > 4 * day) outcome = 'open';
  const closing = outcome === 'closed-successful' || outcome === 'closed-unsuccessful';
  const misroute = neighbours[target.name];
  return {
    createdAt, topic, target, language, customer: internal ? null : customer, institution, channel, outcome,
    requester: internal ? sources.staffing.requester(random) : null,
    openedInTarget: internal || (channel !== 'phone' && !duplicateOf && target.name !== 'Beschwerden' && target.name !== 'ServiceLine' && random.chance(0.3)),
    exchanges: random.zipf([0, 1, 2, 3], 1.2),
    askFirst: random.chance(0.35),
    waitMidway: random.chance(0.2),
    viaAutoClose: outcome === 'closed-successful' && random.chance(0.25),
    reopen: closing && random.chance(0.03),
    slowFirstAnswer: random.chance(0.07),
    misroutedTo: misroute && random.chance(0.05) ? bankQueue(random.pick(misroute)) : null,
    leadAssigns: random.chance(0.12),
    raisePriority: random.chance(0.05),
    handOverToIt: internal && random.chance(0.08),
    priority: target.name === 'Beschwerden' ? random.weighted([[4, 6], [3, 3], [5, 1]] as const)
      : random.weighted([[3, 85], [4, 8], [2, 4], [5, 1.5], [1, 1.5]] as const),
    duplicateOf,
    relatedTo: duplicateOf || internal || institution === null ? null : findRelated(random, sources.recent, createdAt, institution.key, topic.key),
  };
}

/** A ticket of the last two days that is still open: the customer writes again about the same thing. */
function findOriginal(random: Random, recent: RecentTickets, now: number): TicketSummary | null {
  const candidates = recent.find(now, (summary) => summary.createdAt >= now - 2 * day && (summary.closedAt === null || summary.closedAt > now));
  return candidates.length === 0 ? null : random.pick(candidates);
}

/** The same institution's ticket of the last week, or during an outage the first report of it. */
function findRelated(random: Random, recent: RecentTickets, now: number, institutionKey: string, topicKey: string): TicketPlan['relatedTo'] {
  if (topicKey === 'connection-down' && random.chance(0.5)) {
    const outage = recent.find(now, (summary) => summary.topicKey === topicKey && summary.createdAt >= now - 6 * 3_600_000);
    if (outage[0]) return { summary: outage[0], kind: 'parent-child' };
  }
  if (!random.chance(0.03)) return null;
  const candidates = recent.find(now, (summary) => summary.institutionKey === institutionKey);
  return candidates.length === 0 ? null : { summary: random.pick(candidates), kind: 'related' };
}
