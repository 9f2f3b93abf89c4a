import { afterEach, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../../../src-shared/node/demo-directory.js';
import { createDirectory } from '../../../../src-shared/node/directory/index.js';
import { LdapDirectory } from '../../../../src-shared/node/directory/ldap.js';
import { type Directory, DirectoryConfigError, DirectoryUnavailableError } from '../../../../src-shared/node/directory/types.js';
import { testDirectoryConfig, testUsers } from '../../../harness/directory.js';
import { type FakeLdapServer, ldapResultCode, startFakeLdapServer } from '../../../harness/fake-ldap-server.js';
import { freePort } from '../../../harness/free-port.js';
import { type TcpProxy, startTcpProxy } from '../../../harness/tcp-proxy.js';
import { describeDirectoryBehaviour } from './directory-behaviour.js';

const service = (): { dn: string; password: string } => ({ dn: inject('ldap').serviceDn, password: inject('ldap').servicePassword });

describeDirectoryBehaviour('LDAP over LDAPS', () => new LdapDirectory(testDirectoryConfig(), service()));
describeDirectoryBehaviour('LDAP over StartTLS', () => new LdapDirectory(testDirectoryConfig({ url: inject('ldap').ldapUrl, startTls: true }), service()));

describe('LDAP transport security', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((step) => step()));
  });
  const open = (directory: Directory): Directory => {
    cleanup.push(() => directory.close());
    return directory;
  };

  it('refuses plain ldap:// without StartTLS at configuration time', () => {
    expect(() => createDirectory(testDirectoryConfig({ url: inject('ldap').ldapUrl, startTls: false }), service())).toThrow(DirectoryConfigError);
  });

  it.each([
    ['LDAPS', (): object => ({})],
    ['StartTLS', (): object => ({ url: inject('ldap').ldapUrl, startTls: true })],
  ])('refuses the directory when its certificate is not from the configured CA (%s)', async (_transport, overrides) => {
    const directory = open(new LdapDirectory(testDirectoryConfig({ ...overrides(), caFile: inject('ldap').foreignCaFile }), service()));
    expect(await directory.authenticate(testUsers.mmueller.dn, demoPassword)).toMatchObject({ ok: false, reason: 'directory-unavailable' });
    await expect(directory.findByUsername('mmueller')).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });

  it.each([
    ['accepts StartTLS and then does not speak TLS', ldapResultCode.success],
    ['refuses StartTLS', ldapResultCode.protocolError],
  ])('never falls back to plain text when the server %s', async (_case, resultCode) => {
    const fake: FakeLdapServer = await startFakeLdapServer(resultCode);
    cleanup.push(() => fake.close());
    const directory = open(new LdapDirectory(testDirectoryConfig({ url: fake.url, startTls: true, timeoutMs: 2000 }), service()));
    expect(await directory.authenticate(testUsers.mmueller.dn, demoPassword)).toMatchObject({ ok: false, reason: 'directory-unavailable' });
    await expect(directory.searchCustomers('Globex', 10)).rejects.toBeInstanceOf(DirectoryUnavailableError);
    const sent = fake.received().toString('latin1');
    expect(sent).not.toContain(demoPassword);
    expect(sent).not.toContain(inject('ldap').servicePassword);
    expect(sent).not.toContain('mmueller');
    expect(sent).not.toContain('Globex');
  });

  it('reports an unreachable directory as unavailable', async () => {
    const directory = open(new LdapDirectory(testDirectoryConfig({ url: `ldaps://127.0.0.1:${await freePort()}` }), service()));
    expect(await directory.authenticate(testUsers.mmueller.dn, demoPassword)).toMatchObject({ ok: false, reason: 'directory-unavailable' });
    await expect(directory.findById(testUsers.mmueller.id)).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });

  it('fails look-ups when the directory refuses the configured credentials', async () => {
    const directory = open(new LdapDirectory(testDirectoryConfig(), { dn: inject('ldap').serviceDn, password: 'wrong' }));
    await expect(directory.findByUsername('mmueller')).rejects.toThrow(/refused the configured credentials/u);
  });
});

describe('LDAP connection dropped mid-session', () => {
  let proxy: TcpProxy | undefined;
  let directory: Directory | undefined;
  afterEach(async () => {
    await directory?.close();
    await proxy?.close();
  });

  it.each([
    ['LDAPS with the service account', 'ldaps' as const, true],
    ['StartTLS with the agent\'s own bind (the Desk)', 'ldap' as const, false],
  ])('is re-established and re-bound on the next call (%s)', async (_case, scheme, asService) => {
    const target = new URL(scheme === 'ldaps' ? inject('ldap').ldapsUrl : inject('ldap').ldapUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port));
    const credentials = asService ? service() : { dn: testUsers.mmueller.dn, password: demoPassword };
    directory = new LdapDirectory(testDirectoryConfig({ url: `${scheme}://127.0.0.1:${proxy.port}`, startTls: scheme === 'ldap' }), credentials);
    expect((await directory.searchCustomers('Globex', 10)).customers).toHaveLength(3);
    proxy.dropConnections();
    // Reading customers needs the bind: a connection that came back anonymous or in plain text would find nobody.
    expect((await directory.searchCustomers('Globex', 10)).customers).toHaveLength(3);
    proxy.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await directory.findById(testUsers.hmeier.id))?.username).toBe('hmeier');
  });

  it('fails with DirectoryUnavailableError when the directory stays away', async () => {
    const target = new URL(inject('ldap').ldapsUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port));
    directory = new LdapDirectory(testDirectoryConfig({ url: `ldaps://127.0.0.1:${proxy.port}` }), service());
    expect(await directory.findByUsername('mmueller')).toHaveLength(1);
    await proxy.close();
    proxy = undefined;
    await expect(directory.findByUsername('mmueller')).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });
});
