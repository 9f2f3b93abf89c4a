import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPassword, generateDemoLdif } from '../../../../src-shared/node/demo-directory.js';
import { createDirectory } from '../../../../src-shared/node/directory/index.js';
import { LdifDirectory } from '../../../../src-shared/node/directory/ldif.js';
import { DirectoryConfigError, DirectoryUnavailableError } from '../../../../src-shared/node/directory/types.js';
import { testDirectoryMapping, testService, testUsers } from '../../../harness/directory.js';
import { describeDirectoryBehaviour } from './directory-behaviour.js';

const demoFile = new URL('../../../../resources/demo/directory.ldif', import.meta.url).pathname;

describeDirectoryBehaviour('LDIF (the demo directory file)', () =>
  createDirectory({ kind: 'ldif', file: demoFile, mapping: testDirectoryMapping() }, testService),
);

describe('LDIF directory specifics', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-ldif-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a missing or malformed file at start-up', () => {
    expect(() => LdifDirectory.fromFile({ kind: 'ldif', file: path.join(dir, 'missing.ldif'), mapping: testDirectoryMapping() })).toThrow(DirectoryConfigError);
    const broken = path.join(dir, 'broken.ldif');
    writeFileSync(broken, 'objectClass: top\n');
    expect(() => LdifDirectory.fromFile({ kind: 'ldif', file: broken, mapping: testDirectoryMapping() })).toThrow(DirectoryConfigError);
  });

  it('fails look-ups with wrong credentials, as a refused LDAP bind would', async () => {
    const directory = new LdifDirectory(testDirectoryMapping(), generateDemoLdif(), { dn: testUsers.mmueller.dn, password: 'wrong' });
    await expect(directory.findByUsername('mmueller')).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });

  it('looks up under an agent\'s own credentials (the Desk)', async () => {
    const directory = new LdifDirectory(testDirectoryMapping(), generateDemoLdif(), { dn: testUsers.hmeier.dn, password: demoPassword });
    expect((await directory.searchCustomers('Initech', 10)).customers).toHaveLength(3);
  });

  it('lets a lock end when the policy gives it a duration', async () => {
    const ldif = [
      'dn: cn=short,ou=policies,dc=kontor,dc=example', 'objectClass: pwdPolicy', 'pwdLockout: TRUE', 'pwdLockoutDuration: 60', '',
      'dn: uid=temp,ou=people,dc=kontor,dc=example', 'objectClass: inetOrgPerson', 'uid: temp', 'cn: Temp', 'sn: Temp',
      'entryUUID: 11111111-2222-5333-8444-555555555555', 'pwdPolicySubentry: cn=short,ou=policies,dc=kontor,dc=example',
      'pwdAccountLockedTime: 20300101000000Z', 'userPassword: {SSHA}invalid', '',
    ].join('\n');
    const at = (iso: string): LdifDirectory => new LdifDirectory(testDirectoryMapping(), ldif, undefined, () => Date.parse(iso));
    const dn = 'uid=temp,ou=people,dc=kontor,dc=example';
    expect(await at('2030-01-01T00:00:30Z').authenticate(dn, 'x')).toMatchObject({ reason: 'account-locked' });
    expect(await at('2030-01-01T00:01:30Z').authenticate(dn, 'x')).toMatchObject({ reason: 'invalid-credentials' });
    expect(await at('2029-12-31T23:00:00Z').authenticate(dn, 'x')).toMatchObject({ reason: 'invalid-credentials' });
  });
});
