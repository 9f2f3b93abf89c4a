import { describe, expect, it } from 'vitest';
import { listedCustomers } from '../../../src-server/directory-sync/customers.js';
import type { CustomerUser, Institution } from '../../../src-shared/domain/people.js';

const bank: Institution = { id: 'i-1', name: 'Bankhaus Löwe & Söhne KG' };
const person = (id: string, overrides: Partial<CustomerUser> = {}): CustomerUser => ({
  id, username: `user-${id}`, displayName: `User ${id}`, email: null, phone: null, institution: bank, ...overrides,
});

/** What the sync itself checks of a listing, beyond what the directory checked already. */
describe('listedCustomers', () => {
  it('stores institutions a customer names even when the listing left them out', () => {
    const listed = listedCustomers({ institutions: [], customers: [person('c-1')], skipped: [] });
    expect(listed.institutions).toEqual([{ id: 'i-1', name: bank.name, valid: true, version: 1 }]);
    expect(listed.customers).toEqual([{ id: 'c-1', username: 'user-c-1', displayName: 'User c-1', email: null, phone: null, institutionId: 'i-1', valid: true, version: 1 }]);
  });

  it('keeps each customer\'s language beside the entity, which stays as the feed carries it', () => {
    const listed = listedCustomers({ institutions: [bank], customers: [person('c-1'), person('c-2')], languages: new Map([['c-1', 'en']]), skipped: [] });
    expect(listed.customers.map((entry) => Object.keys(entry).includes('language'))).toEqual([false, false]);
    expect(listed.languages).toEqual([{ id: 'c-1', language: 'en' }, { id: 'c-2', language: null }]);
  });

  it('skips, with the reason, what the feed cannot carry, a second entry with the same id, and a customer of an institution it cannot store', () => {
    const unnamed: Institution = { id: 'i-2', name: '' };
    const listed = listedCustomers({
      institutions: [bank, unnamed],
      customers: [person('c-1'), person('c-1', { displayName: 'Twin' }), person('c-2', { phone: '0'.repeat(65) }), person('c-3', { institution: unnamed })],
      skipped: [{ dn: 'uid=x,ou=customers,dc=example', problem: 'not a usable customer user (id: missing)' }],
    });
    expect(listed.customers.map((entry) => entry.id)).toEqual(['c-1']);
    expect(listed.customers[0]?.displayName).toBe('User c-1');
    expect(listed.institutions.map((entry) => entry.id)).toEqual(['i-1']);
    expect(listed.skipped).toEqual([
      { kind: 'customer', entry: 'uid=x,ou=customers,dc=example', problem: 'not a usable customer user (id: missing)' },
      { kind: 'institution', entry: 'i-2', problem: expect.stringMatching(/^name: /u) as unknown },
      { kind: 'customer', entry: 'c-1', problem: 'another entry has the same id' },
      { kind: 'customer', entry: 'c-2', problem: expect.stringMatching(/^phone: /u) as unknown },
      { kind: 'customer', entry: 'c-3', problem: 'its institution i-2 cannot be stored' },
    ]);
  });
});
