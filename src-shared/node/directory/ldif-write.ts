/** One directory entry as LDIF knows it: a DN and its attributes in a stable order. */
export interface LdifEntry {
  dn: string;
  attributes: [name: string, values: readonly string[]][];
}

/**
 * RFC 2849 SAFE-STRING: printable ASCII that does not start with space, colon or "<" and
 * (our choice, as slapd would trim it) does not end with a space. Anything else goes base64.
 */
function isSafe(value: string): boolean {
  if (value === '') return true;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
  if (/[^\x01-\x09\x0b\x0c\x0e-\x7f]/u.test(value)) return false;
  return !/^[ :<]/u.test(value) && !value.endsWith(' ');
}

export function ldifLine(name: string, value: string): string {
  return isSafe(value) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

export function writeLdif(entries: readonly LdifEntry[], header = ''): string {
  const blocks = entries.map((entry) =>
    [ldifLine('dn', entry.dn), ...entry.attributes.flatMap(([name, values]) => values.map((value) => ldifLine(name, value)))].join('\n'),
  );
  // No "version: 1" line: it is optional in RFC 2849, and slapadd 2.5 rejects it.
  return `${header}${blocks.join('\n\n')}\n`;
}
