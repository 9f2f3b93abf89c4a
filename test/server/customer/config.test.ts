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
