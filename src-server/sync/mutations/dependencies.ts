import type { Directory } from '../../../src-shared/node/directory/types.js';
import type { ServerConfig } from '../../config.js';
import type { Database } from '../../db/database.js';
import { mailSettingsFrom } from '../../mail/settings.js';
import type { Stamped } from '../sequencer.js';
import type { MutationDependencies } from './dispatcher.js';

/**
 * What the dispatcher needs, from the server's configuration: the mutation route builds it for
 * agents, and the portal and the inbound mail for customers (`applyCustomerMutations`).
 */
export function mutationDependencies(parts: { config: ServerConfig; db: Database; directory: Directory; stampChanges: () => Promise<Stamped> }): MutationDependencies {
  return {
    db: parts.db,
    directory: parts.directory,
    customersBase: parts.config.directory.mapping.customersBase,
    stampChanges: parts.stampChanges,
    mail: mailSettingsFrom(parts.config.mail),
    customers: parts.config.customers,
  };
}
