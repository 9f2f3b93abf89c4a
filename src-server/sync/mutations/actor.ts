import type { SignedInAgent } from '../../../src-shared/domain/people.js';

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

export type MutationActor = AgentActor | CustomerActor;

/** The ticket's opener, an article's author, a history row's actor: the agent's or the customer user's stable id. */
export function actorIdOf(actor: MutationActor): string {
  return actor.kind === 'agent' ? actor.agent.id : actor.customerUserId;
}

/**
 * The key of an actor's stored results: agents by their stable id as before, customers under
 * `customer:` (no directory id has a colon in that place), so that a customer's mutation ids
 * never meet an agent's.
 */
export function storedResultKeyOf(actor: MutationActor): string {
  return actor.kind === 'agent' ? actor.agent.id : `customer:${actor.customerUserId}`;
}

/**
 * What a history row carries besides its `actorId` when a customer acted: the Desk tells the
 * customer user's id from an agent's by `actorKind`, and shows the way it came (`via`). Agents'
 * rows stay as they were. History data is JSON, so no cache migration is needed.
 */
export function actorHistoryData(actor: MutationActor): Readonly<Record<string, unknown>> {
  return actor.kind === 'agent' ? noData : { actorKind: 'customer', via: actor.via };
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
