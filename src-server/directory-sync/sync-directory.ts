import { performance } from 'node:perf_hooks';
import { DirectoryUnavailableError, type CustomerDirectory, type Directory, type GroupMember } from '../../src-shared/node/directory/types.js';
import type { RoleConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { mappedGroups, storeAgents } from './agents.js';
import { listedCustomers, storeCustomers } from './customers.js';
import type { DirectorySyncResult } from './report.js';

/** Held by the writing transaction of a sync: one instance writes at a time. */
export const directorySyncLockKey = 0x6b6f6473; // "kods"

/** Announced (on commit) by every sync that wrote: other instances postpone their next run. */
export const directorySyncedChannel = 'kontor_directory_synced';

/**
 * Reads the customer side of the directory and the members of every mapped group, then stores
 * institutions, customer users and agents by their stable ids in one transaction: new rows at
 * version 1, changed rows at the next version, rows the directory no longer lists invalid
 * (never deleted), each with a change row; unchanged rows are not touched. Everything is read
 * before anything is written, so a directory that fails half-way changes nothing. Database
 * failures throw.
 */
export async function syncDirectory(db: Database, directory: Directory, config: { roles: readonly RoleConfig[] }, now: () => Date): Promise<DirectorySyncResult> {
  const started = performance.now();
  let listing: CustomerDirectory;
  let members: GroupMember[];
  try {
    listing = await directory.listCustomerDirectory();
    members = await directory.listMembers(mappedGroups(config.roles));
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    return { ok: false, reason: 'directory-unavailable', message: `the directory could not be read, nothing was changed: ${error.message}` };
  }
  const customers = listedCustomers(listing);
  return db.transaction(async (tx) => {
    // Tried, not waited for: the instance holding it is writing the same directory right now.
    const lock = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [directorySyncLockKey]);
    if (lock.rows[0]?.got !== true) return { ok: false, reason: 'sync-in-progress', message: 'another Kontor Server instance is syncing the directory right now' };
    const stored = await storeCustomers(tx, customers);
    const agents = await storeAgents(tx, members, config.roles, now());
    await tx.query(`SELECT pg_notify('${directorySyncedChannel}', '')`);
    return {
      ok: true,
      institutions: stored.institutions,
      customers: stored.customers,
      agents: agents.counts,
      skipped: [...customers.skipped, ...agents.skipped],
      durationMs: performance.now() - started,
    };
  });
}
