import { describe, expect, it } from 'vitest';
import { dnEquals, escapeDnValue, isWithin, leafValue, normaliseDn, parentDn, parseDn, rdn } from '../../../../src-shared/node/directory/dn.js';

describe('escapeDnValue (RFC 4514)', () => {
  it.each([
    ['Meier, Hans', 'Meier\\, Hans'],
    ['a+b', 'a\\+b'],
    ['say "hi"', 'say \\"hi\\"'],
    ['x;y<z>', 'x\\;y\\<z\\>'],
    ['back\\slash', 'back\\\\slash'],
    ['#hash', '\\#hash'],
    [' leading', '\\ leading'],
    ['trailing ', 'trailing\\ '],
    ['mid#dle', 'mid#dle'],
    ['nul\0byte', 'nul\\00byte'],
    ['Globex (Europe) *Ltd*', 'Globex (Europe) *Ltd*'],
    ['Bankhaus Löwe & Söhne KG', 'Bankhaus Löwe & Söhne KG'],
  ])('%j → %j', (value, escaped) => {
    expect(escapeDnValue(value)).toBe(escaped);
  });

  it('round-trips through parseDn', () => {
    for (const value of ['Meier, Hans', ' a+b ', '#x', 'O\'Brien', 'Löwe\\', 'a=b', 'x,y=z,dc=evil']) {
      expect(parseDn(`${rdn('cn', value)},dc=example`)[0]).toEqual([{ type: 'cn', value }]);
    }
  });
});

describe('parseDn and friends', () => {
  it('reads both escaping styles and UTF-8 hex pairs', () => {
    expect(leafValue('cn=Meier\\2C Hans,ou=people,dc=kontor,dc=example')).toBe('Meier, Hans');
    expect(leafValue('cn=Meier\\, Hans,ou=people')).toBe('Meier, Hans');
    expect(leafValue('cn=Se\\C3\\A1n O\'Brien,ou=people')).toBe('Seán O\'Brien');
  });

  it('keeps escaped spaces and drops unescaped ones around a value, next to hex pairs and escaped characters', () => {
    expect(leafValue('cn= a\\20,dc=x')).toBe('a ');
    expect(leafValue('cn=\\20a\\,b\\C3\\A4 ,dc=x')).toBe(' a,bä');
    expect(leafValue('cn=\\C3\\A4\\5C\\2A(x)  ,dc=x')).toBe('ä\\*(x)');
  });

  it('splits multi-valued RDNs', () => {
    expect(parseDn('cn=a+uid=b,dc=x')).toEqual([[{ type: 'cn', value: 'a' }, { type: 'uid', value: 'b' }], [{ type: 'dc', value: 'x' }]]);
  });

  it('compares DNs case- and escape-insensitively', () => {
    expect(dnEquals('CN=Meier\\2C Hans, OU=People,dc=kontor,dc=example', 'cn=meier\\, hans,ou=people,dc=kontor,dc=example')).toBe(true);
    expect(normaliseDn('uid=A,dc=X')).toBe('uid=a,dc=x');
  });

  it('finds the parent and containment without being fooled by escaped commas', () => {
    expect(parentDn('uid=jsmith,o=Initech\\, S.A.,ou=institutions,dc=x')).toBe('o=Initech\\, S.A.,ou=institutions,dc=x');
    expect(isWithin('uid=jsmith,o=Initech\\, S.A.,ou=institutions,dc=x', 'ou=institutions,dc=x')).toBe(true);
    expect(isWithin('cn=a\\,ou=institutions\\,dc=x,ou=people,dc=x', 'ou=institutions,dc=x')).toBe(false);
  });

  it('rejects malformed DNs', () => {
    expect(() => parseDn('no-equals-sign')).toThrow();
    expect(() => parseDn('cn=a,,dc=x')).toThrow();
    expect(() => parseDn('cn=a\\')).toThrow();
  });
});
