import type { Filter } from 'ldapts';
import type { DirectoryRecord } from './records.js';

/**
 * What the listings of the whole directory need of an implementation: LDAP answers with paged
 * searches, the LDIF file from memory. The listings themselves are written once on top of it,
 * so that both implementations give the same results.
 */
export interface EntrySource {
  /** Every entry at or below `base` that matches `filter`, however many (LDAP pages through them); throws when the directory truncates the answer. */
  searchAll(base: string, filter: Filter, attributes: string[]): Promise<DirectoryRecord[]>;
  /** The entry at `dn` if it exists and matches `filter`, else null. */
  findAt(dn: string, filter: Filter, attributes: string[]): Promise<DirectoryRecord | null>;
  /** The entry at `dn` whatever it is, or null when it does not exist (or may not be read). */
  readEntry(dn: string, attributes: string[]): Promise<DirectoryRecord | null>;
}
