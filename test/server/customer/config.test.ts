import { describe, expect, it } from 'vitest';
import { ConfigError, parseServerConfig } from '../../../src-server/config.js';
import { testRoles } from '../../harness/kontor-server.js';
import { testQueues } from '../mutations/support.js';

const base = {
  listen: { host: '127.0.0.1', port: 0 },
  directory: {
    kind: 'ldif',
    file: 'directory.ldif',
    mapping: { baseDn: 'dc=x', peopleBase: 'ou=p,dc=x', customersBase: 'ou=c,dc=x', groupsBase: 'ou=g,dc=x' },
  },
  roles: testRoles,
  queues: testQueues,
};

/** The `customers` section: which queues customers open tickets in, and whether they close their own. */
describe('the customers section of the server configuration', () => {
  it('opens nothing to customers unless it says so', () => {
    expect(parseServerConfig(base, '/etc/kontor').customers).toMatchObject({ queues: [], mayClose: false });
    expect(parseServerConfig({ ...base, customers: { queues: ['ServiceLine'], mayClose: true } }, '/etc/kontor').customers).toMatchObject({ queues: ['ServiceLine'], mayClose: true });
  });

  it('refuses a queue that is not in the list of queues, naming it', () => {
    expect(() => parseServerConfig({ ...base, customers: { queues: ['ServiceLine', 'Servicelinie'] } }, '/etc/kontor')).toThrow(ConfigError);
    expect(() => parseServerConfig({ ...base, customers: { queues: ['Servicelinie'] } }, '/etc/kontor')).toThrow(/customers\.queues\.0.*Servicelinie/u);
  });

  it('refuses what it does not know', () => {
    expect(() => parseServerConfig({ ...base, customers: { queues: [], mayReopen: true } }, '/etc/kontor')).toThrow(ConfigError);
  });
});

const customersOf = (customers: unknown) => parseServerConfig({ ...base, customers }, '/etc/kontor').customers;

/** The portal's settings in the `customers` section: due dates shown and request limits. */
describe("the portal's settings in the customers section", () => {
  it('shows both due dates and limits writes and searches by default', () => {
    expect(customersOf(undefined)).toMatchObject({ showDueDates: { firstResponse: true, solution: true }, rateLimits: { writesPerMinute: 20, searchesPerMinute: 30 } });
    expect(customersOf({ showDueDates: { firstResponse: false }, rateLimits: { searchesPerMinute: 5 } })).toMatchObject({
      showDueDates: { firstResponse: false, solution: true },
      rateLimits: { writesPerMinute: 20, searchesPerMinute: 5 },
    });
  });

  it('refuses a limit that is not a positive whole number, and what it does not know, naming the field', () => {
    expect(() => customersOf({ rateLimits: { writesPerMinute: 0 } })).toThrow(/customers\.rateLimits\.writesPerMinute/u);
    expect(() => customersOf({ rateLimits: { searchesPerMinute: 2.5 } })).toThrow(/customers\.rateLimits\.searchesPerMinute/u);
    expect(() => customersOf({ showDueDates: { warning: true } })).toThrow(ConfigError);
    expect(() => customersOf({ showDueDates: { solution: 'yes' } })).toThrow(/customers\.showDueDates\.solution/u);
  });
});
