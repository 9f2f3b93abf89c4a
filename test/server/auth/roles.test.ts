import { describe, expect, it } from 'vitest';
import { grantRoles } from '../../../src-server/auth/roles.js';
import type { RoleConfig } from '../../../src-server/config.js';

const groupsBase = 'ou=groups,dc=kontor,dc=example';
const group = (name: string) => ({ name, dn: `cn=${name},${groupsBase}` });

const roles: RoleConfig[] = [
  { name: 'serviceline', ldapGroups: ['Kontor-ServiceLine'], grants: { serviceline: ['rw'], settlement: ['move_into', 'ro'] } },
  { name: 'settlement', ldapGroups: [`CN=kontor-settlement, OU=groups,DC=Kontor,DC=example`], grants: { settlement: ['note', 'ro'] } },
  { name: 'teamlead', ldapGroups: ['kontor-teamleads', 'kontor-deputies'], grants: { settlement: ['priority', 'ro'] } },
  { name: 'commas', ldapGroups: ['cn=Abwicklung\\, Team 1,ou=groups,dc=kontor,dc=example'], grants: { custody: ['ro'] } },
];

describe('role mapping', () => {
  it('matches group names case-insensitively and unions the grants in canonical order', () => {
    const granted = grantRoles([group('kontor-serviceline'), group('kontor-settlement'), group('staff')], roles);
    expect(granted.roles).toEqual(['serviceline', 'settlement']);
    expect(granted.permissions).toEqual({ serviceline: ['rw'], settlement: ['ro', 'move_into', 'note'] });
  });

  it('matches a DN however its case, spacing and escaping differ', () => {
    expect(grantRoles([{ name: 'x', dn: `cn=Kontor-Settlement,${groupsBase}` }], roles).roles).toEqual(['settlement']);
    expect(grantRoles([{ name: 'Abwicklung, Team 1', dn: 'CN=Abwicklung\\2C Team 1, OU=Groups, DC=kontor, DC=example' }], roles).roles).toEqual(['commas']);
  });

  it('does not take a DN for a name or a name for a DN', () => {
    expect(grantRoles([{ name: `cn=kontor-settlement,${groupsBase}`, dn: 'cn=other,ou=groups,dc=kontor,dc=example' }], roles).roles).toEqual([]);
    expect(grantRoles([{ name: 'other', dn: 'cn=Kontor-ServiceLine,ou=elsewhere' }], roles).roles).toEqual([]);
  });

  it('grants nothing to a person without a mapped group', () => {
    expect(grantRoles([group('staff')], roles)).toEqual({ roles: [], permissions: {} });
    expect(grantRoles([], roles)).toEqual({ roles: [], permissions: {} });
  });

  it('grants a role once when several of its groups match', () => {
    expect(grantRoles([group('kontor-teamleads'), group('kontor-deputies')], roles)).toEqual({ roles: ['teamlead'], permissions: { settlement: ['ro', 'priority'] } });
  });
});
