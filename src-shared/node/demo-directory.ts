import { createHash } from 'node:crypto';
import { nameBasedUuid } from './name-based-id.js';
import {
  type DemoCustomerSpec,
  type DemoGroupName,
  type DemoInstitutionKey,
  type DemoPersonKey,
  type DemoPersonSpec,
  agentGroupNames,
  demoGroupDescriptions,
  demoInstitutionsSpec,
  demoPeopleSpec,
} from './demo-directory-spec.js';
import { parseDn, rdn } from './directory/dn.js';
import { hashSsha } from './directory/password-hash.js';
import { type LdifEntry, writeLdif } from './directory/ldif-write.js';

export * from './demo-directory-spec.js';

/**
 * The one deterministic generator of the demo and test directory: the same input always gives
 * the same LDIF, and every id is derived from a key that does not depend on the base DN, so
 * that the directory and the database seed agree about who is who.
 */

export const defaultDemoBaseDn = 'dc=kontor,dc=example';
/** Every demo person and customer signs in with this password. */
export const demoPassword = 'Kontor-Demo-1';
export const demoServicePassword = 'Kontor-Service-1';

/** The id of a demo entry, the same on every run. */
export function demoId(key: string): string {
  return nameBasedUuid(`kontor-demo:${key}`);
}

/** {SSHA} with a salt derived from the entry's key: deterministic, yet different per person. */
function demoHash(password: string, key: string): string {
  return hashSsha(password, createHash('sha1').update(`kontor-demo-salt:${key}`).digest().subarray(0, 8));
}

/** A person in the directory: a demo person, or one a generator added (`DirectoryExtension`). */
export interface DirectoryPerson {
  key: string;
  id: string;
  dn: string;
  username: string;
  displayName: string;
  email: string;
  phone: string;
  groups: readonly DemoGroupName[];
  password: string;
  state: 'active' | 'locked' | 'expired';
}

export interface DemoPerson extends DirectoryPerson {
  key: DemoPersonKey;
}

export interface DirectoryInstitution {
  key: string;
  id: string;
  dn: string;
  name: string;
}

export interface DemoInstitution extends DirectoryInstitution {
  key: DemoInstitutionKey;
}

export interface DemoCustomer {
  key: string;
  id: string;
  dn: string;
  username: string;
  displayName: string;
  email: string;
  phone: string;
  institution: DirectoryInstitution;
  password: string;
}

/**
 * People and institutions a generator adds to the demo directory (src-shared/node/bank/). Each
 * names the key of its id (`demoId(idKey)`), which must not collide with the demo keys
 * (`person:<uid>`, `customer:<uid>`, `institution:<key>`).
 */
export interface DirectoryExtension {
  /** Replaces the header comment of the LDIF. */
  header?: string;
  people: readonly (DemoCustomerSpec & { key: string; idKey: string; title: string; groups: readonly DemoGroupName[] })[];
  institutions: readonly { key: string; idKey: string; name: string; customers: readonly (DemoCustomerSpec & { key: string; idKey: string })[] }[];
}

export interface DemoDirectory {
  baseDn: string;
  peopleBase: string;
  customersBase: string;
  groupsBase: string;
  policiesBase: string;
  defaultPolicyDn: string;
  service: { dn: string; password: string };
  people: Record<DemoPersonKey, DemoPerson>;
  institutions: Record<DemoInstitutionKey, DemoInstitution>;
  customers: DemoCustomer[];
  /** People and institutions from a `DirectoryExtension`, in its order; empty for the plain demo. */
  extraPeople: DirectoryPerson[];
  extraInstitutions: DirectoryInstitution[];
  groups: Record<DemoGroupName, { id: string; dn: string; members: string[] }>;
  entries: LdifEntry[];
  ldif: string;
}

const person = ['top', 'person', 'organizationalPerson', 'inetOrgPerson'];

export function buildDemoDirectory(baseDn: string = defaultDemoBaseDn, extension?: DirectoryExtension): DemoDirectory {
  const under = (child: string, parent: string): string => `${child},${parent}`;
  const peopleBase = under('ou=people', baseDn);
  const customersBase = under('ou=institutions', baseDn);
  const groupsBase = under('ou=groups', baseDn);
  const policiesBase = under('ou=policies', baseDn);
  const servicesBase = under('ou=services', baseDn);
  const defaultPolicyDn = under('cn=default', policiesBase);
  const expiringPolicyDn = under('cn=expiring', policiesBase);
  const service = { dn: under('cn=kontor-server', servicesBase), password: demoServicePassword };
  const entries: LdifEntry[] = [];
  const add = (dn: string, key: string, attributes: LdifEntry['attributes']): void => {
    entries.push({ dn, attributes: [...attributes, ['entryUUID', [demoId(key)]]] });
  };

  const top = parseDn(baseDn)[0]?.[0];
  if (!top) throw new Error(`base DN is empty: ${baseDn}`);
  add(baseDn, 'base', top.type.toLowerCase() === 'dc'
    ? [['objectClass', ['top', 'dcObject', 'organization']], ['dc', [top.value]], ['o', ['Kontor Demo Bank']]]
    : [['objectClass', ['top', 'organization']], ['o', [top.value]]]);
  for (const [ou, description] of [['people', 'Agents and staff of the bank'], ['institutions', 'Client institutions and their staff'], ['groups', 'Groups; kontor-* map to Kontor roles'], ['policies', 'Password policies'], ['services', 'Service accounts']] as const) {
    add(under(`ou=${ou}`, baseDn), `ou:${ou}`, [['objectClass', ['top', 'organizationalUnit']], ['ou', [ou]], ['description', [description]]]);
  }
  add(defaultPolicyDn, 'policy:default', policy('default', 0));
  // 90 days: the expired demo user changed their password in 2000.
  add(expiringPolicyDn, 'policy:expiring', policy('expiring', 90 * 24 * 3600));
  add(service.dn, 'service:kontor-server', [
    ['objectClass', ['top', 'applicationProcess', 'simpleSecurityObject']],
    ['cn', ['kontor-server']],
    ['description', ['Kontor Server: finds people and checks groups; never used by the Desk']],
    ['userPassword', [demoHash(service.password, 'service:kontor-server')]],
  ]);

  type PersonFields = Pick<DemoPersonSpec, 'uid' | 'givenName' | 'sn' | 'mail' | 'phone' | 'title' | 'groups'>;
  const addPerson = (dn: string, idKey: string, spec: PersonFields, cn: string, state: DirectoryPerson['state']): Omit<DirectoryPerson, 'key'> => {
    const displayName = `${spec.givenName} ${spec.sn}`;
    add(dn, idKey, [
      ['objectClass', person],
      ['uid', [spec.uid]], ['cn', [cn]], ['sn', [spec.sn]], ['givenName', [spec.givenName]], ['displayName', [displayName]],
      ['mail', [spec.mail]], ['telephoneNumber', [spec.phone]], ['title', [spec.title]],
      ['userPassword', [demoHash(demoPassword, idKey)]],
      ...policyState(state, expiringPolicyDn),
    ]);
    return { id: demoId(idKey), dn, username: spec.uid, displayName, email: spec.mail, phone: spec.phone, groups: spec.groups, password: demoPassword, state };
  };

  const people = {} as Record<DemoPersonKey, DemoPerson>;
  for (const [key, spec] of Object.entries(demoPeopleSpec) as [DemoPersonKey, (typeof demoPeopleSpec)[DemoPersonKey]][]) {
    const cn = 'cn' in spec ? spec.cn : `${spec.givenName} ${spec.sn}`;
    const dn = under(spec.namedBy === 'uid' ? rdn('uid', spec.uid) : rdn('cn', cn), peopleBase);
    const state = 'state' in spec ? spec.state : 'active';
    people[key] = { ...addPerson(dn, `person:${spec.uid}`, spec, cn, state), key };
  }
  const extraPeople = (extension?.people ?? []).map((spec) =>
    ({ ...addPerson(under(rdn('uid', spec.uid), peopleBase), spec.idKey, spec, `${spec.givenName} ${spec.sn}`, 'active'), key: spec.key }));

  const institutions = {} as Record<DemoInstitutionKey, DemoInstitution>;
  const customers: DemoCustomer[] = [];
  const addInstitution = (key: string, idKey: string, name: string): DirectoryInstitution => {
    const institution = { key, id: demoId(idKey), dn: under(rdn('o', name), customersBase), name };
    add(institution.dn, idKey, [['objectClass', ['top', 'organization']], ['o', [name]]]);
    return institution;
  };
  const addCustomer = (institution: DirectoryInstitution, customerKey: string, idKey: string, customer: DemoCustomerSpec): void => {
    const displayName = `${customer.givenName} ${customer.sn}`;
    const dn = under(rdn('uid', customer.uid), institution.dn);
    customers.push({ key: customerKey, id: demoId(idKey), dn, username: customer.uid, displayName, email: customer.mail, phone: customer.phone, institution, password: demoPassword });
    add(dn, idKey, [
      ['objectClass', person],
      ['uid', [customer.uid]], ['cn', [displayName]], ['sn', [customer.sn]], ['givenName', [customer.givenName]], ['displayName', [displayName]],
      ['mail', [customer.mail]], ['telephoneNumber', [customer.phone]], ['o', [institution.name]],
      ['userPassword', [demoHash(demoPassword, idKey)]],
    ]);
  };
  for (const [key, spec] of Object.entries(demoInstitutionsSpec) as [DemoInstitutionKey, (typeof demoInstitutionsSpec)[DemoInstitutionKey]][]) {
    const institution = { ...addInstitution(key, `institution:${key}`, spec.name), key };
    institutions[key] = institution;
    const specCustomers: Record<string, DemoCustomerSpec> = spec.customers;
    for (const [customerKey, customer] of Object.entries(specCustomers)) addCustomer(institution, customerKey, `customer:${customer.uid}`, customer);
  }
  const extraInstitutions = (extension?.institutions ?? []).map((spec) => {
    const institution = addInstitution(spec.key, spec.idKey, spec.name);
    for (const customer of spec.customers) addCustomer(institution, customer.key, customer.idKey, customer);
    return institution;
  });

  const groups = {} as DemoDirectory['groups'];
  for (const name of [...agentGroupNames, 'staff'] as const) {
    const members = [...Object.values(people), ...extraPeople].filter((p) => p.groups.includes(name)).map((p) => p.dn);
    const group = { id: demoId(`group:${name}`), dn: under(rdn('cn', name), groupsBase), members };
    groups[name] = group;
    add(group.dn, `group:${name}`, [['objectClass', ['top', 'groupOfNames']], ['cn', [name]], ['description', [demoGroupDescriptions[name]]], ['member', members]]);
  }

  const header = extension?.header ?? '# Kontor demo and test directory. Generated by scripts/generate-directory.ts; do not edit.\n'
    + `# Every person signs in with ${demoPassword}.\n`;
  return {
    baseDn, peopleBase, customersBase, groupsBase, policiesBase, defaultPolicyDn, service,
    people, institutions, customers, extraPeople, extraInstitutions, groups, entries, ldif: writeLdif(entries, header),
  };
}

function policy(cn: string, maxAgeSeconds: number): LdifEntry['attributes'] {
  return [
    ['objectClass', ['top', 'device', 'pwdPolicy']],
    ['cn', [cn]],
    ['pwdAttribute', ['userPassword']],
    ['pwdMaxAge', [String(maxAgeSeconds)]],
    ['pwdGraceAuthNLimit', ['0']],
    // pwdMaxFailure 0: failed binds never lock anyone (tests type wrong passwords on purpose,
    // and Kontor Server throttles logins itself). pwdLockout must still be TRUE, because
    // OpenLDAP 2.5 ignores an administrative pwdAccountLockedTime when it is FALSE.
    ['pwdLockout', ['TRUE']],
    ['pwdMaxFailure', ['0']],
    ['pwdAllowUserChange', ['TRUE']],
  ];
}

function policyState(state: DemoPerson['state'], expiringPolicyDn: string): LdifEntry['attributes'] {
  // 000001010000Z is OpenLDAP's "locked until an administrator unlocks".
  if (state === 'locked') return [['pwdAccountLockedTime', ['000001010000Z']]];
  if (state === 'expired') return [['pwdPolicySubentry', [expiringPolicyDn]], ['pwdChangedTime', ['20000101000000Z']]];
  return [];
}

/** The LDIF text of the demo directory (the committed `resources/demo/directory.ldif` for the default base DN). */
export function generateDemoLdif(baseDn: string = defaultDemoBaseDn): string {
  return buildDemoDirectory(baseDn).ldif;
}
