import { closedStates, type TicketState } from '../../../src-shared/sync/entities.js';
import type { Ticket } from '../../../src-shared/sync/entities.js';
import { mutationArgs } from '../../../src-shared/sync/mutations.js';
import type { ArticleInput } from './article-input.js';
import type { CustomerActor, CustomerPolicy, UnknownSenderActor } from './actor.js';
import { reject, type Rejection } from './outcome.js';

/**
 * What a customer may do beyond the agents' rules (docs/customer-actions.md). The handlers of
 * the three mutations customers may send ask these; everything else is refused before it runs.
 */

/** Channels a customer writes on: the portal, or an e-mail they sent. */
const customerChannels: readonly string[] = ['portal', 'email'];

/** A customer's own words: customer-visible, sent by the customer, on the portal or by e-mail, no time accounted. */
export function customerArticleProblem(input: ArticleInput): Rejection | null {
  if (input.visibility !== 'customer-visible') return reject('permission-denied', 'article.visibility: customers write customer-visible articles only; internal notes are for agents');
  if (input.sender !== 'customer') return reject('invalid-args', 'article.sender: must be "customer" when a customer writes');
  if (!customerChannels.includes(input.channel)) return reject('invalid-args', `article.channel: customers write on the portal or by e-mail, not "${input.channel}"`);
  if (input.timeUnits !== 0) return reject('invalid-args', 'article.timeUnits: customers account no time');
  return null;
}

/** Whether customers may open tickets in this queue: a valid one the configuration names. */
export function opensToCustomers(policy: CustomerPolicy, queue: { name: string; valid: boolean }): boolean {
  return queue.valid && policy.queues.includes(queue.name);
}

/**
 * The answer to a customer about a queue not open to them. An unknown queue gets the same words:
 * a customer learns nothing of the bank's internal queues.
 */
export const queueClosedToCustomers = (): Rejection => reject('permission-denied', 'queueId: not a queue customers may open tickets in');

/** The ticket's customer user when a customer opens it: themselves (null or their own id), never another. */
export function customerOpenerProblem(actor: CustomerActor, customerUserId: string | null, priority: number): Rejection | null {
  if (customerUserId !== null && customerUserId !== actor.customerUserId) return reject('invalid-args', 'customerUserId: a customer opens tickets for themselves only (null or their own id)');
  // The bank sets priorities; a customer's ticket starts at the normal one.
  if (priority !== 3) return reject('permission-denied', 'priority: customers open tickets at the normal priority 3');
  return null;
}

/** Closed states a customer may choose: successful or not; `merged` is the agents' (and ticket.merge's). */
const customerClosedStates: readonly TicketState[] = ['closed-successful', 'closed-unsuccessful'];

/** A customer changes a ticket's state only to close their own request, and only where the bank allows it. */
export function customerStateProblem(actor: CustomerActor, policy: CustomerPolicy, ticket: Ticket, to: TicketState): Rejection | null {
  if (!policy.mayClose) return reject('permission-denied', 'ticket.setState: customers may not close tickets here');
  if (!customerClosedStates.includes(to)) return reject('permission-denied', `state: customers may only close a ticket (closed-successful, closed-unsuccessful), not set it ${to}`);
  if (ticket.customerUserId !== actor.customerUserId) return reject('permission-denied', `ticket.setState: ticket ${ticket.number} is not your own request; its customer user may close it`);
  // Closed once is closed: how it was closed is the bank's to change (and each change would mail again).
  if (closedStates.includes(ticket.state)) return reject('permission-denied', `ticket.setState: ticket ${ticket.number} is closed already`);
  return null;
}

/**
 * What mail-in may do for a sender no customer user has (docs/mail-in.md): open one ticket, and
 * nothing else. Asked by the dispatcher before the arguments are looked at, as for customers.
 */
export function unknownSenderMutationProblem(name: string): Rejection | null {
  return name === 'ticket.create' ? null : reject('permission-denied', `${name}: a mail from an unknown sender opens a ticket (ticket.create) and does nothing else`);
}

/**
 * The one ticket an unknown sender's mail opens: in the unknown-senders queue, without customer
 * user, at the normal priority, with the mail as a customer-visible e-mail article of the
 * customer side. `args` have passed the handler's schema; they are read again here because the
 * dispatcher checks them before the handler runs (the handler's own checks are the agents').
 */
export function unknownSenderTicketProblem(actor: UnknownSenderActor, args: unknown): Rejection | null {
  const parsed = mutationArgs['ticket.create'].safeParse(args);
  if (!parsed.success) return reject('invalid-args', 'args: not the arguments of ticket.create');
  const { queueId, customerUserId, priority, article } = parsed.data;
  if (queueId.toLowerCase() !== actor.queueId) return reject('permission-denied', 'queueId: a mail from an unknown sender opens tickets in the unknown-senders queue only');
  if (customerUserId !== null) return reject('invalid-args', 'customerUserId: a ticket from an unknown sender has no customer user (null)');
  if (priority !== 3) return reject('permission-denied', 'priority: a ticket from an unknown sender starts at the normal priority 3');
  if (article.channel !== 'email') return reject('invalid-args', `article.channel: an unknown sender writes by e-mail, not "${article.channel}"`);
  return customerArticleProblem(article);
}
