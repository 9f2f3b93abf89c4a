import { normaliseDn } from '../../src-shared/node/directory/dn.js';
import type { DirectoryGroup } from '../../src-shared/node/directory/types.js';
import { rights, type Permissions, type Right } from '../../src-shared/permissions.js';
import type { RoleConfig } from '../config.js';

export interface GrantedRoles {
  /** Names of the configured roles, in configuration order. */
  roles: string[];
  /** The union of the roles' grants, rights in their canonical order. */
  permissions: Permissions;
}

/** A config entry with `=` names a group by DN, otherwise by its cn. */
export function isDnReference(ldapGroup: string): boolean {
  return ldapGroup.includes('=');
}

/** The agent's roles are those whose ldapGroups meet the person's groups; permissions their union. */
export function grantRoles(groups: readonly DirectoryGroup[], roles: readonly RoleConfig[]): GrantedRoles {
  const names = new Set(groups.map((group) => fold(group.name)));
  const dns = new Set(groups.map((group) => comparableDn(group.dn)));
  const granted = roles.filter((role) =>
    role.ldapGroups.some((ldapGroup) => (isDnReference(ldapGroup) ? dns.has(comparableDn(ldapGroup)) : names.has(fold(ldapGroup)))),
  );
  const held = new Map<string, Set<Right>>();
  for (const role of granted) {
    for (const [kontorGroup, groupRights] of Object.entries(role.grants)) {
      const set = held.get(kontorGroup) ?? new Set<Right>();
      groupRights.forEach((right) => set.add(right));
      held.set(kontorGroup, set);
    }
  }
  const permissions: Permissions = {};
  for (const [kontorGroup, set] of held) permissions[kontorGroup] = rights.filter((right) => set.has(right));
  return { roles: granted.map((role) => role.name), permissions };
}

function fold(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/** Config DNs are checked at load time; a malformed DN from the directory simply matches nothing. */
function comparableDn(dn: string): string {
  try {
    return normaliseDn(dn);
  } catch {
    return `unparsable:${dn}`;
  }
}
