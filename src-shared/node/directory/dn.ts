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

/**
 * Splits a DN string into RDNs, unescaping values (`\,`, `\2C` and UTF-8 hex pairs). Listings
 * parse every entry's DN several times, so text is copied as text; only hex pairs go through bytes.
 */
export function parseDn(dn: string): Rdn[] {
  if (dn.trim() === '') return [];
  const rdns: Rdn[] = [];
  let avas: Ava[] = [];
  let type = '';
  let value = '';
  // Unescaped spaces around a value are not part of it; escaped ones are.
  let significant = 0;
  // Hex pairs not yet decoded: consecutive ones may spell one UTF-8 character.
  let pending: number[] = [];
  let inValue = false;
  const flush = (): void => {
    if (pending.length === 0) return;
    value += Buffer.from(pending).toString('utf8');
    pending = [];
    significant = value.length;
  };
  const finishAva = (): void => {
    flush();
    const name = type.trim();
    if (!inValue || name === '') throw new DnSyntaxError(`malformed DN: ${dn}`);
    avas.push({ type: name, value: value.slice(0, significant) });
    type = '';
    value = '';
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
        pending.push(Number.parseInt(pair, 16));
        i += 2;
        continue;
      }
      if (i + 1 >= dn.length) throw new DnSyntaxError(`DN ends with an escape: ${dn}`);
      flush();
      value += dn.charAt(i + 1);
      i += 1;
      significant = value.length;
      continue;
    }
    flush();
    if (char === ',' || char === ';') {
      finishAva();
      rdns.push(avas);
      avas = [];
    } else if (char === '+') {
      finishAva();
    } else if (char === ' ') {
      if (value !== '') value += ' ';
    } else {
      value += char;
      significant = value.length;
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
  return normalisedRdns(dn).join(',');
}

/** The comparison keys of a DN's RDNs, leaf first: suffixes of it are the DNs above it. */
export function normalisedRdns(dn: string): string[] {
  return parseDn(dn).map(normaliseRdn);
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
  return rdnsWithin(normalisedRdns(dn), normalisedRdns(base));
}

/** isWithin on DNs already split by normalisedRdns. */
export function rdnsWithin(child: readonly string[], parent: readonly string[]): boolean {
  if (parent.length > child.length) return false;
  const offset = child.length - parent.length;
  return parent.every((value, index) => child[offset + index] === value);
}

/** The value of the first AVA of the first RDN (`Meier, Hans` for `cn=Meier\, Hans,ou=people`). */
export function leafValue(dn: string): string | null {
  return parseDn(dn)[0]?.[0]?.value ?? null;
}

/** `normaliseDn`, or null for text that is no DN (entries and references from a directory may hold anything). */
export function normalisedDnOrNull(dn: string): string | null {
  try {
    return normaliseDn(dn);
  } catch (error) {
    if (error instanceof DnSyntaxError) return null;
    throw error;
  }
}
