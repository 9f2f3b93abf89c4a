import type { Right } from '../../../src-shared/permissions.js';
import { mutationRules } from '../../../src-shared/sync/mutations.js';
import { accessDenial } from '../../domain/permissions.js';
import type { TicketRecord } from '../../domain/ticket-record.js';
import { fieldsChangedSince, lockTicket } from '../../domain/tickets.js';
import type { MutationActor } from './actor.js';
import { reject, type Conflict, type MutationContext, type Rejection } from './outcome.js';

export type Checked = { ok: true; record: TicketRecord } | { ok: false; outcome: Rejection };

/** The argument that names a ticket: the messages name the field, never echo the id. */
export type TicketField = 'ticketId' | 'intoTicketId' | 'targetTicketId';

/**
 * The same words whether the ticket does not exist or the agent may not read it: an answer
 * about a ticket outside the agent's queues is the answer about an unknown id, byte for byte.
 */
export const ticketNotFound = (field: TicketField): Rejection => reject('not-found', `${field}: no ticket with this id in the agent's queues`);

/** The same for a customer: a ticket of another institution is answered as an unknown id, byte for byte. */
export const customerTicketNotFound = (field: TicketField): Rejection => reject('not-found', `${field}: no ticket with this id among your institution's tickets`);

/**
 * The checks every ticket mutation makes, in this order: the ticket exists and the agent sees
 * it, holds `right` on its group, is not stopped by another agent's lock, and the ticket is not
 * merged (nothing changes a merged ticket). A customer sees the tickets of their own
 * institution instead, holds no rights on groups (what they may do is decided by the handler)
 * and is not stopped by a lock: locks are among agents.
 */
export function checkTicket(
  ctx: MutationContext<MutationActor>,
  field: TicketField,
  record: TicketRecord | undefined,
  right: Right,
  options: { respectLock?: boolean } = {},
): Checked {
  const { actor } = ctx;
  if (actor.kind === 'customer') {
    if (record === undefined || record.ticket.institutionId !== actor.institutionId) return { ok: false, outcome: customerTicketNotFound(field) };
    return notMerged(field, record);
  }
  if (record === undefined) return { ok: false, outcome: ticketNotFound(field) };
  const denial = accessDenial(actor.permissions, record.group, right);
  if (denial === 'not-found') return { ok: false, outcome: ticketNotFound(field) };
  if (denial === 'permission-denied') {
    return { ok: false, outcome: reject('permission-denied', `${ctx.name} needs the right "${right}" on group ${record.group}`) };
  }
  const { ticket } = record;
  const respectLock = options.respectLock ?? mutationRules[ctx.name].respectsLock;
  if (respectLock && ticket.locked && ticket.ownerId !== actor.agent.id) {
    return { ok: false, outcome: reject('locked-by-other', `ticket ${ticket.number} is locked by another agent (${ticket.ownerId ?? 'unknown'})`) };
  }
  return notMerged(field, record);
}

function notMerged(field: TicketField, record: TicketRecord): Checked {
  const { ticket } = record;
  if (ticket.state === 'merged') {
    // Not which ticket: the agent may not be allowed to read that one.
    return { ok: false, outcome: reject('invalid-transition', `${field}: ticket ${ticket.number} is merged into another ticket; it cannot change`) };
  }
  return { ok: true, record };
}

/** Row-locks the ticket until the transaction ends, then checks it as `checkTicket` does. */
export async function openTicket(ctx: MutationContext<MutationActor>, id: string, right: Right): Promise<Checked> {
  return checkTicket(ctx, 'ticketId', (await lockTicket(ctx.tx, id)) ?? undefined, right);
}

/** A conflict when a field this mutation writes changed after the version the client saw. */
export function conflictSince(ctx: MutationContext<MutationActor>, record: TicketRecord): Conflict | null {
  if (ctx.baseVersion === null) return null;
  const fields = fieldsChangedSince(record, mutationRules[ctx.name].writes, ctx.baseVersion);
  return fields.length === 0 ? null : { status: 'conflict', server: record.ticket, fields };
}
