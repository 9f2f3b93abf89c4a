import type { TicketState } from '../../sync/entities.js';
import type { MutationArgs, MutationName } from '../../sync/mutations.js';
import type { QueueName } from './service-organisation.js';

/**
 * One step of a ticket's life in the words of the mutation catalogue: `args` pass
 * `mutationArgs[name]`. `agentKey` is the agent whose session sends it; `actorKey` is who acted:
 * the same agent, or the customer (or internal requester) whose words an agent records as a
 * `sender: 'customer'` article.
 */
export type ScriptStep = {
  [N in MutationName]: { at: Date; actorKey: string; agentKey: string; name: N; args: MutationArgs<N> };
}[MutationName];

export interface TicketScript {
  ticketId: string;
  /** 0, 1, 2, … in creation order. */
  index: number;
  createdAt: Date;
  /** Where the ticket is and how it stands after its last step. */
  queue: QueueName;
  state: TicketState;
  /** The customer user's key; null for an internal helpdesk ticket. */
  customerKey: string | null;
  institutionKey: string | null;
  topic: string;
  /** The first answer was planned slower than the queue's first-response target. */
  slowFirstAnswer: boolean;
  /** In time order; none lies at or after the generator's `to`. */
  steps: ScriptStep[];
}
