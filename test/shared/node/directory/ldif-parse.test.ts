import { describe, expect, it } from 'vitest';
import { LdifSyntaxError, parseLdif } from '../../../../src-shared/node/directory/ldif-parse.js';
import { ldifLine, writeLdif } from '../../../../src-shared/node/directory/ldif-write.js';

const text = (entry: ReturnType<typeof parseLdif>[number] | undefined, attribute: string): string[] =>
  (entry?.attributes.get(attribute) ?? []).map((value) => value.toString('utf8'));

describe('parseLdif', () => {
  it('reads comments, the version line, continuation lines and base64 values', () => {
    const [entry, second] = parseLdif([
      'version: 1',
      '# a comment',
      '#  continued',
      'dn: cn=Meier\\, Hans,ou=people,dc=example',
      'cn: Meier, ',
      ' Hans',
      `sn:: ${Buffer.from('Müller').toString('base64')}`,
      'description;lang-de: eins',
      'DESCRIPTION: zwei',
      '',
      '',
      `dn:: ${Buffer.from('cn=Seán,dc=example').toString('base64')}`,
      'cn: Seán',
    ].join('\r\n'));
    expect(entry?.dn).toBe('cn=Meier\\, Hans,ou=people,dc=example');
    expect(text(entry, 'cn')).toEqual(['Meier, Hans']);
    expect(text(entry, 'sn')).toEqual(['Müller']);
    expect(text(entry, 'description')).toEqual(['eins', 'zwei']);
    expect(second?.dn).toBe('cn=Seán,dc=example');
  });

  it.each([
    ['an entry without dn', 'cn: x\n'],
    ['a change record', 'dn: cn=x\nchangetype: delete\n'],
    ['a URL value', 'dn: cn=x\njpegPhoto:< file:///etc/passwd\n'],
    ['broken base64', 'dn: cn=x\ncn:: ***\n'],
    ['a line without colon', 'dn: cn=x\nnonsense\n'],
  ])('refuses %s', (_case, input) => {
    expect(() => parseLdif(input)).toThrow(LdifSyntaxError);
  });

  it('reads back what writeLdif wrote, including values that need base64', () => {
    const values = ['plain', ' leading space', ':colon', '<angle', 'trailing ', 'Löwe & Söhne', 'line\nbreak', ''];
    const [entry] = parseLdif(writeLdif([{ dn: 'cn=x,dc=example', attributes: [['description', values]] }], '# header\n'));
    expect(text(entry, 'description')).toEqual(values);
    expect(ldifLine('cn', ' x')).toMatch(/^cn:: /u);
  });
});
