import { AndFilter, EqualityFilter, type Filter, FilterParser, OrFilter, SubstringFilter, escapeFilter } from 'ldapts';
import { type DirectoryMapping, institutionShapeOf } from './config.js';
import { DnSyntaxError, parseDn } from './dn.js';
import { DirectoryConfigError } from './types.js';
import { guidToBytes, isBinaryGuidAttribute } from './records.js';

/**
 * The search filters, built once for both implementations: LDAP sends them, the LDIF
 * directory evaluates them (filter-match.ts). User input only ever enters as an escaped value
 * or as the value of a filter object, never as filter syntax.
 */

export const defaultCustomerSearchAttributes = ['cn', 'displayName', 'uid', 'mail', 'o'];

/** The configured login filter with `{username}` replaced by the escaped, normalised user name. */
export function userFilter(mapping: DirectoryMapping, username: string): Filter {
  return FilterParser.parseString(mapping.userFilter.replaceAll('{username}', escapeFilter`${username}`));
}

/** Customers whose name, user name, e-mail or institution contains `query`. */
export function customerSearchFilter(mapping: DirectoryMapping, query: string): Filter {
  const attributes = mapping.customerSearchAttributes ?? defaultCustomerSearchAttributes;
  return new AndFilter({
    filters: [
      FilterParser.parseString(mapping.customerFilter),
      new OrFilter({ filters: attributes.map((attribute) => new SubstringFilter({ attribute, any: [query] })) }),
    ],
  });
}

/** Null when the id cannot be an id of this directory (then nothing is asked). */
export function idFilter(mapping: DirectoryMapping, id: string): Filter | null {
  if (!isBinaryGuidAttribute(mapping.idAttribute)) return new EqualityFilter({ attribute: mapping.idAttribute, value: id });
  const bytes = guidToBytes(id);
  return bytes ? new EqualityFilter({ attribute: mapping.idAttribute, value: bytes }) : null;
}

export function memberFilter(mapping: DirectoryMapping, dn: string): Filter {
  return new AndFilter({
    filters: [FilterParser.parseString(mapping.groupFilter), new EqualityFilter({ attribute: mapping.memberAttribute, value: dn })],
  });
}

/** Every entry the login filter could find, whatever the user name: the people who can sign in. */
export function anyUserFilter(mapping: DirectoryMapping): Filter {
  return FilterParser.parseString(mapping.userFilter.replaceAll('{username}', '*'));
}

/** Groups whose cn is one of `names` (values escaped as filter objects). */
export function groupsNamedFilter(mapping: DirectoryMapping, names: readonly string[]): Filter {
  return new AndFilter({
    filters: [FilterParser.parseString(mapping.groupFilter), new OrFilter({ filters: names.map((value) => new EqualityFilter({ attribute: 'cn', value })) })],
  });
}

/**
 * People who can sign in and whose naming value is that of one of `dns` (a DN cannot be searched
 * for; its first RDN can). The caller keeps only entries whose DN is one of them.
 */
export function peopleNamedFilter(mapping: DirectoryMapping, dns: readonly string[]): Filter {
  const byRdn = dns.flatMap((dn) => {
    try {
      const ava = parseDn(dn)[0]?.[0];
      return ava ? [new EqualityFilter({ attribute: ava.type, value: ava.value })] : [];
    } catch (error) {
      if (error instanceof DnSyntaxError) return [];
      throw error;
    }
  });
  return new AndFilter({ filters: [anyUserFilter(mapping), new OrFilter({ filters: byRdn })] });
}

/** Refuses configured filters that do not parse, at start-up rather than at the first login. */
export function checkMappingFilters(mapping: DirectoryMapping): void {
  if (!mapping.userFilter.includes('{username}')) throw new DirectoryConfigError('userFilter must contain {username}');
  const shape = institutionShapeOf(mapping);
  const filters: [name: string, filter: string][] = [['userFilter', mapping.userFilter.replaceAll('{username}', 'x')], ['customerFilter', mapping.customerFilter], ['groupFilter', mapping.groupFilter]];
  if (shape.kind === 'parent') filters.push(['institution.filter', shape.filter]);
  for (const [name, filter] of filters) {
    try {
      FilterParser.parseString(filter);
    } catch (error) {
      throw new DirectoryConfigError(`${name} is not a valid LDAP filter: ${filter}`, { cause: error });
    }
  }
}
