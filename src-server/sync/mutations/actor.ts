import type { SignedInAgent } from '../../../src-shared/domain/people.js';
import type { Permissions } from '../../../src-shared/permissions.js';

/** The signed-in agent of a Desk, with their rights per group (as the session gave them). */
export type AgentActor = SignedInAgent & { kind: 'agent' };

/**
 * A customer user acting for themselves, in the portal or by e-mail (docs/customer-actions.md).
 * Whoever builds it (the portal's session, the inbound mail's sender look-up) vouches for the
 * customer user; the dispatcher checks that the directory sync still lists them, in this
 * institution, before anything of theirs applies.
 */
export interface CustomerActor {
  kind: 'customer';
  customerUserId: string;
  institutionId: string;
  displayName: string;
  via: 'portal' | 'email';
}

/**
 * Mail-in taking a mail from an address no customer user has into the configured unknown-senders
 * queue (docs/mail-in.md). Not a person and not an agent: a system actor that holds one right,
 * `create` on the group of that one queue, so that the agents' own checks of `ticket.create`
 * apply to it unchanged; the dispatcher lets it send nothing but a ticket without customer user
 * in exactly that queue (`unknownSenderTicketProblem`, customer-rules.ts). It carries the
 * sender's address (From, not authenticated), which the history shows the agents.
 */
export interface UnknownSenderActor {
  kind: 'unknown-sender';
  /** The sender's address, lower case. */
  address: string;
  /** The one queue it opens tickets in. */
  queueId: string;
  via: 'email';
  /** `create` on the queue's group and nothing else. */
  permissions: Permissions;
  /** Its id as a ticket's creator and a history row's actor (`unknown-sender:` and the address); no directory id looks like it. */
  agent: { id: string };
}

/** The unknown-senders actor for one sender's mail, allowed to open tickets in `queue` only. */
export function unknownSenderActor(address: string, queue: { id: string; group: string }): UnknownSenderActor {
  const lowerCase = address.toLowerCase();
  return { kind: 'unknown-sender', address: lowerCase, queueId: queue.id.toLowerCase(), via: 'email', permissions: { [queue.group]: ['create'] }, agent: { id: `unknown-sender:${lowerCase}` } };
}

export type MutationActor = AgentActor | CustomerActor | UnknownSenderActor;

/** The ticket's opener, an article's author, a history row's actor: the agent's or the customer user's stable id (the unknown sender's made-up one). */
export function actorIdOf(actor: MutationActor): string {
  return actor.kind === 'customer' ? actor.customerUserId : actor.agent.id;
}

/**
 * The key of an actor's stored results: agents by their stable id as before, customers under
 * `customer:` and unknown senders under `unknown-sender:` (no directory id has a colon in that
 * place), so that neither's mutation ids ever meet an agent's.
 */
export function storedResultKeyOf(actor: MutationActor): string {
  return actor.kind === 'customer' ? `customer:${actor.customerUserId}` : actor.agent.id;
}

/**
 * What a history row carries besides its `actorId` when a customer or an unknown sender acted:
 * the Desk tells the customer user's id from an agent's by `actorKind`, and shows the way it
 * came (`via`) and, for an unknown sender, the address (`from`). Agents' rows stay as they were.
 * History data is JSON, so no cache migration is needed.
 */
export function actorHistoryData(actor: MutationActor): Readonly<Record<string, unknown>> {
  switch (actor.kind) {
    case 'agent':
      return noData;
    case 'customer':
      return { actorKind: 'customer', via: actor.via };
    case 'unknown-sender':
      return { actorKind: 'unknown-sender', via: actor.via, from: actor.address };
  }
}

const noData: Readonly<Record<string, unknown>> = Object.freeze({});

/** The policy the configuration sets for customers (`customers` in the server configuration). */
export interface CustomerPolicy {
  /** Names of the queues customers may open tickets in. */
  queues: readonly string[];
  /** Whether a customer may close their own request. */
  mayClose: boolean;
}

export const closedCustomerPolicy: CustomerPolicy = { queues: [], mayClose: false };
