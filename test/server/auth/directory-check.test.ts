import { describe, expect, it } from 'vitest';
import { checkWithDirectory } from '../../../src-server/auth/directory-check.js';
import {
  DirectoryInputError,
  DirectoryUnavailableError,
  type AuthOutcome,
  type Directory,
  type DirectoryPerson,
} from '../../../src-shared/node/directory/types.js';

const peopleBase = 'ou=people,dc=kontor,dc=example';

function person(uid: string): DirectoryPerson {
  return { id: `id-${uid}`, dn: `uid=${uid},${peopleBase}`, username: uid, displayName: uid, email: null, phone: null, institution: null };
}

/** A directory that answers from a table and records every bind, to see what a login costs. */
function recordingDirectory(people: DirectoryPerson[], fail?: Error): Directory & { binds: string[] } {
  const binds: string[] = [];
  return {
    binds,
    authenticate(dn: string): Promise<AuthOutcome> {
      binds.push(dn);
      return Promise.resolve({ ok: false, reason: 'invalid-credentials', message: 'wrong' });
    },
    findByUsername(username: string) {
      return fail ? Promise.reject(fail) : Promise.resolve(people.filter((p) => p.username === username));
    },
    findById: () => Promise.resolve(null),
    searchCustomers: () => Promise.resolve({ customers: [], truncated: false }),
    groupsOf: () => Promise.resolve([]),
    listCustomerDirectory: () => Promise.resolve({ institutions: [], customers: [], skipped: [] }),
    listMembers: () => Promise.resolve([]),
    close: () => Promise.resolve(),
  };
}

const customersBase = 'ou=customers,dc=kontor,dc=example';
const decoy = { base: peopleBase, isCustomer: (dn: string) => dn.endsWith(`,${customersBase}`) };

describe('the directory half of a login', () => {
  it("never binds as a customer's entry: it answers as for an unknown name, after the decoy bind", async () => {
    const customer = { ...person('jsmith'), dn: `uid=jsmith,${customersBase}` };
    const directory = recordingDirectory([customer]);
    const verdict = await checkWithDirectory(directory, { username: 'jsmith', password: 'right' }, decoy);
    expect(verdict).toMatchObject({ ok: false, reason: 'invalid-credentials', reach: 'searched', matches: 1 });
    expect(directory.binds).toEqual([`cn=kontor-timing-decoy,${peopleBase}`]);
  });

  it('binds once for an unknown user, as for a known one, so that timing does not tell them apart', async () => {
    const directory = recordingDirectory([person('mmueller')]);
    const unknown = await checkWithDirectory(directory, { username: 'nobody', password: 'x' }, decoy);
    const wrong = await checkWithDirectory(directory, { username: 'mmueller', password: 'x' }, decoy);
    expect(unknown).toMatchObject({ ok: false, reason: 'invalid-credentials', reach: 'searched', matches: 0 });
    expect(wrong).toMatchObject({ ok: false, reason: 'invalid-credentials', reach: 'bound' });
    expect(directory.binds).toEqual([`cn=kontor-timing-decoy,${peopleBase}`, `uid=mmueller,${peopleBase}`]);
  });

  it('refuses an ambiguous user name without binding as any of the matches', async () => {
    const twin = { ...person('mmueller'), id: 'other', dn: `uid=mmueller,ou=elsewhere,dc=kontor,dc=example` };
    const directory = recordingDirectory([person('mmueller'), twin]);
    const verdict = await checkWithDirectory(directory, { username: 'mmueller', password: 'x' }, decoy);
    expect(verdict).toMatchObject({ ok: false, reason: 'invalid-credentials', matches: 2 });
    expect(directory.binds).toEqual([`cn=kontor-timing-decoy,${peopleBase}`]);
  });

  it('turns directory errors into typed verdicts', async () => {
    const down = await checkWithDirectory(recordingDirectory([], new DirectoryUnavailableError('connect ECONNREFUSED')), { username: 'a', password: 'x' }, decoy);
    expect(down).toMatchObject({ ok: false, reason: 'directory-unavailable', reach: 'not-contacted' });
    const unexpected = await checkWithDirectory(recordingDirectory([], new TypeError('boom')), { username: 'a', password: 'x' }, decoy);
    expect(unexpected).toMatchObject({ ok: false, reason: 'directory-unavailable' });
    const input = await checkWithDirectory(recordingDirectory([], new DirectoryInputError('NUL')), { username: 'a', password: 'x' }, decoy);
    expect(input).toMatchObject({ ok: false, reason: 'invalid-request' });
  });
});
