import { hasRight, type Permissions, type Right } from '../../src-shared/permissions.js';

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
