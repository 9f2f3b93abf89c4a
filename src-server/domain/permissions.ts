import { hasRight, type Permissions, type Right } from '../../src-shared/permissions.js';
import type { MutationName } from '../../src-shared/sync/mutations.js';

/**
 * The right each change needs on the group of the ticket's queue (rw implies every right).
 * Reading a ticket at all needs `ro`; see docs/decisions/ticket-mutations.md.
 */
export const requiredRights = {
  create: 'create',
  internalArticle: 'note',
  customerVisibleArticle: 'rw',
  /** On the group the ticket leaves and on the group it enters. */
  move: 'move_into',
  setState: 'rw',
  setPriority: 'priority',
  setOwner: 'owner',
  setResponsible: 'owner',
  lock: 'rw',
  unlock: 'rw',
  /** On both tickets. */
  merge: 'rw',
  linkSource: 'rw',
  linkTarget: 'ro',
  accountTime: 'note',
} as const satisfies Record<string, Right>;

/** Changes that a lock held by another agent refuses with `locked-by-other`. */
export const lockRespectingMutations: ReadonlySet<MutationName> = new Set<MutationName>([
  'ticket.setOwner',
  'ticket.setState',
  'ticket.lock',
  'ticket.merge',
  'ticket.move',
]);

export function canRead(permissions: Permissions, group: string): boolean {
  return hasRight(permissions, group, 'ro');
}

/**
 * Whether an agent may own (or be responsible for) tickets of a group: read them and hold
 * `owner` there (`rw` implies both). Only such agents are accepted as owner or responsible.
 */
export function mayOwnTickets(permissions: Permissions, group: string): boolean {
  return canRead(permissions, group) && hasRight(permissions, group, 'owner');
}

/** The groups whose tickets this agent may read. */
export function readableGroups(permissions: Permissions): string[] {
  return Object.keys(permissions).filter((group) => canRead(permissions, group));
}

/**
 * Why an agent may not do something needing `right` on a ticket in `group`, or null. A ticket
 * outside the agent's view does not exist for them (`not-found`); one they see but may not
 * change this way is `permission-denied`.
 */
export function accessDenial(permissions: Permissions, group: string, right: Right): 'not-found' | 'permission-denied' | null {
  if (!canRead(permissions, group)) return 'not-found';
  return hasRight(permissions, group, right) ? null : 'permission-denied';
}
