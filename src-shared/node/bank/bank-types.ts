import type { Permissions } from '../../permissions.js';
import type { DemoGroupName } from '../demo-directory-spec.js';
import type { BankQueue } from './service-organisation.js';

/**
 * The people and institutions of a generated bank. `key` names an entry in scripts and tests;
 * `id` is `demoId(idKey)`, the directory's entryUUID, the same in the LDIF and in the database.
 */

export interface BankInstitution {
  key: string;
  id: string;
  /** The key whose `demoId` is the id (`institution:globex`, `bank:institution:7`). */
  idKey: string;
  name: string;
  /** ISO 3166 code: the staff's names, phone numbers and the tickets' language follow it. */
  country: string;
  /** Mail domain of the institution's staff. */
  domain: string;
  demo: boolean;
}

export interface BankPerson {
  key: string;
  id: string;
  idKey: string;
  uid: string;
  givenName: string;
  sn: string;
  displayName: string;
  mail: string;
  phone: string;
  demo: boolean;
}

export interface BankCustomer extends BankPerson {
  institutionKey: string;
}

export interface BankAgent extends BankPerson {
  title: string;
  groups: readonly DemoGroupName[];
  /** What the server grants this agent (service-organisation.ts `permissionsOf`). */
  permissions: Permissions;
  /** Locked and expired demo accounts cannot sign in, so they act on no ticket. */
  active: boolean;
  contractor: boolean;
  teamLead: boolean;
}

export interface Bank {
  seed: string;
  institutions: readonly BankInstitution[];
  customers: readonly BankCustomer[];
  agents: readonly BankAgent[];
  queues: readonly BankQueue[];
}
