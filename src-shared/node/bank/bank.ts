import { type DemoInstitutionSpec, type DemoPersonSpec, demoInstitutionsSpec, demoPeopleSpec } from '../demo-directory-spec.js';
import { generateAgents } from './agents.js';
import type { Bank } from './bank-types.js';
import { generateCustomers } from './customers.js';
import { generateInstitutions } from './institutions.js';
import { Random } from './random.js';
import { bankQueues } from './service-organisation.js';

export interface BankOptions {
  seed: string | number;
  /** All client institutions, the three demo ones included. */
  institutions?: number;
  /** All customer users, the ten demo ones included. */
  customers?: number;
  /** All people with a Kontor role, the nine demo ones included. */
  agents?: number;
}

/**
 * A whole bank from one seed: the demo people and institutions exactly as the demo directory
 * has them, plus generated ones up to the counts. The same seed gives the same bank.
 */
export function generateBank({ seed, institutions = 40, customers = 300, agents = 40 }: BankOptions): Bank {
  const random = new Random(`kontor-bank:${String(seed)}`);
  // Every demo user name is taken before any is generated: generated people come after.
  const uids = new Set<string>([
    ...Object.values<DemoPersonSpec>(demoPeopleSpec).map((person) => person.uid),
    ...Object.values<DemoInstitutionSpec>(demoInstitutionsSpec).flatMap((institution) => Object.values(institution.customers).map((customer) => customer.uid)),
  ]);
  const bankInstitutions = generateInstitutions(random.fork('institutions'), institutions);
  const bankAgents = generateAgents(random.fork('agents'), agents, uids);
  const bankCustomers = generateCustomers(random.fork('customers'), customers, bankInstitutions, uids);
  return { seed: String(seed), institutions: bankInstitutions, customers: bankCustomers, agents: bankAgents, queues: bankQueues };
}
