import type { CustomerUser, Institution } from '../../domain/people.js';

/** A person as the directory knows them. */
export interface DirectoryPerson {
  id: string;
  dn: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  institution: Institution | null;
}

export interface DirectoryGroup {
  dn: string;
  name: string;
}

/** An entry a listing left out, and why (shown to operators; never fails the whole listing). */
export interface SkippedEntry {
  dn: string;
  problem: string;
}

/** A language customer mails are written in. */
export type CustomerLanguage = 'de' | 'en';

/** Every customer user and institution of the directory, sorted by id. */
export interface CustomerDirectory {
  institutions: Institution[];
  customers: CustomerUser[];
  /**
   * The language of each listed customer user whose entry names one Kontor writes in (the
   * mapping's `languageAttribute`), by id; absent or missing an id: none (German mail). Apart
   * from `customers`, because a customer user as the Desk knows them has no language.
   */
  languages?: ReadonlyMap<string, CustomerLanguage>;
  skipped: SkippedEntry[];
}

/** A person under peopleBase with the asked-for groups they are a member of. */
export interface GroupMember {
  person: DirectoryPerson;
  groups: DirectoryGroup[];
}

export type AuthFailureReason =
  | 'invalid-credentials'
  | 'empty-password'
  | 'password-expired'
  | 'account-locked'
  | 'account-disabled'
  | 'directory-unavailable';

export type AuthOutcome = { ok: true } | { ok: false; reason: AuthFailureReason; message: string };

/** Thrown when the directory cannot be reached or answers with something unusable. */
export class DirectoryUnavailableError extends Error {
  readonly reason = 'directory-unavailable';
}

/** Thrown when a directory configuration is unsafe or unusable (plain ldap:// without StartTLS, unreadable CA file). */
export class DirectoryConfigError extends Error {}

/** Thrown for input the directory must not see (NUL bytes, oversized text). */
export class DirectoryInputError extends Error {
  readonly reason = 'invalid-input';
}

/**
 * One interface over LDAP and the demo LDIF. A service-account instance finds people; a
 * person's own session (after `authenticate`) looks things up under that person's rights.
 */
export interface Directory {
  /** Binds as `dn` with `password` and reports why it failed; an empty password never reaches the wire. */
  authenticate(dn: string, password: string): Promise<AuthOutcome>;
  /** Every entry the configured user filter matches for this (normalised) user name. */
  findByUsername(username: string): Promise<DirectoryPerson[]>;
  findById(id: string): Promise<DirectoryPerson | null>;
  /** Customer users whose name, user name or e-mail contains the query, at most `limit`. */
  searchCustomers(query: string, limit: number): Promise<{ customers: CustomerUser[]; truncated: boolean }>;
  groupsOf(dn: string): Promise<DirectoryGroup[]>;
  /**
   * Every customer user below customersBase with their institution, and every institution there
   * is, for the server's scheduled sync. Entries that make no valid record are skipped with a
   * reason; an answer the directory cut short fails the whole call (DirectoryUnavailableError).
   */
  listCustomerDirectory(): Promise<CustomerDirectory>;
  /** The people under peopleBase (never customers) in any of the groups named (cn or DN, any case), each with those of their groups; by id. */
  listMembers(groupNames: readonly string[]): Promise<GroupMember[]>;
  close(): Promise<void>;
}
