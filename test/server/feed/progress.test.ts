import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import type { ChangesResponse } from '../../../src-shared/sync/protocol.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, waitForStamped, type Bundle } from './support/domain.js';
import { pullAll, type Pulled, signIn } from './support/feed-client.js';

const groups = ['itops', 'settlement', 'helpdesk', 'custody'] as const;
type Group = (typeof groups)[number];
/** Tickets per group, each with a `created` history entry and two articles: 4 changes a ticket. */
const ticketsIn: Record<Group, number> = { itops: 5, settlement: 3, helpdesk: 4, custody: 2 };
const changesOf = (bundles: readonly Bundle[]): number => bundles.reduce((sum, bundle) => sum + 1 + bundle.articles.length + bundle.history.length, 0);

/** The pages that carry part of a snapshot or resync: those with progress. */
function progressed(pulled: Pulled): (ChangesResponse & { progress: NonNullable<ChangesResponse['progress']> })[] {
  return pulled.pages.filter((page): page is ChangesResponse & { bytes: number; text: string; progress: NonNullable<ChangesResponse['progress']> } => page.progress !== null);
}

/** Delivered rises by each page's changes, total stays what the first page counted, and the last page says it is all there. */
function expectSteadyProgress(pulled: Pulled, total: number): void {
  const pages = progressed(pulled);
  expect(pages.length).toBeGreaterThan(2);
  let delivered = 0;
  for (const page of pages) {
    delivered += page.changes.length;
    expect(page.progress).toEqual({ delivered, total });
  }
  expect(delivered).toBe(total);
  // What comes after is the log alone.
  expect(pulled.pages.slice(pages.length).every((page) => page.progress === null && page.phase === 'log')).toBe(true);
}

describe('the feed tells a Desk how far its snapshot has come', () => {
  let running: ServerOnTestDatabase;
  let db: Database;
  const queues = {} as Record<Group, Queue>;
  const bundles = {} as Record<Group, Bundle[]>;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
    db = openPostgres(running.database.url, { max: 2 });
    for (const group of groups) {
      queues[group] = await createQueue(db, `Progress::${group}`, group);
      bundles[group] = [];
      for (let index = 0; index < ticketsIn[group]; index += 1) bundles[group].push(await createTicket(db, queues[group], `${group} ${index}`, ['Call', 'Note']));
    }
    await waitForStamped(db);
  });
  afterAll(async () => {
    await db.close();
    await running.close();
  });

  it('counts for a contractor only what they may see, and delivered rises page by page to that total', async () => {
    // extern.kraus (contractor) reads itops and settlement; dnowak reads itops only. Both sign
    // in first: each is an agent every Desk receives.
    const [contractorToken, itopsToken] = [await signIn(running.url, 'extern.kraus'), await signIn(running.url, 'dnowak')];
    await waitForStamped(db);
    const contractor = await pullAll(running.url, contractorToken, '', 7);
    const itops = await pullAll(running.url, itopsToken, '', 7);
    const total = progressed(contractor)[0]?.progress.total ?? -1;
    expectSteadyProgress(contractor, total);
    // Nothing was written meanwhile: the bootstrap is the snapshot, exactly as counted.
    expect(contractor.changes).toHaveLength(total);
    const itopsTotal = progressed(itops)[0]?.progress.total ?? -1;
    expectSteadyProgress(itops, itopsTotal);
    // The same queues, SLAs and agents for both; the settlement tickets for the contractor only.
    expect(total - itopsTotal).toBe(changesOf(bundles.settlement));
    expect(itops.changes.filter((change) => ['ticket', 'article', 'history'].includes(change.entity))).toHaveLength(changesOf(bundles.itops));

    // In the log, a page says nothing of progress.
    await createTicket(db, queues.itops, 'After the bootstrap');
    await waitForStamped(db);
    const log = await pullAll(running.url, contractorToken, contractor.cursor);
    expect(log.changes.length).toBeGreaterThan(0);
    expect(log.pages.every((page) => page.progress === null && page.phase === 'log')).toBe(true);
  });

  it('says progress on the page that completes the snapshot even though it goes on into the log', async () => {
    // One page of everything: it completes the snapshot and reaches the log in the same answer.
    const whole = await pullAll(running.url, await signIn(running.url, 'extern.kraus'));
    expect(whole.pages).toHaveLength(1);
    expect(whole.pages[0]).toMatchObject({ phase: 'log', hasMore: false, progress: { delivered: whole.changes.length, total: whole.changes.length } });
  });

  it('counts a scoped resync after a change of groups: removes for the group lost, the snapshot of the one gained', async () => {
    const token = await signIn(running.url, 'extern.kraus');
    await waitForStamped(db);
    const bootstrap = await pullAll(running.url, token);
    // As the membership refresh writes it: settlement lost, helpdesk gained, a new epoch.
    await db.query(`UPDATE agents SET permissions = $1::jsonb, permission_epoch = permission_epoch + 1 WHERE username = 'extern.kraus'`, [
      JSON.stringify({ itops: ['ro'], helpdesk: ['ro'] }),
    ]);
    const resync = await pullAll(running.url, token, bootstrap.cursor, 5);
    const pages = progressed(resync);
    expect(pages.every((page) => page.phase === 'resync' || page === pages.at(-1))).toBe(true);
    const total = pages[0]?.progress.total ?? -1;
    expectSteadyProgress(resync, total);
    expect(total).toBe(bundles.settlement.length + changesOf(bundles.helpdesk));
    expect(resync.changes.filter((change) => change.op === 'remove').map((change) => change.id).sort()).toEqual(bundles.settlement.map((bundle) => bundle.ticket.id).sort());
  });
});
