import { FilterParser } from 'ldapts';
import type { CustomerUser, Institution } from '../../domain/people.js';
import { isCustomerDn } from './bases.js';
import { type DirectoryMapping, institutionShapeOf } from './config.js';
import { normaliseDn, normalisedDnOrNull } from './dn.js';
import type { EntrySource } from './entry-source.js';
import { type InstitutionOutcome, InstitutionResolver } from './institutions.js';
import { type DirectoryRecord, customerAttributes, customerLanguageOf, institutionAttributes, toCustomer, toPerson } from './records.js';
import type { CustomerDirectory, CustomerLanguage, SkippedEntry } from './types.js';

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function dnKey(dn: string): string {
  return normalisedDnOrNull(dn) ?? dn;
}

/** Skipped entries in an order that does not depend on how the directory spells or returns DNs. */
function bySkippedDn(a: SkippedEntry, b: SkippedEntry): number {
  const [left, right] = [dnKey(a.dn), dnKey(b.dn)];
  return left < right ? -1 : left > right ? 1 : a.problem < b.problem ? -1 : a.problem > b.problem ? 1 : 0;
}

/** The spelling most entries use; a tie goes to the first in code-unit order, so that every run picks the same. */
function preferredSpelling(spellings: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [name, count] of spellings) {
    if (count > bestCount || (count === bestCount && name < best)) [best, bestCount] = [name, count];
  }
  return best;
}

/**
 * One reading of the customer side of the directory: institutions as the configured shape
 * defines them, then every customer user with their institution. A fresh resolver per listing,
 * so that each institution entry is read once and a rename shows in the next listing.
 */
class CustomerListing {
  private readonly resolver: InstitutionResolver;
  private readonly spellings = new Map<string, Map<string, number>>();
  private readonly customers: { dn: string; customer: CustomerUser; language: CustomerLanguage | null }[] = [];
  private readonly skipped: SkippedEntry[] = [];

  constructor(
    private readonly source: EntrySource,
    private readonly mapping: DirectoryMapping,
  ) {
    this.resolver = new InstitutionResolver(mapping, (dn, attributes) => source.readEntry(dn, attributes));
  }

  /** In the parent shape an institution exists as an entry even before it has customers. */
  async readInstitutionEntries(): Promise<void> {
    const shape = institutionShapeOf(this.mapping);
    if (shape.kind !== 'parent') return;
    const base = normaliseDn(this.mapping.customersBase);
    const records = await this.source.searchAll(this.mapping.customersBase, FilterParser.parseString(shape.filter), institutionAttributes(this.mapping));
    for (const record of records) {
      if (dnKey(record.dn) === base || !isCustomerDn(this.mapping, record.dn)) continue;
      this.count(record.dn, this.resolver.remember(record));
    }
  }

  async readCustomers(): Promise<void> {
    const filter = FilterParser.parseString(this.mapping.customerFilter);
    const records = await this.source.searchAll(this.mapping.customersBase, filter, customerAttributes(this.mapping));
    for (const record of records) {
      // A person under a peopleBase inside customersBase is an agent, never a customer.
      if (isCustomerDn(this.mapping, record.dn)) await this.readCustomer(record);
    }
  }

  result(): CustomerDirectory {
    const institutions = new Map<string, Institution>();
    for (const [id, spellings] of this.spellings) institutions.set(id, { id, name: preferredSpelling(spellings) });
    const users = new Map<string, { dn: string; customer: CustomerUser; language: CustomerLanguage | null }[]>();
    for (const entry of this.customers) users.set(entry.customer.id, [...(users.get(entry.customer.id) ?? []), entry]);
    const customers: CustomerUser[] = [];
    const languages = new Map<string, CustomerLanguage>();
    for (const [id, entries] of users) {
      const [only, ...others] = entries;
      if (only && others.length === 0) {
        const institution = only.customer.institution ? (institutions.get(only.customer.institution.id) ?? null) : null;
        customers.push({ ...only.customer, institution });
        if (only.language !== null) languages.set(id, only.language);
        continue;
      }
      // Which of several entries is the person cannot be guessed; none of them is listed.
      for (const entry of entries) this.skipped.push({ dn: entry.dn, problem: `the id ${id} belongs to ${entries.length} entries` });
    }
    return { institutions: [...institutions.values()].sort(byId), customers: customers.sort(byId), languages, skipped: this.skipped.sort(bySkippedDn) };
  }

  private async readCustomer(record: DirectoryRecord): Promise<void> {
    const outcome = await this.resolver.resolve(record);
    if (!outcome.ok) {
      this.skipped.push({ dn: record.dn, problem: outcome.problem });
      return;
    }
    this.count(record.dn, outcome);
    const person = toPerson(record, this.mapping, outcome.institution);
    const customer = person.ok ? toCustomer(person.person) : null;
    if (customer) this.customers.push({ dn: record.dn, customer, language: customerLanguageOf(record, this.mapping) });
    else this.skipped.push({ dn: record.dn, problem: `not a usable customer user (${person.ok ? 'invalid customer record' : person.problem})` });
  }

  private count(dn: string, outcome: InstitutionOutcome): void {
    if (!outcome.ok) {
      this.skipped.push({ dn, problem: outcome.problem });
      return;
    }
    const { institution } = outcome;
    if (!institution) return;
    const spellings = this.spellings.get(institution.id) ?? new Map<string, number>();
    spellings.set(institution.name, (spellings.get(institution.name) ?? 0) + 1);
    this.spellings.set(institution.id, spellings);
  }
}

/** Every customer user and institution, the same way over LDAP and LDIF (both pass their entries in through `source`). */
export async function listCustomerDirectory(source: EntrySource, mapping: DirectoryMapping): Promise<CustomerDirectory> {
  const listing = new CustomerListing(source, mapping);
  await listing.readInstitutionEntries();
  await listing.readCustomers();
  return listing.result();
}
