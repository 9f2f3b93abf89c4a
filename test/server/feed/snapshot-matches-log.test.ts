import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { addArticle, createTicket, expectApplied, mutation, queueId, send, signIn as signInAgent, testQueues } from '../mutations/support.js';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { waitForStamped } from './support/domain.js';
import { applyChanges, pullAll, signIn } from './support/feed-client.js';

/**
 * The snapshot builds entities from the tables in SQL; the mutations write them into the log
 * from TypeScript. A client must end up with the same data whichever way an entity reached it.
 */
describe('the snapshot serves the very entities the mutations wrote into the log', () => {
  let running: ServerOnTestDatabase;
  let db: Database;

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ queues: testQueues });
    db = openPostgres(running.database.url, { max: 2 });
  });
  afterAll(async () => {
    await db.close();
    await running.close();
  });

  it('agrees entity by entity after every kind of mutation, for an agent of both groups and one of one', async () => {
    const readers = await Promise.all(['mmueller', 'lweber'].map(async (username) => {
      const token = await signIn(running.url, username);
      return { username, token, cursor: (await pullAll(running.url, token)).cursor };
    }));
    const writer = await signInAgent(running.url, 'mmueller');

    const settlement = createTicket('Wertpapiere::Abwicklung', {
      article: { articleId: randomUUID(), channel: 'phone', visibility: 'internal', sender: 'agent', subject: 'Depotübertrag', body: 'Stückeliste anbei.',
        attachments: [{ id: randomUUID(), filename: 'stuecke.csv', contentType: 'text/csv', contentBase64: Buffer.from('ISIN;Stück\nDE0001;10\n').toString('base64') }] },
    });
    const serviceline = createTicket('ServiceLine', { title: 'Rückruf erbeten' });
    const created = await send(running.url, writer.token, settlement, serviceline);
    const versionOf = new Map([[settlement.ticketId, expectApplied(created[0]).version], [serviceline.ticketId, expectApplied(created[1]).version]]);
    const results = await send(
      running.url,
      writer.token,
      addArticle(settlement.ticketId, { visibility: 'customer-visible', subject: 'Antwort', body: 'Wir prüfen den Übertrag.' }),
      mutation('ticket.link', { ticketId: settlement.ticketId, linkId: randomUUID(), targetTicketId: serviceline.ticketId, kind: 'related' }),
      mutation('ticket.accountTime', { ticketId: settlement.ticketId, entryId: randomUUID(), minutes: 15, note: 'Telefonat' }),
      mutation('ticket.setState', { ticketId: settlement.ticketId, state: 'pending-reminder', pendingUntil: new Date(Date.now() + 86_400_000).toISOString() }, versionOf.get(settlement.ticketId) ?? 0),
      mutation('ticket.setPriority', { ticketId: serviceline.ticketId, priority: 1 }, versionOf.get(serviceline.ticketId) ?? 0),
      // Into lweber's view: the whole ticket again.
      mutation('ticket.move', { ticketId: serviceline.ticketId, queueId: queueId('Wertpapiere') }, versionOf.get(serviceline.ticketId) ?? 0),
    );
    results.forEach((result) => expectApplied(result));
    await waitForStamped(db);

    for (const reader of readers) {
      const logged = applyChanges((await pullAll(running.url, reader.token, reader.cursor)).changes);
      const snapshot = applyChanges((await pullAll(running.url, reader.token)).changes);
      for (const entity of ['ticket', 'article', 'history', 'link', 'time-entry']) {
        const fromLog = logged.get(entity) ?? new Map();
        expect(fromLog.size, `${reader.username}: ${entity} in the log`).toBeGreaterThan(0);
        expect(Object.fromEntries(snapshot.get(entity) ?? new Map()), `${reader.username}: ${entity}`).toEqual(Object.fromEntries(fromLog));
      }
    }
  });
});
