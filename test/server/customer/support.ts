import { randomUUID } from 'node:crypto';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import type { MutationResult } from '../../../src-shared/sync/protocol.js';
import type { CustomerActor } from '../../../src-server/sync/mutations/actor.js';
import { mutationDependencies } from '../../../src-server/sync/mutations/dependencies.js';
import { applyCustomerMutations, type MutationDependencies } from '../../../src-server/sync/mutations/dispatcher.js';
import { stampCommittedChanges } from '../../../src-server/sync/sequencer.js';
import { testCustomers, testDirectoryConfig } from '../../harness/directory.js';
import { slapdServerConfig, type ServerConfigOverrides, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { inject } from 'vitest';
import { mutation, queueId, type EnvelopeMutation } from '../mutations/support.js';

/** What the bank opens to customers in these tests: ServiceLine only, and they may close their own requests. */
export const customerOverrides: ServerConfigOverrides = { customers: { queues: ['ServiceLine'], mayClose: true } };

/**
 * The dispatcher's dependencies as the portal and the inbound mail build them, from the same
 * configuration as the running server, on its database; `close()` the directory afterwards.
 */
export function customerDependencies(running: ServerOnTestDatabase, overrides: ServerConfigOverrides): { deps: MutationDependencies; directory: Directory } {
  const ldap = inject('ldap');
  const directory = createDirectory(testDirectoryConfig(), { dn: ldap.serviceDn, password: ldap.servicePassword });
  const config = slapdServerConfig(running.database.url, overrides);
  const { db } = running.server;
  return { deps: mutationDependencies({ config, db, directory, stampChanges: () => stampCommittedChanges(db, { skipIfNonePending: false }) }), directory };
}

/** A customer of the generated directory acting for themselves. */
export function customerActor(key: string, via: CustomerActor['via'] = 'portal'): CustomerActor {
  const found = testCustomers.find((entry) => entry.key === key);
  if (!found) throw new Error(`no test customer ${key}`);
  return { kind: 'customer', customerUserId: found.id, institutionId: found.institution.id, displayName: found.displayName, via };
}

/** A customer's own words, as the portal sends them. */
export function customerArticle(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { articleId: randomUUID(), channel: 'portal', visibility: 'customer-visible', sender: 'customer', subject: 'Anfrage', body: 'Der Depotauszug für März fehlt.', ...overrides };
}

/** A ticket.create as a customer sends it: no customer user of their own choosing, the normal priority. */
export function customerCreate(queue: string, overrides: Record<string, unknown> = {}): EnvelopeMutation & { ticketId: string } {
  const ticketId = randomUUID();
  const args = { ticketId, queueId: queueId(queue), title: 'Depotauszug fehlt', type: 'service-request', customerUserId: null, article: customerArticle(), ...overrides };
  return { ...mutation('ticket.create', args), ticketId };
}

/** Applies mutations as the customer, in one batch. */
export function asCustomer(deps: MutationDependencies, customer: CustomerActor, mutations: readonly EnvelopeMutation[], clientId: string = randomUUID()): Promise<MutationResult[]> {
  return applyCustomerMutations(deps, customer, { clientId, mutations: mutations.map(({ id, name, args, baseVersion }) => ({ id, name, args, baseVersion })) }, new Date());
}
