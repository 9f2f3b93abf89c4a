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
  close(): Promise<void>;
}
