/**
 * A small LDIF reader (RFC 2849, content records only) for the demo directory: comments,
 * continuation lines, base64 (`::`) values, an optional version line. Change records and
 * URL values (`:<`) are refused rather than half-understood.
 */

export interface ParsedLdifEntry {
  dn: string;
  /** Attribute names in lower case, options (`;lang-de`) dropped; values as raw bytes. */
  attributes: Map<string, Buffer[]>;
}

export class LdifSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`LDIF line ${line}: ${message}`);
  }
}

interface LogicalLine {
  text: string;
  line: number;
}

/** Joins continuation lines (a line starting with one space continues the previous one). */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  text.replace(/^\uFEFF/u, '').split(/\r?\n/u).forEach((raw, index) => {
    const previous = lines.at(-1);
    if (raw.startsWith(' ') && previous && previous.text !== '') previous.text += raw.slice(1);
    else lines.push({ text: raw, line: index + 1 });
  });
  return lines;
}

function parseLine({ text, line }: LogicalLine): { name: string; value: Buffer } {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new LdifSyntaxError('expected "name: value"', line);
  const name = text.slice(0, colon).trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9.;-]*$/u.test(name)) throw new LdifSyntaxError(`bad attribute name ${JSON.stringify(name)}`, line);
  const rest = text.slice(colon + 1);
  if (rest.startsWith(':')) {
    const encoded = rest.slice(1).trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(encoded)) throw new LdifSyntaxError('bad base64 value', line);
    return { name, value: Buffer.from(encoded, 'base64') };
  }
  if (rest.startsWith('<')) throw new LdifSyntaxError('URL values are not supported', line);
  return { name, value: Buffer.from(rest.replace(/^ +/u, ''), 'utf8') };
}

export function parseLdif(text: string): ParsedLdifEntry[] {
  const entries: ParsedLdifEntry[] = [];
  let current: ParsedLdifEntry | null = null;
  let first = true;
  for (const logical of logicalLines(text)) {
    if (logical.text.startsWith('#')) continue;
    if (logical.text.trim() === '') {
      current = null;
      continue;
    }
    const { name, value } = parseLine(logical);
    const key = name.toLowerCase();
    if (first && key === 'version') {
      first = false;
      if (value.toString('utf8').trim() !== '1') throw new LdifSyntaxError('only LDIF version 1 is supported', logical.line);
      continue;
    }
    first = false;
    if (current === null) {
      if (key !== 'dn') throw new LdifSyntaxError('an entry must start with "dn:"', logical.line);
      current = { dn: value.toString('utf8'), attributes: new Map() };
      entries.push(current);
      continue;
    }
    if (key === 'changetype') throw new LdifSyntaxError('change records are not supported', logical.line);
    const attribute = key.split(';')[0] ?? key;
    const values = current.attributes.get(attribute) ?? [];
    values.push(value);
    current.attributes.set(attribute, values);
  }
  return entries;
}
