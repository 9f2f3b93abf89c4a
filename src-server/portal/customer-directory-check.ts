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
 * to agents), bound as that DN. An agent's account is bound too, so that only its owner learns
 * it is not a customer's; a wrong password gets the same answer as everywhere else.
 */
export async function checkCustomerWithDirectory(directory: Directory, mapping: DirectoryMapping, login: { username: string; password: string }): Promise<CustomerVerdict> {
  let reach: DirectoryReach = 'not-contacted';
  try {
    const candidates = login.username === '' ? [] : await directory.findByUsername(login.username);
    reach = 'searched';
    const customers = candidates.filter((candidate) => isCustomerDn(mapping, candidate.dn));
    const [person] = customers.length === 1 ? customers : candidates.length === 1 ? candidates : [];
    if (!person) {
      await bindDecoy(directory, mapping.customersBase, login.password);
      return { ok: false, reason: 'invalid-credentials', reach, matches: customers.length };
    }
    const outcome = await directory.authenticate(person.dn, login.password);
    reach = 'bound';
    if (!outcome.ok) return { ok: false, reason: outcome.reason, reach, person };
    if (customers.length !== 1) return { ok: false, reason: 'not-a-customer', reach, person };
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
