import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { limits } from '../../../src-shared/limits.js';
import { entityNames, type Queue } from '../../../src-shared/sync/entities.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, moveTicket, retitle, waitForStamped, type Bundle } from './support/domain.js';
import { applyChanges, idsOf, pullAll, pullPage, signIn } from './support/feed-client.js';

const smallTickets = 25;
const largeTickets = 12;
/** Near the largest article body: twelve of them cannot fit into one page. */
const largeBody = 'Depotübertrag, Stückeliste folgt. '.repeat(2_600);

describe('bootstrap: a snapshot pinned at a high-water mark, then the log', () => {
  let running: ServerOnTestDatabase;
  let db: Database;
  let token: string;
  let custody: Queue;
  let tax: Queue;
  const bundles: Bundle[] = [];

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
    db = openPostgres(running.database.url, { max: 2 });
    custody = await createQueue(db, 'Verwahrung::Depots', 'custody');
    tax = await createQueue(db, 'Steuern', 'tax');
    await createQueue(db, 'Wertpapiere::Abwicklung', 'settlement');
    for (let index = 0; index < smallTickets; index += 1) bundles.push(await createTicket(db, custody, `Depot transfer ${index}`));
    for (let index = 0; index < largeTickets; index += 1) bundles.push(await createTicket(db, custody, `Large transfer ${index}`, [largeBody]));
    await createTicket(db, tax, 'Not for the custody team');
    token = await signIn(running.url, 'sobrien');
  });
  afterAll(async () => {
    await db.close();
    await running.close();
  });

  it('serves current state entity by entity in id order, in pages of at most `limit`, every row at the pin', async () => {
    const pin = await waitForStamped(db);
    const pulled = await pullAll(running.url, token, '', 10);
    expect(pulled.pages.length).toBeGreaterThan(10);
    for (const page of pulled.pages) expect(page.changes.length).toBeLessThanOrEqual(10);
    expect(pulled.changes.every((change) => change.seq === pin && change.op === 'upsert')).toBe(true);
    expectSnapshotOrder(pulled.changes);

    const state = applyChanges(pulled.changes);
    expect(idsOf(state, 'queue')).toHaveLength(3);
    expect(idsOf(state, 'ticket')).toEqual(bundles.map((bundle) => bundle.ticket.id).sort());
    // Built by SQL from the tables, the entities are exactly what the writers stored.
    for (const bundle of bundles) {
      expect(state.get('ticket')?.get(bundle.ticket.id)).toEqual(bundle.ticket);
      for (const article of bundle.articles) expect(state.get('article')?.get(article.id)).toEqual(article);
      for (const entry of bundle.history) expect(state.get('history')?.get(entry.id)).toEqual(entry);
    }
  });

  it('says in each page whether the snapshot is still being served, and from where the log has been delivered', async () => {
    const pin = await waitForStamped(db);
    const pulled = await pullAll(running.url, token, '', 10);
    const phases = pulled.pages.map((page) => page.phase);
    const first = phases.indexOf('log');
    expect(first).toBeGreaterThan(0);
    expect(phases.slice(0, first).every((phase) => phase === 'snapshot')).toBe(true);
    expect(phases.slice(first).every((phase) => phase === 'log')).toBe(true);
    expect(pulled.pages.slice(0, first).every((page) => page.position === null)).toBe(true);
    expect(pulled.pages.at(-1)?.position).toBe(pin);
    // A page of nothing new in the log still says how far the client is.
    const again = await pullPage(running.url, token, pulled.cursor);
    expect(again).toMatchObject({ changes: [], hasMore: false, phase: 'log', position: pin });
  });

  it('ends a page once its JSON passes the size cap, long before the count cap', async () => {
    const pulled = await pullAll(running.url, token);
    const largest = Math.max(...pulled.changes.map((change) => Buffer.byteLength(JSON.stringify(change))));
    const full = pulled.pages.filter((page) => page.hasMore);
    expect(full.length).toBeGreaterThanOrEqual(1);
    for (const page of full) {
      expect(page.changes.length).toBeLessThan(limits.changesPageMaxCount);
      expect(page.bytes).toBeGreaterThanOrEqual(limits.changesPageMaxBytes);
      expect(page.bytes).toBeLessThan(limits.changesPageMaxBytes + largest + 1024);
    }
    expect(idsOf(applyChanges(pulled.changes), 'article')).toHaveLength(smallTickets + largeTickets);
  });

  it('delivers changes made during the bootstrap in the log phase, after the snapshot', async () => {
    const pin = await waitForStamped(db);
    const first = await pullPage(running.url, token, '', 10);
    expect(first.changes.every((change) => change.seq === pin)).toBe(true);

    const [retitled, moved] = [bundles[0], bundles[bundles.length - 1]];
    if (!retitled || !moved) throw new Error('seed missing');
    const renamed = await retitle(db, retitled, custody, 'Depot transfer, renamed during the bootstrap');
    const created = await createTicket(db, custody, 'Opened during the bootstrap');
    await moveTicket(db, moved, custody, tax);
    await waitForStamped(db);

    const rest = await pullAll(running.url, token, first.cursor, 10);
    const changes = [...first.changes, ...rest.changes];
    const logged = changes.filter((change) => change.seq > pin);
    expect(changes.slice(0, changes.length - logged.length).every((change) => change.seq === pin)).toBe(true);
    expect(logged.map((change) => [change.entity, change.op, change.id])).toEqual([
      ['ticket', 'upsert', renamed.ticket.id],
      ['ticket', 'upsert', created.ticket.id],
      ['article', 'upsert', created.articles[0]?.id],
      ['history', 'upsert', created.history[0]?.id],
      ['ticket', 'remove', moved.ticket.id],
    ]);
    const state = applyChanges(changes);
    expect(state.get('ticket')?.get(renamed.ticket.id)).toEqual(renamed.ticket);
    expect(idsOf(state, 'ticket')).toEqual(
      [...bundles.filter((bundle) => bundle !== moved).map((bundle) => bundle.ticket.id), created.ticket.id].sort(),
    );
    expect(idsOf(state, 'article')).not.toContain(moved.articles[0]?.id);
  });
});

/** Entities in `entityNames` order; within one entity, ids ascending as PostgreSQL orders them. */
function expectSnapshotOrder(changes: readonly Change[]): void {
  const key = (change: Change): [number, string] => [
    entityNames.indexOf(change.entity),
    change.entity === 'history' ? change.id.padStart(20, '0') : change.id,
  ];
  for (let index = 1; index < changes.length; index += 1) {
    const [previous, current] = [changes[index - 1], changes[index]];
    if (!previous || !current) continue;
    const [[entityBefore, idBefore], [entityNow, idNow]] = [key(previous), key(current)];
    expect(entityNow > entityBefore || (entityNow === entityBefore && idNow > idBefore), `${previous.entity} ${previous.id} then ${current.entity} ${current.id}`).toBe(true);
  }
}
