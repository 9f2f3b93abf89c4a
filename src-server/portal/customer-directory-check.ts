import { isCustomerDn } from '../../src-shared/node/directory/bases.js';
import type { DirectoryMapping } from '../../src-shared/node/directory/config.js';
import { rdn } from '../../src-shared/node/directory/dn.js';
import { DirectoryInputError, type AuthFailureReason, type Directory, type DirectoryPerson } from '../../src-shared/node/directory/types.js';
import type { DirectoryReach } from '../auth/directory-check.js';

export type CustomerVerdict =
  | { ok: true; person: DirectoryPerson }
  | {
      ok: false;
      reason: AuthFailureReason | 'not-a-customer' | 'invalid-request';
      reach: DirectoryReach;
      matches?: number;
      person?: DirectoryPerson;
      error?: unknown;
    };

/**
 * The directory half of a customer's sign-in: the one entry of that user name below
 * customersBase (the same subtree rule as the directory sync: a peopleBase inside it belongs
 * to agents), bound as that DN. Any other account (an agent's) is never bound from here: it
 * costs the decoy bind of an unknown name and gets the same answer, so that the portal, which the
 * client institutions reach, cannot be used to guess an agent's password beside the Desk's
 * own throttle (the portal counts failures in the customers' realm).
 */
export async function checkCustomerWithDirectory(directory: Directory, mapping: DirectoryMapping, login: { username: string; password: string }): Promise<CustomerVerdict> {
  let reach: DirectoryReach = 'not-contacted';
  try {
    const candidates = login.username === '' ? [] : await directory.findByUsername(login.username);
    reach = 'searched';
    const customers = candidates.filter((candidate) => isCustomerDn(mapping, candidate.dn));
    const [person] = customers.length === 1 ? customers : [];
    if (!person) {
      await bindDecoy(directory, mapping.customersBase, login.password);
      return { ok: false, reason: 'invalid-credentials', reach, matches: customers.length };
    }
    const outcome = await directory.authenticate(person.dn, login.password);
    reach = 'bound';
    if (!outcome.ok) return { ok: false, reason: outcome.reason, reach, person };
    return { ok: true, person };
  } catch (error) {
    if (error instanceof DirectoryInputError) return { ok: false, reason: 'invalid-request', reach, error };
    return { ok: false, reason: 'directory-unavailable', reach, error };
  }
}

/** An unknown user name costs one bind like a known one (see auth/directory-check.ts). */
async function bindDecoy(directory: Directory, base: string, password: string): Promise<void> {
  try {
    await directory.authenticate(`${rdn('cn', 'kontor-timing-decoy')},${base}`, password);
  } catch {
    // The verdict is "invalid credentials" whatever happens here.
  }
}
