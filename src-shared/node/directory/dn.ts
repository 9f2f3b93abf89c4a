/**
 * Distinguished names (RFC 4514): escaping a value before it goes into a DN, and a small
 * parser so that DNs read back from the directory can be compared and split into parent and
 * child. Values are never concatenated into a DN unescaped.
 */

export interface Ava {
  type: string;
  value: string;
}
/** One RDN; more than one AVA for a multi-valued RDN (`cn=a+uid=b`). */
export type Rdn = Ava[];

export class DnSyntaxError extends Error {}

const specialAnywhere = new Set(['"', '+', ',', ';', '<', '>', '\\']);

/** Escapes one attribute value for use in a DN string (RFC 4514 section 2.4). */
export function escapeDnValue(value: string): string {
  let out = '';
  const chars = Array.from(value);
  chars.forEach((char, index) => {
    if (char === '\0') out += '\\00';
    else if (specialAnywhere.has(char)) out += `\\${char}`;
    else if (index === 0 && (char === ' ' || char === '#')) out += `\\${char}`;
    else if (index === chars.length - 1 && char === ' ') out += '\\ ';
    else out += char;
  });
  return out;
}

/** Builds `type=value` with the value escaped. */
export function rdn(type: string, value: string): string {
  return `${type}=${escapeDnValue(value)}`;
}

const hexPair = /^[0-9a-fA-F]{2}$/u;

/** Splits a DN string into RDNs, unescaping values (`\,`, `\2C` and UTF-8 hex pairs). */
export function parseDn(dn: string): Rdn[] {
  if (dn.trim() === '') return [];
  const rdns: Rdn[] = [];
  let avas: Ava[] = [];
  let type = '';
  let bytes: number[] = [];
  // Unescaped spaces around a value are not part of it; escaped ones are.
  let significant = 0;
  let inValue = false;
  const finishAva = (): void => {
    const name = type.trim();
    if (!inValue || name === '') throw new DnSyntaxError(`malformed DN: ${dn}`);
    avas.push({ type: name, value: Buffer.from(bytes.slice(0, significant)).toString('utf8') });
    type = '';
    bytes = [];
    significant = 0;
    inValue = false;
  };
  for (let i = 0; i < dn.length; i += 1) {
    const char = dn.charAt(i);
    if (!inValue) {
      if (char === '=') inValue = true;
      else if (char === ',' || char === '+') throw new DnSyntaxError(`malformed DN: ${dn}`);
      else type += char;
      continue;
    }
    if (char === '\\') {
      const pair = dn.slice(i + 1, i + 3);
      if (hexPair.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        i += 2;
      } else if (i + 1 < dn.length) {
        bytes.push(...Buffer.from(dn.charAt(i + 1), 'utf8'));
        i += 1;
      } else {
        throw new DnSyntaxError(`DN ends with an escape: ${dn}`);
      }
      significant = bytes.length;
    } else if (char === ',' || char === ';') {
      finishAva();
      rdns.push(avas);
      avas = [];
    } else if (char === '+') {
      finishAva();
    } else if (char === ' ') {
      if (bytes.length > 0) bytes.push(0x20);
    } else {
      const text = String.fromCodePoint(dn.codePointAt(i) ?? 0);
      bytes.push(...Buffer.from(text, 'utf8'));
      i += text.length - 1;
      significant = bytes.length;
    }
  }
  finishAva();
  rdns.push(avas);
  return rdns;
}

/** Writes RDNs back as a DN string with every value escaped. */
export function formatDn(rdns: readonly Rdn[]): string {
  return rdns.map((avas) => avas.map((ava) => rdn(ava.type, ava.value)).join('+')).join(',');
}

function normaliseRdn(avas: Rdn): string {
  return avas
    .map((ava) => rdn(ava.type.toLowerCase(), ava.value.normalize('NFC').replace(/\s+/gu, ' ').toLowerCase()))
    .sort()
    .join('+');
}

/**
 * A comparison key for DNs: types and values in lower case, whitespace folded, one escaping
 * style. Good enough for the case-insensitive string attributes people and groups are named by.
 */
export function normaliseDn(dn: string): string {
  return parseDn(dn).map(normaliseRdn).join(',');
}

export function dnEquals(a: string, b: string): boolean {
  return normaliseDn(a) === normaliseDn(b);
}

/** The DN one level up, or null for a single-RDN DN. */
export function parentDn(dn: string): string | null {
  const rdns = parseDn(dn);
  return rdns.length > 1 ? formatDn(rdns.slice(1)) : null;
}

/** True when `dn` lies at or below `base` (compared RDN by RDN, so escaped commas cannot fool it). */
export function isWithin(dn: string, base: string): boolean {
  const child = parseDn(dn).map(normaliseRdn);
  const parent = parseDn(base).map(normaliseRdn);
  if (parent.length > child.length) return false;
  const offset = child.length - parent.length;
  return parent.every((value, index) => child[offset + index] === value);
}

/** The value of the first AVA of the first RDN (`Meier, Hans` for `cn=Meier\, Hans,ou=people`). */
export function leafValue(dn: string): string | null {
  return parseDn(dn)[0]?.[0]?.value ?? null;
}
