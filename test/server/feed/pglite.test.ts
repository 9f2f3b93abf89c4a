import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../../src-server/config.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import { startServer, type StartedServer } from '../../harness/kontor-server.js';
import { createQueue, createTicket, moveTicket, waitForStamped } from './support/domain.js';
import { applyChanges, idsOf, pullAll, signIn } from './support/feed-client.js';

const embeddedConfigFile = fileURLToPath(new URL('../../../resources/config/server.embedded.json', import.meta.url));

/** The embedded default (PGlite, the demo LDIF) serves the same feed from the same SQL. */
describe('the change feed on PGlite', () => {
  let running: StartedServer;
  let token: string;

  beforeAll(async () => {
    const config = await loadServerConfig(embeddedConfigFile);
    // Without the demo bank's tickets: the test counts what it writes itself.
    running = await startServer({ ...config, demoSeed: undefined, logging: { level: 'silent' } });
    token = await signIn(running.url, 'sobrien');
  });
  afterAll(async () => {
    await running.close();
  });

  it('bootstraps, follows the log and removes a ticket moved out of view', async () => {
    const db = running.server.db;
    const custody: Queue = await createQueue(db, 'Feed::Verwahrung', 'custody');
    const tax: Queue = await createQueue(db, 'Feed::Steuern', 'tax');
    const bundle = await createTicket(db, custody, 'Depot transfer', ['Call', 'Note']);
    const pin = await waitForStamped(db);

    const bootstrap = await pullAll(running.url, token, '', 3);
    expect(bootstrap.changes.every((change) => change.seq === pin)).toBe(true);
    const state = applyChanges(bootstrap.changes);
    expect(idsOf(state, 'queue')).toEqual(expect.arrayContaining([custody.id, tax.id]));
    expect(idsOf(state, 'ticket')).toEqual([bundle.ticket.id]);
    expect(idsOf(state, 'article')).toHaveLength(2);

    await moveTicket(db, bundle, custody, tax);
    await waitForStamped(db);
    const log = await pullAll(running.url, token, bootstrap.cursor);
    expect(log.changes.map((change) => `${change.op} ${change.entity} ${change.id}`)).toEqual([`remove ticket ${bundle.ticket.id}`]);
  });
});
