import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../../../src-shared/node/demo-directory.js';
import { dnEquals } from '../../../../src-shared/node/directory/dn.js';
import { type Directory, DirectoryInputError } from '../../../../src-shared/node/directory/types.js';
import { testCustomers, testInstitutions, testUsers } from '../../../harness/directory.js';

const customersOf = (key: keyof typeof testInstitutions): string[] =>
  testCustomers.filter((customer) => customer.institution.key === key).map((customer) => customer.username).sort();

/**
 * What every Directory must do on the generated demo directory, whether it is served by slapd
 * or read from the LDIF file: the same people, the same reasons, the same refusals.
 */
export function describeDirectoryBehaviour(name: string, open: () => Promise<Directory> | Directory): void {
  describe(`${name}: behaviour every directory shares`, () => {
    let directory: Directory;
    beforeAll(async () => {
      directory = await open();
    });
    afterAll(async () => {
      await directory.close();
    });

    describe('findByUsername', () => {
      it('finds a person by the normalised user name', async () => {
        const [person, ...others] = await directory.findByUsername('  MMueller ');
        expect(others).toEqual([]);
        expect(person).toMatchObject({ id: testUsers.mmueller.id, username: 'mmueller', displayName: 'Maria Müller', email: testUsers.mmueller.email, institution: null });
        expect(dnEquals(person?.dn ?? '', testUsers.mmueller.dn)).toBe(true);
      });

      it('finds the person whose DN holds a comma and differs from the user name', async () => {
        const [person] = await directory.findByUsername('hmeier');
        expect(person?.id).toBe(testUsers.hmeier.id);
        expect(dnEquals(person?.dn ?? '', 'cn=Meier\\, Hans,ou=people,dc=kontor,dc=example')).toBe(true);
      });

      it('reads accents and apostrophes intact', async () => {
        const [person] = await directory.findByUsername('sobrien');
        expect(person?.displayName).toBe("Seán O'Brien");
      });

      it('gives a customer user their institution', async () => {
        const [person] = await directory.findByUsername('soconnor');
        expect(person?.institution).toEqual({ id: testInstitutions.globex.id, name: 'Globex (Europe) *Ltd*' });
      });

      it.each(['*', 'mm*', '*)(uid=*', '\\', 'nobody'])('finds nobody for %j (wildcards are literal)', async (username) => {
        expect(await directory.findByUsername(username)).toEqual([]);
      });

      it('refuses NUL bytes and oversized names before asking', async () => {
        await expect(directory.findByUsername('mmueller\0')).rejects.toBeInstanceOf(DirectoryInputError);
        await expect(directory.findByUsername('m'.repeat(10_000))).rejects.toBeInstanceOf(DirectoryInputError);
      });
    });

    describe('findById', () => {
      it('finds people and customers by their stable id', async () => {
        expect((await directory.findById(testUsers.kraus.id))?.username).toBe('extern.kraus');
        const jloewe = testCustomers.find((customer) => customer.username === 'jloewe');
        expect(await directory.findById(jloewe?.id ?? '')).toMatchObject({ displayName: 'Jürgen Löwe', institution: { id: testInstitutions.loewe.id, name: 'Bankhaus Löwe & Söhne KG' } });
      });

      it.each(['00000000-0000-5000-8000-000000000000', 'not-a-uuid', '*', ''])('finds nobody for %j', async (id) => {
        expect(await directory.findById(id)).toBeNull();
      });
    });

    describe('authenticate', () => {
      it.each([
        ['the right password', testUsers.mmueller.dn, demoPassword, { ok: true }],
        ['the DN with a comma', testUsers.hmeier.dn, demoPassword, { ok: true }],
        ['the DN with an accent', testUsers.sobrien.dn, demoPassword, { ok: true }],
        ['a wrong password', testUsers.mmueller.dn, 'wrong', { ok: false, reason: 'invalid-credentials' }],
        ['an empty password', testUsers.mmueller.dn, '', { ok: false, reason: 'empty-password' }],
        ['an unknown DN', 'uid=nobody,ou=people,dc=kontor,dc=example', demoPassword, { ok: false, reason: 'invalid-credentials' }],
        ['an empty DN (an anonymous bind)', '', demoPassword, { ok: false, reason: 'invalid-credentials' }],
        ['a malformed DN', 'not a dn', demoPassword, { ok: false, reason: 'invalid-credentials' }],
        ['a locked account', testUsers.twagner.dn, demoPassword, { ok: false, reason: 'account-locked' }],
        ['an expired password', testUsers.afischer.dn, demoPassword, { ok: false, reason: 'password-expired' }],
      ])('answers %s', async (_case, dn, password, expected) => {
        expect(await directory.authenticate(dn, password)).toMatchObject(expected);
      });

      it('refuses a password with a NUL byte before any bind', async () => {
        await expect(directory.authenticate(testUsers.mmueller.dn, `${demoPassword}\0`)).rejects.toBeInstanceOf(DirectoryInputError);
      });
    });

    describe('searchCustomers', () => {
      const usernames = async (query: string, limit = 50): Promise<string[]> =>
        (await directory.searchCustomers(query, limit)).customers.map((customer) => customer.username).sort();

      it('finds exactly the users of "Globex (Europe) *Ltd*", with their institution', async () => {
        const { customers, truncated } = await directory.searchCustomers('Globex (Europe) *Ltd*', 50);
        expect(customers.map((customer) => customer.username).sort()).toEqual(customersOf('globex'));
        expect(customers.every((customer) => customer.institution?.id === testInstitutions.globex.id)).toBe(true);
        expect(truncated).toBe(false);
      });

      it('treats filter metacharacters as text', async () => {
        expect(await usernames('*)(uid=*')).toEqual([]);
        expect(await usernames('\\')).toEqual([]);
        // Only Globex has "(" and "*" in its name: an unescaped "*" would match everybody.
        expect(await usernames('(')).toEqual(customersOf('globex'));
        expect(await usernames('*')).toEqual(customersOf('globex'));
        expect(await usernames('Initech, S.A.')).toEqual(customersOf('initech'));
      });

      it('matches umlauts and apostrophes regardless of case', async () => {
        expect(await usernames('Löwe')).toEqual(customersOf('loewe'));
        expect(await usernames('löwe')).toEqual(customersOf('loewe'));
        expect(await usernames("o'connor")).toEqual(['soconnor']);
      });

      it('sorts by display name and says when there is more', async () => {
        const all = await directory.searchCustomers('example', 50);
        expect(all.truncated).toBe(false);
        expect(all.customers).toHaveLength(testCustomers.length);
        const names = all.customers.map((customer) => customer.displayName);
        expect(names).toEqual([...names].sort((a, b) => new Intl.Collator('de', { sensitivity: 'base' }).compare(a, b)));
        const page = await directory.searchCustomers('example', 3);
        expect(page.customers).toHaveLength(3);
        expect(page.truncated).toBe(true);
      });

      it('does not list agents as customers', async () => {
        expect(await usernames('Müller')).toEqual([]);
      });

      it('returns nothing for blank text and refuses NUL, oversized text and bad limits', async () => {
        expect(await directory.searchCustomers('   ', 10)).toEqual({ customers: [], truncated: false });
        await expect(directory.searchCustomers('Globex\0', 10)).rejects.toBeInstanceOf(DirectoryInputError);
        await expect(directory.searchCustomers('x'.repeat(10_000), 10)).rejects.toBeInstanceOf(DirectoryInputError);
        await expect(directory.searchCustomers('Globex', 0)).rejects.toBeInstanceOf(DirectoryInputError);
      });
    });

    describe('groupsOf', () => {
      it('lists every group of the agent in several groups', async () => {
        const groups = await directory.groupsOf(testUsers.mmueller.dn);
        expect(groups.map((group) => group.name)).toEqual(['kontor-serviceline', 'kontor-settlement', 'kontor-teamleads', 'staff']);
      });

      it('matches member DNs whatever their escaping', async () => {
        const groups = await directory.groupsOf('CN=Meier\\2C Hans,ou=People,dc=kontor,dc=example');
        expect(groups.map((group) => group.name)).toEqual(['kontor-tax', 'staff']);
      });

      it('knows the contractor and the person without an agent group', async () => {
        expect((await directory.groupsOf(testUsers.kraus.dn)).map((group) => group.name)).toEqual(['kontor-contractors']);
        expect((await directory.groupsOf(testUsers.jschmidt.dn)).map((group) => group.name)).toEqual(['staff']);
      });

      it('finds no groups for a wildcard and refuses NUL', async () => {
        expect(await directory.groupsOf('*')).toEqual([]);
        await expect(directory.groupsOf(`${testUsers.mmueller.dn}\0`)).rejects.toBeInstanceOf(DirectoryInputError);
      });
    });
  });
}
