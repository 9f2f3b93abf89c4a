import { type Client, type Entry, type Filter, InvalidDNSyntaxError, NoSuchObjectError, ResultCodeError, SizeLimitExceededError } from 'ldapts';
import type { CustomerUser } from '../../domain/people.js';
import { isCustomerDn } from './bases.js';
import { authenticateOverLdap } from './ldap-authenticate.js';
import type { LdapDirectoryConfig } from './config.js';
import { listCustomerDirectory } from './customer-directory.js';
import type { EntrySource } from './entry-source.js';
import { checkMappingFilters, customerSearchFilter, idFilter, memberFilter, userFilter } from './filters.js';
import { checkedCustomerQuery, checkedDn, checkedUsername } from './input.js';
import { type BindCredentials, type LdapTransport, ldapTransport, unavailable } from './ldap-connection.js';
import { InstitutionResolver } from './institutions.js';
import { LdapSession } from './ldap-session.js';
import { listMembers } from './members.js';
import { type DirectoryRecord, customerPage, isBinaryGuidAttribute, isPlausibleId, personAttributes, toGroup, toPerson } from './records.js';
import { type AuthOutcome, type CustomerDirectory, type Directory, type DirectoryGroup, type DirectoryPerson, DirectoryUnavailableError, type GroupMember } from './types.js';

/** At most this many entries for one user name: more means the user filter is wrong, not that we should page. */
const maxLoginCandidates = 10;

/** Entries per page of a listing: below Active Directory's MaxPageSize (1,000) and OpenLDAP's default size limit (500). */
export const listingPageSize = 500;

/** An ldapts entry seen through the DirectoryRecord interface (attribute names case-insensitive). */
export function ldapRecord(entry: Entry): DirectoryRecord {
  const byName = new Map<string, Buffer[] | string[]>();
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const values = Array.isArray(value) ? value : [value];
    byName.set(name.toLowerCase(), values as Buffer[] | string[]);
  }
  const raw = (attribute: string): (Buffer | string)[] => byName.get(attribute.toLowerCase()) ?? [];
  return {
    dn: entry.dn,
    text: (attribute) => raw(attribute).map((value) => (typeof value === 'string' ? value : value.toString('utf8'))),
    bytes: (attribute) => raw(attribute).map((value) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value)),
  };
}

interface SearchShape {
  scope?: 'base' | 'sub';
  sizeLimit?: number;
  paged?: boolean;
}

/** The directory over LDAP (OpenLDAP, Active Directory) through ldapts. */
export class LdapDirectory implements Directory {
  private readonly transport: LdapTransport;
  private readonly session: LdapSession;
  private readonly institutions: InstitutionResolver;

  constructor(
    private readonly config: LdapDirectoryConfig,
    credentials?: BindCredentials,
  ) {
    checkMappingFilters(config.mapping);
    this.transport = ldapTransport(config);
    this.session = new LdapSession(this.transport, credentials);
    this.institutions = new InstitutionResolver(config.mapping, (dn, attributes) => this.readEntry(dn, attributes));
  }

  /** What the listings read through: paged searches on the kept connection. */
  private readonly entries: EntrySource = {
    searchAll: (base, filter, attributes) => this.search(base, filter, attributes, { paged: true }),
    findAt: async (dn, filter, attributes) => {
      try {
        const [record] = await this.search(dn, filter, attributes, { scope: 'base' });
        return record ?? null;
      } catch (error) {
        if (error instanceof DirectoryUnavailableError && (error.cause instanceof NoSuchObjectError || error.cause instanceof InvalidDNSyntaxError)) return null;
        throw error;
      }
    },
    readEntry: (dn, attributes) => this.readEntry(dn, attributes),
  };

  authenticate(dn: string, password: string): Promise<AuthOutcome> {
    return authenticateOverLdap({ transport: this.transport, mapping: this.config.mapping, readEntry: (entryDn, attributes) => this.readEntry(entryDn, attributes) }, dn, password);
  }

  async findByUsername(username: string): Promise<DirectoryPerson[]> {
    const normalised = checkedUsername(username);
    if (normalised === '') return [];
    const records = await this.search(this.config.mapping.baseDn, userFilter(this.config.mapping, normalised), personAttributes(this.config.mapping), { sizeLimit: maxLoginCandidates });
    return Promise.all(records.map((record) => this.person(record)));
  }

  async findById(id: string): Promise<DirectoryPerson | null> {
    checkedDn(id);
    const filter = isPlausibleId(this.config.mapping, id) ? idFilter(this.config.mapping, id) : null;
    if (!filter) return null;
    const [record] = await this.search(this.config.mapping.baseDn, filter, personAttributes(this.config.mapping), { sizeLimit: 2 });
    return record ? this.person(record) : null;
  }

  async searchCustomers(query: string, limit: number): Promise<{ customers: CustomerUser[]; truncated: boolean }> {
    const text = checkedCustomerQuery(query, limit);
    if (text === '') return { customers: [], truncated: false };
    const { mapping } = this.config;
    const records = await this.search(mapping.customersBase, customerSearchFilter(mapping, text), personAttributes(mapping), { sizeLimit: limit + 1 });
    return customerPage(records, mapping, limit, (record) => this.institutions.of(record));
  }

  async groupsOf(dn: string): Promise<DirectoryGroup[]> {
    checkedDn(dn);
    const { mapping } = this.config;
    const records = await this.search(mapping.groupsBase, memberFilter(mapping, dn), ['cn'], { paged: true });
    return records.flatMap((record) => toGroup(record) ?? []).sort((a, b) => a.name.localeCompare(b.name));
  }

  listCustomerDirectory(): Promise<CustomerDirectory> {
    return listCustomerDirectory(this.entries, this.config.mapping);
  }

  listMembers(groupNames: readonly string[]): Promise<GroupMember[]> {
    return listMembers(this.entries, this.config.mapping, groupNames);
  }

  close(): Promise<void> {
    return this.session.close();
  }

  private async person(record: DirectoryRecord): Promise<DirectoryPerson> {
    const institution = isCustomerDn(this.config.mapping, record.dn) ? await this.institutions.of(record) : null;
    const result = toPerson(record, this.config.mapping, institution);
    if (!result.ok) throw new DirectoryUnavailableError(`the directory entry ${record.dn} is not a usable person (${result.problem})`);
    return result.person;
  }

  /**
   * A search on the kept connection. With `sizeLimit` a longer answer is cut to it (look-ups ask
   * for one more than they show); without one, a server that cuts the answer short fails the
   * search, so that a listing is never mistaken for the whole directory.
   */
  private async search(base: string, filter: Filter, attributes: string[], options: SearchShape): Promise<DirectoryRecord[]> {
    const explicitBufferAttributes = attributes.filter(isBinaryGuidAttribute);
    const timeLimit = Math.ceil(this.config.timeoutMs / 1000);
    const { scope = 'sub', sizeLimit = 0, paged = false } = options;
    try {
      return await this.ask(async (client) => {
        const { searchEntries } = await client.search(base, {
          scope, filter, attributes, sizeLimit, timeLimit, explicitBufferAttributes, ...(paged ? { paged: { pageSize: listingPageSize } } : {}),
        });
        return searchEntries.map(ldapRecord);
      });
    } catch (error) {
      if (error instanceof NoSuchObjectError || error instanceof InvalidDNSyntaxError) throw unavailable(error, `the search base ${base} does not exist`);
      if (error instanceof DirectoryUnavailableError && error.cause instanceof SizeLimitExceededError) {
        throw unavailable(error.cause, `the directory cut the answer for ${base} short (its size limit for the service account; see "Directory shapes" in docs/server.md)`);
      }
      throw error;
    }
  }

  /** One entry by DN, or null when it does not exist (or may not be read). */
  private async readEntry(dn: string, attributes: string[]): Promise<DirectoryRecord | null> {
    const explicitBufferAttributes = attributes.filter(isBinaryGuidAttribute);
    try {
      return await this.ask(async (client) => {
        const { searchEntries } = await client.search(dn, { scope: 'base', attributes, explicitBufferAttributes });
        const [entry] = searchEntries;
        return entry ? ldapRecord(entry) : null;
      });
    } catch (error) {
      if (error instanceof NoSuchObjectError || error instanceof InvalidDNSyntaxError) return null;
      throw error;
    }
  }

  /** Runs on the kept connection; every failure but "no such entry" becomes DirectoryUnavailableError. */
  private async ask<T>(operation: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await this.session.run(operation);
    } catch (error) {
      if (error instanceof NoSuchObjectError || error instanceof InvalidDNSyntaxError || error instanceof DirectoryUnavailableError) throw error;
      throw unavailable(error, error instanceof ResultCodeError ? 'the directory refused the request' : 'the directory failed');
    }
  }
}
