import type { QueueChoice } from '../../../src-shared/ipc/workspace.js';
import type { Right } from '../../../src-shared/permissions.js';
import type { Ticket } from '../../../src-shared/sync/entities.js';
import { mutationRules } from '../../../src-shared/sync/mutations.js';

/** The editor's actions on the open ticket, in the order of the action bar. */
export const ticketActions = ['note', 'reply', 'pending', 'close', 'move', 'owner', 'priority', 'lock', 'merge', 'link', 'time'] as const;
export type TicketAction = (typeof ticketActions)[number];

/** Why an action is not offered: said in words next to the action bar, never by a tooltip alone. */
export type Unavailable =
  | { kind: 'rights-unknown' }
  | { kind: 'read-only'; queue: string; group: string }
  | { kind: 'missing-right'; queue: string; group: string; right: Right }
  | { kind: 'locked-by-other'; ownerId: string | null }
  | { kind: 'no-customer' }
  | { kind: 'merged' }
  | { kind: 'no-move-target' };

export type Availability = { ok: true } | { ok: false; why: Unavailable };

/** A right as held on a group: `rw` implies every other right (as `hasRight` in src-shared). */
export const holds = (rights: readonly Right[], right: Right): boolean => rights.includes('rw') || rights.includes(right);

/** Queues the agent may move a ticket into: `move_into` (or `rw`) on their group; never the ticket's own queue. */
export function moveTargets(choices: readonly QueueChoice[], currentQueueId: string): QueueChoice[] {
  return choices.filter((choice) => choice.queueId !== currentQueueId && holds(choice.rights, mutationRules['ticket.move'].rights.queues));
}

interface RightsInput {
  ticket: Ticket;
  /** The agent's id; null while the session is not known. */
  me: string | null;
  /** `queues.choices`; null while not read (or not readable). */
  choices: readonly QueueChoice[] | null;
}

/**
 * What the agent may do with this ticket, as far as the Desk can tell from the rights the server
 * gave at sign-in and the rules of the mutation catalogue (`mutationRules`: rights and lock). The
 * server decides again on every edit; this keeps the Desk from offering what would be refused.
 */
export function actionAvailability({ ticket, me, choices }: RightsInput): Record<TicketAction, Availability> {
  const queue = choices?.find((choice) => choice.queueId === ticket.queueId) ?? null;
  const lockedByOther = ticket.locked && ticket.ownerId !== me;
  const ok: Availability = { ok: true };
  const check = (right: Right, respectsLock: boolean): Availability => {
    if (queue === null || me === null) return { ok: false, why: { kind: 'rights-unknown' } };
    if (ticket.state === 'merged') return { ok: false, why: { kind: 'merged' } };
    if (!holds(queue.rights, right)) {
      const readOnly = queue.rights.every((held) => held === 'ro');
      return { ok: false, why: readOnly ? { kind: 'read-only', queue: queue.name, group: queue.group } : { kind: 'missing-right', queue: queue.name, group: queue.group, right } };
    }
    if (respectsLock && lockedByOther) return { ok: false, why: { kind: 'locked-by-other', ownerId: ticket.ownerId } };
    return ok;
  };
  const rules = mutationRules;
  const reply = check(rules['ticket.addArticle'].rights.customerVisible, rules['ticket.addArticle'].respectsLock);
  let move = check(rules['ticket.move'].rights.queues, rules['ticket.move'].respectsLock);
  if (move.ok && choices !== null && moveTargets(choices, ticket.queueId).length === 0) move = { ok: false, why: { kind: 'no-move-target' } };
  const lock = ticket.locked ? check(rules['ticket.unlock'].rights.ticket, rules['ticket.unlock'].respectsLock) : check(rules['ticket.lock'].rights.ticket, rules['ticket.lock'].respectsLock);
  return {
    note: check(rules['ticket.addArticle'].rights.internal, rules['ticket.addArticle'].respectsLock),
    reply: reply.ok && ticket.customerUserId === null ? { ok: false, why: { kind: 'no-customer' } } : reply,
    pending: check(rules['ticket.setState'].rights.ticket, rules['ticket.setState'].respectsLock),
    close: check(rules['ticket.setState'].rights.ticket, rules['ticket.setState'].respectsLock),
    move,
    // Responsible ignores the lock; the owner form says so for the owner itself.
    owner: check(rules['ticket.setResponsible'].rights.ticket, rules['ticket.setResponsible'].respectsLock),
    priority: check(rules['ticket.setPriority'].rights.ticket, rules['ticket.setPriority'].respectsLock),
    lock,
    merge: check(rules['ticket.merge'].rights.bothTickets, rules['ticket.merge'].respectsLock),
    link: check(rules['ticket.link'].rights.source, rules['ticket.link'].respectsLock),
    time: check(rules['ticket.accountTime'].rights.ticket, rules['ticket.accountTime'].respectsLock),
  };
}

/** Whether the owner (not the responsible agent) may be changed: `ticket.setOwner` respects another agent's lock. */
export function ownerLockedByOther(ticket: Ticket, me: string | null): boolean {
  return mutationRules['ticket.setOwner'].respectsLock && ticket.locked && ticket.ownerId !== me;
}
