import type { Ticket } from '../../../src-shared/sync/entities.js';
import type { MutationName } from '../../../src-shared/sync/mutations.js';
import type { RejectionReason } from '../../../src-shared/sync/protocol.js';
import type { Queryable } from '../../db/database.js';
import type { TicketRecord } from '../../domain/ticket-record.js';
import type { ExplicitRecipients } from '../../mail/notifications.js';
import type { NewChange } from '../change-log.js';
import type { AgentActor, CustomerPolicy, MutationActor } from './actor.js';

export interface Rejection {
  status: 'rejected';
  reason: RejectionReason;
  message: string;
}

export interface Conflict {
  status: 'conflict';
  server: Ticket;
  fields: string[];
}

/** Applied: the ticket's new version and the change rows to append (the last one's seq is answered). */
export interface Applied {
  status: 'applied';
  version: number;
  changes: NewChange[];
  /** The addresses an agent named for an e-mail reply (the mail outbox's explicit recipients). */
  recipients?: ExplicitRecipients;
}

export type Outcome = Applied | Rejection | Conflict;

export function applied(record: TicketRecord, changes: NewChange[], recipients?: ExplicitRecipients): Applied {
  return recipients === undefined ? { status: 'applied', version: record.ticket.version, changes } : { status: 'applied', version: record.ticket.version, changes, recipients };
}

export function reject(reason: RejectionReason, message: string): Rejection {
  return { status: 'rejected', reason, message };
}

/**
 * An owner or responsible who may not own tickets of the group, in the same words whether the
 * id is unknown or names an agent without the rights (GET /api/v1/queues/:id/owner-candidates).
 */
export function notOwnerCandidate(field: 'ownerId' | 'responsibleId', group: string): Rejection {
  return reject('invalid-args', `${field}: not an agent who may own tickets of group ${group} (ro and owner there)`);
}

/**
 * What a handler works with inside the mutation's transaction. Most handlers are for agents
 * only (`A` the agent); those customers may use too see either (`define.ts`).
 */
export interface MutationContext<A extends MutationActor = AgentActor> {
  tx: Queryable;
  name: MutationName;
  actor: A;
  /** What customers may do (the server configuration's `customers`). */
  customers: CustomerPolicy;
  /** The server's clock at the start of the batch: commit time counts, not the client's. */
  now: Date;
  baseVersion: number | null;
}
