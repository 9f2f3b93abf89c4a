import type { DirectoryMapping } from './config.js';
import { DnSyntaxError, normalisedRdns, rdnsWithin } from './dn.js';

/** The configured bases split once per mapping: listings ask this for every entry. */
const splitBases = new WeakMap<DirectoryMapping, { people: string[]; customers: string[] }>();

function basesOf(mapping: DirectoryMapping): { people: string[]; customers: string[] } {
  let bases = splitBases.get(mapping);
  if (!bases) splitBases.set(mapping, (bases = { people: normalisedRdns(mapping.peopleBase), customers: normalisedRdns(mapping.customersBase) }));
  return bases;
}

/**
 * Which of the configured subtrees an entry belongs to. When one base lies inside the other
 * (people inside a customers base that is the whole tree, or the reverse), the deeper base wins,
 * so that nobody is both an agent and a customer; the same base for both means customers.
 */
export function subtreeOf(mapping: DirectoryMapping, dn: string): 'people' | 'customers' | null {
  let rdns: string[];
  try {
    rdns = normalisedRdns(dn);
  } catch (error) {
    if (error instanceof DnSyntaxError) return null;
    throw error;
  }
  const { people, customers } = basesOf(mapping);
  const inCustomers = rdnsWithin(rdns, customers);
  const inPeople = rdnsWithin(rdns, people);
  if (inCustomers && inPeople) return people.length > customers.length ? 'people' : 'customers';
  if (inCustomers) return 'customers';
  return inPeople ? 'people' : null;
}

export const isCustomerDn = (mapping: DirectoryMapping, dn: string): boolean => subtreeOf(mapping, dn) === 'customers';
export const isPeopleDn = (mapping: DirectoryMapping, dn: string): boolean => subtreeOf(mapping, dn) === 'people';
