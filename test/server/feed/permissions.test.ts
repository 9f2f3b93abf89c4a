import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, moveTicket, waitForStamped, type Bundle } from './support/domain.js';
import { applyChanges, idsOf, pullAll, signIn } from './support/feed-client.js';

/** Who reads which groups under the test roles (test/harness/kontor-server.ts). */
const readers = {
  mmueller: ['serviceline', 'settlement'],
  sobrien: ['custody'],
  hmeier: ['tax'],
  pschulz: ['helpdesk'],
  dnowak: ['itops'],
  lweber: ['settlement'],
  'extern.kraus': ['itops', 'settlement'],
} as const;
type Reader = keyof typeof readers;
const groups = ['serviceline', 'settlement', 'custody', 'tax', 'itops', 'helpdesk'] as const;

describe('the change feed shows every agent their groups only', () => {
  let running: ServerOnTestDatabase;
  let db: Database;
  const queues = {} as Record<(typeof groups)[number], Queue>;
  const tickets = {} as Record<(typeof groups)[number], Bundle>;
  const tokens = {} as Record<Reader, string>;
  const cursors = {} as Record<Reader, string>;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
    db = openPostgres(running.database.url, { max: 2 });
    for (const group of groups) {
      queues[group] = await createQueue(db, `Test::${group}`, group);
      tickets[group] = await createTicket(db, queues[group], `A ${group} ticket`, ['First call', 'Second call']);
    }
    for (const reader of Object.keys(readers) as Reader[]) tokens[reader] = await signIn(running.url, reader);
  });
  afterAll(async () => {
    await db.close();
    await running.close();
  });

  it('bootstraps each agent with every queue and the tickets, articles and history of their groups only', async () => {
    for (const [reader, readable] of Object.entries(readers) as [Reader, readonly string[]][]) {
      const pulled = await pullAll(running.url, tokens[reader]);
      cursors[reader] = pulled.cursor;
      const state = applyChanges(pulled.changes);
      const visible = readable.map((group) => tickets[group as (typeof groups)[number]]);
      expect(idsOf(state, 'queue'), reader).toEqual(groups.map((group) => queues[group].id).sort());
      expect(idsOf(state, 'ticket'), reader).toEqual(visible.map((bundle) => bundle.ticket.id).sort());
      expect(idsOf(state, 'article'), reader).toEqual(visible.flatMap((bundle) => bundle.articles.map((article) => article.id)).sort());
      expect(idsOf(state, 'history'), reader).toEqual(visible.flatMap((bundle) => bundle.history.map((entry) => entry.id)).sort());
      expect(pulled.changes.every((change) => change.op === 'upsert'), reader).toBe(true);
    }
  });

  it('sends a ticket moved out of a view as one remove and a ticket moved into a view whole', async () => {
    tickets.custody = await moveTicket(db, tickets.custody, queues.custody, queues.tax);
    await waitForStamped(db);
    const [custody, tax, contractor] = await Promise.all(
      (['sobrien', 'hmeier', 'extern.kraus'] as const).map(async (reader) => {
        const pulled = await pullAll(running.url, tokens[reader], cursors[reader]);
        cursors[reader] = pulled.cursor;
        return pulled.changes;
      }),
    );
    expect(custody?.map((change) => [change.entity, change.op, change.id])).toEqual([['ticket', 'remove', tickets.custody.ticket.id]]);
    const bundle = tickets.custody;
    expect(tax?.map((change) => [change.entity, change.id]).sort()).toEqual(
      [
        ['ticket', bundle.ticket.id],
        ...bundle.articles.map((article) => ['article', article.id]),
        ...bundle.history.map((entry) => ['history', entry.id]),
      ].sort(),
    );
    expect(tax?.find((change) => change.entity === 'ticket')?.data).toEqual(bundle.ticket);
    // Nothing of this concerns the contractor; the empty page still moves the cursor on.
    expect(contractor).toEqual([]);
  });

  it('lets the contractor gain and lose a ticket as it moves between the internal helpdesk and IT operations', async () => {
    tickets.helpdesk = await moveTicket(db, tickets.helpdesk, queues.helpdesk, queues.itops);
    await waitForStamped(db);
    const gained = await pullAll(running.url, tokens['extern.kraus'], cursors['extern.kraus']);
    const state = applyChanges(gained.changes);
    expect(idsOf(state, 'ticket')).toEqual([tickets.helpdesk.ticket.id]);
    expect(idsOf(state, 'article')).toEqual(tickets.helpdesk.articles.map((article) => article.id).sort());

    tickets.helpdesk = await moveTicket(db, tickets.helpdesk, queues.itops, queues.helpdesk);
    await waitForStamped(db);
    const lost = await pullAll(running.url, tokens['extern.kraus'], gained.cursor);
    expect(lost.changes.map((change) => [change.entity, change.op, change.id])).toEqual([['ticket', 'remove', tickets.helpdesk.ticket.id]]);
    const helpdesk = await pullAll(running.url, tokens.pschulz, cursors.pschulz);
    // The helpdesk lost it and got it back: a remove, then the whole bundle again.
    expect(helpdesk.changes.map((change) => change.op)[0]).toBe('remove');
    expect(idsOf(applyChanges(helpdesk.changes), 'ticket')).toEqual([tickets.helpdesk.ticket.id]);
  });
});
