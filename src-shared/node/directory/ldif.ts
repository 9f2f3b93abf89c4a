import { readFileSync } from 'node:fs';
import type { Filter } from 'ldapts';
import type { CustomerUser, Institution } from '../../domain/people.js';
import { noPolicy, policyFrom, policyVerdict } from './account-state.js';
import { isCustomerDn } from './bases.js';
import type { DirectoryMapping, LdifDirectoryConfig } from './config.js';
import { listCustomerDirectory } from './customer-directory.js';
import { normaliseDn, normalisedDnOrNull, normalisedRdns } from './dn.js';
import type { EntrySource } from './entry-source.js';
import { matchesFilter } from './filter-match.js';
import { checkMappingFilters, customerSearchFilter, idFilter, memberFilter, userFilter } from './filters.js';
import { checkedCustomerQuery, checkedDn, checkedPassword, checkedUsername } from './input.js';
import { InstitutionResolver } from './institutions.js';
import { refused } from './ldap-authenticate.js';
import type { BindCredentials } from './ldap-connection.js';
import { parseLdif } from './ldif-parse.js';
import { listMembers } from './members.js';
import { verifyPassword } from './password-hash.js';
import { type DirectoryRecord, customerPage, isPlausibleId, toGroup, toPerson } from './records.js';
import {
  type AuthOutcome,
  type CustomerDirectory,
  type Directory,
  type DirectoryGroup,
  type DirectoryPerson,
  DirectoryConfigError,
  DirectoryUnavailableError,
  type GroupMember,
} from './types.js';

/** The record with only the attributes asked for, as LDAP returns it: a listing that forgot to ask for one fails here too. */
function only(record: DirectoryRecord, attributes: readonly string[]): DirectoryRecord {
  const asked = new Set(attributes.map((attribute) => attribute.toLowerCase()));
  return {
    dn: record.dn,
    text: (attribute) => (asked.has(attribute.toLowerCase()) ? record.text(attribute) : []),
    bytes: (attribute) => (asked.has(attribute.toLowerCase()) ? record.bytes(attribute) : []),
  };
}

/** An entry with what every search needs of its DN, worked out once when the file is read. */
interface IndexedRecord extends DirectoryRecord {
  /** The normalised DNs of the entry and of every entry above it, '' (the root) included. */
  ancestors: ReadonlySet<string>;
  /** Its institution, resolved on first use (the file does not change while it is served). */
  institution?: Promise<Institution | null>;
}

/** Every base a search could name and find this DN under: the same answer as `isWithin(dn, base)` for each. */
function ancestorsOf(dn: string): Set<string> {
  const rdns = normalisedRdns(dn);
  const ancestors = new Set<string>(['']);
  for (let index = 0; index < rdns.length; index += 1) ancestors.add(rdns.slice(index).join(','));
  return ancestors;
}

/**
 * The demo directory of the embedded default: the same interface, search semantics, ordering,
 * password-policy reasons and input checks as LdapDirectory, over entries read from an LDIF file.
 */
export class LdifDirectory implements Directory {
  private readonly records: IndexedRecord[];
  private readonly byDn = new Map<string, IndexedRecord>();
  private readonly institutions: InstitutionResolver;
  private credentialsChecked: Promise<void> | null = null;

  /** What the listings read through: the whole file is one page. */
  private readonly entries: EntrySource = {
    searchAll: (base, filter, attributes) => Promise.resolve(this.search(base, filter, 0).map((record) => only(record, attributes))),
    findAt: (dn, filter, attributes) => {
      const record = this.entry(dn);
      return Promise.resolve(record && matchesFilter(record, filter) ? only(record, attributes) : null);
    },
    readEntry: (dn, attributes) => {
      const record = this.entry(dn);
      return Promise.resolve(record ? only(record, attributes) : null);
    },
  };

  static fromFile(config: LdifDirectoryConfig, credentials?: BindCredentials): LdifDirectory {
    let text: string;
    try {
      text = readFileSync(config.file, 'utf8');
    } catch (error) {
      throw new DirectoryConfigError(`cannot read the directory file ${config.file}`, { cause: error });
    }
    try {
      return new LdifDirectory(config.mapping, text, credentials);
    } catch (error) {
      throw new DirectoryConfigError(`${config.file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  constructor(
    private readonly mapping: DirectoryMapping,
    ldifText: string,
    private readonly credentials?: BindCredentials,
    private readonly now: () => number = Date.now,
  ) {
    checkMappingFilters(mapping);
    this.records = parseLdif(ldifText).map(({ dn, attributes }) => ({
      dn,
      text: (attribute) => (attributes.get(attribute.toLowerCase()) ?? []).map((value) => value.toString('utf8')),
      bytes: (attribute) => attributes.get(attribute.toLowerCase()) ?? [],
      ancestors: ancestorsOf(dn),
    }));
    for (const record of this.records) this.byDn.set(normaliseDn(record.dn), record);
    this.institutions = new InstitutionResolver(mapping, (dn) => Promise.resolve(this.entry(dn)));
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- async so that input errors reject like LDAP's
  async authenticate(dn: string, password: string): Promise<AuthOutcome> {
    return this.check(dn, password);
  }

  async findByUsername(username: string): Promise<DirectoryPerson[]> {
    const normalised = checkedUsername(username);
    await this.ready();
    if (normalised === '') return [];
    return Promise.all(this.search(this.mapping.baseDn, userFilter(this.mapping, normalised), 10).map((record) => this.person(record)));
  }

  async findById(id: string): Promise<DirectoryPerson | null> {
    checkedDn(id);
    await this.ready();
    const filter = isPlausibleId(this.mapping, id) ? idFilter(this.mapping, id) : null;
    const [record] = filter ? this.search(this.mapping.baseDn, filter, 2) : [];
    return record ? this.person(record) : null;
  }

  async searchCustomers(query: string, limit: number): Promise<{ customers: CustomerUser[]; truncated: boolean }> {
    const text = checkedCustomerQuery(query, limit);
    await this.ready();
    if (text === '') return { customers: [], truncated: false };
    const records = this.search(this.mapping.customersBase, customerSearchFilter(this.mapping, text), limit + 1);
    return customerPage(records, this.mapping, limit, (record) => this.institutionOf(record));
  }

  async groupsOf(dn: string): Promise<DirectoryGroup[]> {
    checkedDn(dn);
    await this.ready();
    return this.search(this.mapping.groupsBase, memberFilter(this.mapping, dn), 0)
      .flatMap((record) => toGroup(record) ?? [])
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async listCustomerDirectory(): Promise<CustomerDirectory> {
    await this.ready();
    return listCustomerDirectory(this.entries, this.mapping);
  }

  async listMembers(groupNames: readonly string[]): Promise<GroupMember[]> {
    await this.ready();
    return listMembers(this.entries, this.mapping, groupNames);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private check(dn: string, password: string): AuthOutcome {
    if (password === '') return refused('empty-password');
    checkedDn(dn);
    checkedPassword(password);
    const entry = this.entry(dn);
    if (!entry) return refused('invalid-credentials');
    const first = (record: DirectoryRecord, attribute: string): string | undefined => record.text(attribute)[0];
    const policyDn = first(entry, 'pwdPolicySubentry') ?? this.mapping.defaultPolicyDn;
    const policyEntry = policyDn ? this.entry(policyDn) : null;
    const policy = policyEntry
      ? policyFrom({ pwdMaxAge: first(policyEntry, 'pwdMaxAge'), pwdLockout: first(policyEntry, 'pwdLockout'), pwdLockoutDuration: first(policyEntry, 'pwdLockoutDuration') })
      : noPolicy;
    // As with LDAP, a locked or expired account is reported as such whatever password was typed.
    const verdict = policyVerdict({ pwdAccountLockedTime: first(entry, 'pwdAccountLockedTime') ?? null, pwdChangedTime: first(entry, 'pwdChangedTime') ?? null }, policy, this.now());
    if (verdict) return refused(verdict);
    return entry.text('userPassword').some((stored) => verifyPassword(password, stored)) ? { ok: true } : refused('invalid-credentials');
  }

  /** Look-ups run "bound" like LDAP's kept connection: with wrong credentials they fail the same way. */
  private ready(): Promise<void> {
    const credentials = this.credentials;
    if (!credentials) return Promise.resolve();
    this.credentialsChecked ??= Promise.resolve().then(() => {
      if (!this.check(credentials.dn, credentials.password).ok) throw new DirectoryUnavailableError('the directory refused the configured credentials');
    });
    return this.credentialsChecked;
  }

  private entry(dn: string): IndexedRecord | null {
    const key = normalisedDnOrNull(dn);
    return key === null ? null : (this.byDn.get(key) ?? null);
  }

  private search(base: string, filter: Filter, sizeLimit: number): IndexedRecord[] {
    const found: IndexedRecord[] = [];
    if (this.records.length === 0) return found;
    // Parsed once per search, not once per entry; an invalid base throws as isWithin would.
    const baseKey = normaliseDn(base);
    for (const record of this.records) {
      if (!record.ancestors.has(baseKey) || !matchesFilter(record, filter)) continue;
      found.push(record);
      if (sizeLimit > 0 && found.length >= sizeLimit) break;
    }
    return found;
  }

  private institutionOf(record: IndexedRecord): Promise<Institution | null> {
    record.institution ??= this.institutions.of(record).catch((error: unknown) => {
      delete record.institution;
      throw error;
    });
    return record.institution;
  }

  private async person(record: IndexedRecord): Promise<DirectoryPerson> {
    const institution = isCustomerDn(this.mapping, record.dn) ? await this.institutionOf(record) : null;
    const result = toPerson(record, this.mapping, institution);
    if (!result.ok) throw new DirectoryUnavailableError(`the directory entry ${record.dn} is not a usable person (${result.problem})`);
    return result.person;
  }
}
