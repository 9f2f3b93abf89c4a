import { describe, expect, it } from 'vitest';
import { createDirectory } from '../../../../src-shared/node/directory/index.js';
import { LdifDirectory } from '../../../../src-shared/node/directory/ldif.js';
import { guidFromBytes, guidToBytes } from '../../../../src-shared/node/directory/records.js';
import { DirectoryConfigError } from '../../../../src-shared/node/directory/types.js';
import { testDirectoryMapping } from '../../../harness/directory.js';

describe('Active Directory objectGUID', () => {
  it('turns the 16 bytes into the GUID string AD shows (first three groups little-endian)', () => {
    const bytes = Buffer.from('67452301ab89efcd0123456789abcdef', 'hex');
    expect(guidFromBytes(bytes)).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(guidToBytes('01234567-89AB-CDEF-0123-456789ABCDEF')?.equals(bytes)).toBe(true);
    expect(guidToBytes('*')).toBeNull();
    expect(guidFromBytes(Buffer.alloc(3))).toBeNull();
  });

  it('finds a person by objectGUID when the directory is mapped that way', async () => {
    const guid = Buffer.from('67452301ab89efcd0123456789abcdef', 'hex');
    const ldif = ['dn: cn=Ada,ou=people,dc=kontor,dc=example', 'objectClass: inetOrgPerson', 'uid: ada', 'cn: Ada', 'sn: Lovelace', `objectGUID:: ${guid.toString('base64')}`, ''].join('\n');
    const directory = new LdifDirectory({ ...testDirectoryMapping(), idAttribute: 'objectGUID' }, ldif);
    expect((await directory.findById('01234567-89ab-cdef-0123-456789abcdef'))?.username).toBe('ada');
    expect((await directory.findByUsername('ada'))[0]?.id).toBe('01234567-89ab-cdef-0123-456789abcdef');
  });
});

describe('directory configuration', () => {
  it.each([
    ['a user filter without {username}', { userFilter: '(uid=admin)' }],
    ['a customer filter that does not parse', { customerFilter: '(objectClass=inetOrgPerson' }],
  ])('refuses %s', (_case, mapping) => {
    expect(() => createDirectory({ kind: 'ldif', file: 'resources/demo/directory.ldif', mapping: { ...testDirectoryMapping(), ...mapping } })).toThrow(DirectoryConfigError);
  });
});
