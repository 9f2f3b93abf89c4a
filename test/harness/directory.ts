import { inject } from 'vitest';
import { buildDemoDirectory } from '../../src-shared/node/demo-directory.js';
import {
  type DirectoryMapping,
  type LdapDirectoryConfig,
  ldapDirectoryConfigSchema,
} from '../../src-shared/node/directory/config.js';

/** The generated directory the harness's slapd serves: refer to people by key (`testUsers.mmueller`). */
export const testDirectory = buildDemoDirectory();
export const testUsers = testDirectory.people;
export const testInstitutions = testDirectory.institutions;
export const testCustomers = testDirectory.customers;
export const testService = testDirectory.service;

/** The mapping for the generated tree (people, institutions with their customers, groups). */
export function testDirectoryMapping(): DirectoryMapping {
  return {
    baseDn: testDirectory.baseDn,
    idAttribute: 'entryUUID',
    usernameAttribute: 'uid',
    userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    peopleBase: testDirectory.peopleBase,
    customersBase: testDirectory.customersBase,
    customerFilter: '(objectClass=inetOrgPerson)',
    groupsBase: testDirectory.groupsBase,
    groupFilter: '(objectClass=groupOfNames)',
    memberAttribute: 'member',
    defaultPolicyDn: testDirectory.defaultPolicyDn,
  };
}

/**
 * A directory configuration for the run's slapd: LDAPS verified against the test CA, with
 * the service account. Override anything (`{ url: ldap.ldapUrl, startTls: true }`).
 */
export function testDirectoryConfig(overrides: Partial<LdapDirectoryConfig> = {}): LdapDirectoryConfig {
  const ldap = inject('ldap');
  return ldapDirectoryConfigSchema.parse({
    kind: 'ldap',
    url: ldap.ldapsUrl,
    startTls: false,
    caFile: ldap.caFile,
    serviceDn: ldap.serviceDn,
    servicePassword: ldap.servicePassword,
    timeoutMs: 5000,
    mapping: testDirectoryMapping(),
    ...overrides,
  });
}
