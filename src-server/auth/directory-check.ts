import { rdn } from '../../src-shared/node/directory/dn.js';
import {
  DirectoryInputError,
  type AuthFailureReason,
  type Directory,
  type DirectoryGroup,
  type DirectoryPerson,
} from '../../src-shared/node/directory/types.js';

/** The last directory step a login attempted (`bound`: a bind was tried); written to the audit log. */
export type DirectoryReach = 'not-contacted' | 'searched' | 'bound';

export type DirectoryVerdict =
  | { ok: true; person: DirectoryPerson; groups: DirectoryGroup[] }
  | {
      ok: false;
      reason: AuthFailureReason | 'invalid-request';
      reach: DirectoryReach;
      matches?: number;
      person?: DirectoryPerson;
      error?: unknown;
    };

/**
 * The directory half of a login: search with the service account (exactly one match), bind
 * as that DN, read the groups. Every error of the directory becomes a verdict here, so that a
 * database error elsewhere is never mistaken for a directory outage.
 */
export async function checkWithDirectory(
  directory: Directory,
  login: { username: string; password: string },
  decoy: { base: string; isCustomer: (dn: string) => boolean },
): Promise<DirectoryVerdict> {
  let reach: DirectoryReach = 'not-contacted';
  try {
    const candidates = login.username === '' ? [] : await directory.findByUsername(login.username);
    reach = 'searched';
    const [person] = candidates;
    // A customer's entry is never bound from the Desk's sign-in (nor an agent's from the portal's):
    // each password is tried behind one throttle realm only, and a customer's answer is an unknown name's.
    if (candidates.length !== 1 || !person || decoy.isCustomer(person.dn)) {
      await bindDecoy(directory, decoy.base, login.password);
      return { ok: false, reason: 'invalid-credentials', reach, matches: candidates.length };
    }
    const outcome = await directory.authenticate(person.dn, login.password);
    reach = 'bound';
    if (!outcome.ok) return { ok: false, reason: outcome.reason, reach, person };
    const groups = await directory.groupsOf(person.dn);
    return { ok: true, person, groups };
  } catch (error) {
    if (error instanceof DirectoryInputError) return { ok: false, reason: 'invalid-request', reach, error };
    return { ok: false, reason: 'directory-unavailable', reach, error };
  }
}

/**
 * An unknown user name costs one bind like a known one, against a DN that does not exist, so
 * that the answer time does not tell which user names exist. The outcome is ignored.
 */
async function bindDecoy(directory: Directory, base: string, password: string): Promise<void> {
  try {
    await directory.authenticate(`${rdn('cn', 'kontor-timing-decoy')},${base}`, password);
  } catch {
    // The verdict is "invalid credentials" whatever happens here.
  }
}
