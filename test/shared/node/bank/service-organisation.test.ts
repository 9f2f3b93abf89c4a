import { describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../../../src-server/config.js';
import { ungrantedQueueGroups } from '../../../../src-server/config/queues.js';
import { generateBank } from '../../../../src-shared/node/bank/bank.js';
import { bankQueueConfig, bankQueues, bankRoles, mayAct, queueGroups } from '../../../../src-shared/node/bank/service-organisation.js';

const config = {
  listen: { port: 0 },
  directory: { kind: 'ldif', file: 'directory.ldif', mapping: { baseDn: 'dc=kontor,dc=example', peopleBase: 'ou=people,dc=kontor,dc=example', customersBase: 'ou=institutions,dc=kontor,dc=example', groupsBase: 'ou=groups,dc=kontor,dc=example' } },
  roles: bankRoles(),
  queues: bankQueueConfig(),
};

describe('the bank\'s service organisation', () => {
  it('is a roles and queues configuration Kontor Server accepts, every queue group granted to someone', () => {
    const parsed = serverConfigSchema.safeParse(config);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(ungrantedQueueGroups(bankQueueConfig(), bankRoles())).toEqual([]);
  });

  it('has the queues of a bank\'s service organisation, each in one of the permission groups', () => {
    expect(bankQueues.map((queue) => queue.name)).toEqual(expect.arrayContaining([
      'ServiceLine', 'Wertpapiere::Abwicklung', 'Wertpapiere::Verwahrung', 'Steuern', 'IT-Betrieb', 'Beschwerden', 'Interner Helpdesk',
    ]));
    for (const queue of bankQueues) expect(queueGroups).toContain(queue.group);
  });

  it('lets someone who can sign in work every queue group, and contractors only settlement and IT operations', () => {
    const bank = generateBank({ seed: 'organisation' });
    for (const group of queueGroups) expect(bank.agents.some((agent) => agent.active && mayAct(agent.permissions, group, 'rw')), group).toBe(true);
    for (const contractor of bank.agents.filter((agent) => agent.contractor)) {
      expect(Object.keys(contractor.permissions).sort()).toEqual(['itops', 'settlement']);
      // The internal helpdesk does not exist for them.
      expect(mayAct(contractor.permissions, 'helpdesk', 'ro')).toBe(false);
    }
  });
});
