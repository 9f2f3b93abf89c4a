import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  type Filter,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from 'ldapts';
import { DnSyntaxError, normaliseDn } from './dn.js';
import type { DirectoryRecord } from './records.js';

/**
 * Evaluates a search filter against an LDIF entry the way a directory server would for the
 * string attributes Kontor uses: case-insensitive, whitespace-folded, multi-valued; DN-valued
 * attributes compared as DNs. Unsupported filter types match nothing rather than everything.
 */

const dnAttributes = new Set(['member', 'uniquemember', 'owner', 'manager', 'seealso', 'pwdpolicysubentry', 'memberof']);

function normalise(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

function comparable(attribute: string, value: string): string {
  if (!dnAttributes.has(attribute.toLowerCase())) return normalise(value);
  try {
    return normaliseDn(value);
  } catch (error) {
    if (error instanceof DnSyntaxError) return `\0invalid-dn:${value}`;
    throw error;
  }
}

function substringMatches(value: string, filter: SubstringFilter): boolean {
  let rest = normalise(value);
  const initial = normalise(filter.initial);
  if (!rest.startsWith(initial)) return false;
  rest = rest.slice(initial.length);
  for (const part of filter.any.map(normalise)) {
    const at = rest.indexOf(part);
    if (at < 0) return false;
    rest = rest.slice(at + part.length);
  }
  return rest.endsWith(normalise(filter.final));
}

export function matchesFilter(record: DirectoryRecord, filter: Filter): boolean {
  if (filter instanceof AndFilter) return filter.filters.every((inner) => matchesFilter(record, inner));
  if (filter instanceof OrFilter) return filter.filters.some((inner) => matchesFilter(record, inner));
  if (filter instanceof NotFilter) return !matchesFilter(record, filter.filter);
  if (filter instanceof PresenceFilter) return filter.attribute.toLowerCase() === 'objectclass' || record.bytes(filter.attribute).length > 0;
  if (filter instanceof EqualityFilter || filter instanceof ApproximateFilter) {
    const { attribute, value } = filter;
    if (Buffer.isBuffer(value)) return record.bytes(attribute).some((candidate) => candidate.equals(value));
    const wanted = comparable(attribute, value);
    return record.text(attribute).some((candidate) => comparable(attribute, candidate) === wanted);
  }
  if (filter instanceof SubstringFilter) return record.text(filter.attribute).some((candidate) => substringMatches(candidate, filter));
  if (filter instanceof GreaterThanEqualsFilter) return record.text(filter.attribute).some((candidate) => normalise(candidate) >= normalise(filter.value));
  if (filter instanceof LessThanEqualsFilter) return record.text(filter.attribute).some((candidate) => normalise(candidate) <= normalise(filter.value));
  return false;
}
