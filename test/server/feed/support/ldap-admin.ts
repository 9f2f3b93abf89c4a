import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Attribute, Change, Client } from 'ldapts';
import { inject } from 'vitest';
import { demoPassword } from '../../../../src-shared/node/demo-directory.js';
import { hashSsha } from '../../../../src-shared/node/directory/password-hash.js';
import { testDirectory } from '../../../harness/directory.js';

/**
 * The run's slapd as its rootdn sees it. Tests add their own people and put them into groups,
 * never touching the generated people, and take everything out again afterwards.
 */
export class LdapAdmin {
  private constructor(private readonly client: Client) {}

  static async connect(): Promise<LdapAdmin> {
    const ldap = inject('ldap');
    const client = new Client({ url: ldap.ldapsUrl, timeout: 5000, tlsOptions: { ca: readFileSync(ldap.caFile), rejectUnauthorized: true } });
    await client.bind(ldap.adminDn, ldap.adminPassword);
    return new LdapAdmin(client);
  }

  /** A new agent (password `demoPassword`) in no group yet. */
  async addPerson(prefix: string): Promise<{ dn: string; username: string }> {
    const username = `${prefix}-${randomBytes(4).toString('hex')}`;
    const dn = `uid=${username},${testDirectory.peopleBase}`;
    await this.client.add(dn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      uid: username,
      cn: `Probe ${username}`,
      sn: 'Probe',
      givenName: 'Feed',
      displayName: `Feed Probe ${username}`,
      mail: `${username}@kontor.example`,
      userPassword: hashSsha(demoPassword, randomBytes(8)),
    });
    return { dn, username };
  }

  async addToGroup(group: keyof typeof testDirectory.groups, memberDn: string): Promise<void> {
    await this.client.modify(testDirectory.groups[group].dn, new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [memberDn] }) }));
  }

  async removeFromGroup(group: keyof typeof testDirectory.groups, memberDn: string): Promise<void> {
    await this.client.modify(testDirectory.groups[group].dn, new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [memberDn] }) }));
  }

  /** Takes the person out of every group named, ignoring those they are not in, and deletes them. */
  async removePerson(dn: string, groups: readonly (keyof typeof testDirectory.groups)[]): Promise<void> {
    for (const group of groups) await this.removeFromGroup(group, dn).catch(() => undefined);
    await this.client.del(dn).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.client.unbind();
  }
}
