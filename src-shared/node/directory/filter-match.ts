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

/**
 * Comparable forms of a record's values and of a filter's value, worked out once per record
 * (and filter) rather than on every evaluation: normalising (NFKC, DN parsing) is the cost of
 * matching. Records and filters are not changed after they are made.
 */
const recordValues = new WeakMap<DirectoryRecord, Map<string, string[]>>();
const filterValues = new WeakMap<EqualityFilter | ApproximateFilter, string>();

function comparableValues(record: DirectoryRecord, attribute: string): string[] {
  let byAttribute = recordValues.get(record);
  if (!byAttribute) recordValues.set(record, (byAttribute = new Map<string, string[]>()));
  const key = attribute.toLowerCase();
  let values = byAttribute.get(key);
  if (!values) byAttribute.set(key, (values = record.text(attribute).map((candidate) => comparable(attribute, candidate))));
  return values;
}

function wantedValue(filter: EqualityFilter | ApproximateFilter, value: string): string {
  let wanted = filterValues.get(filter);
  if (wanted === undefined) filterValues.set(filter, (wanted = comparable(filter.attribute, value)));
  return wanted;
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
    const wanted = wantedValue(filter, value);
    return comparableValues(record, attribute).includes(wanted);
  }
  if (filter instanceof SubstringFilter) return record.text(filter.attribute).some((candidate) => substringMatches(candidate, filter));
  if (filter instanceof GreaterThanEqualsFilter) return record.text(filter.attribute).some((candidate) => normalise(candidate) >= normalise(filter.value));
  if (filter instanceof LessThanEqualsFilter) return record.text(filter.attribute).some((candidate) => normalise(candidate) <= normalise(filter.value));
  return false;
}
