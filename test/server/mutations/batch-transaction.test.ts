import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { articleInput, createTicket, expectApplied, expectRejected, inspect, mutation, send, signIn, testQueues, type SignedIn } from './support.js';

let server: ServerOnTestDatabase;
let db: pg.Pool;
let lweber: SignedIn;
let mmueller: SignedIn;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ queues: testQueues });
  db = inspect(server.database.url);
  lweber = await signIn(server.url, 'lweber');
  mmueller = await signIn(server.url, 'mmueller');
});

afterAll(async () => {
  await db.end();
  await server.close();
});

const ticketExists = async (id: string): Promise<boolean> => ((await db.query('SELECT 1 FROM tickets WHERE id = $1', [id])).rowCount ?? 0) > 0;

describe('the mutations of one request share a transaction', () => {
  it('rolls back only the refused mutation, also what its handler wrote before refusing', async () => {
    const first = createTicket('Wertpapiere::Abwicklung');
    const articleId = (first.args as { article: { articleId: string } }).article.articleId;
    // Inserts its ticket, then finds the article id taken: nothing of it may stay.
    const clash = createTicket('Wertpapiere::Abwicklung', { article: articleInput({ articleId }) });
    const after = createTicket('Wertpapiere::Abwicklung');
    const results = await send(server.url, lweber.token, first, clash, after);
    expectApplied(results[0]);
    expectRejected(results[1], 'already-exists');
    expectApplied(results[2]);
    expect(await ticketExists(first.ticketId)).toBe(true);
    expect(await ticketExists(clash.ticketId)).toBe(false);
    expect(await ticketExists(after.ticketId)).toBe(true);
    // The refusal was stored with the others: a replay answers the same.
    expect(await send(server.url, lweber.token, first, clash, after)).toEqual(results);
  });

  it('applies batches that lock the same tickets in opposite order (a deadlock is run again)', async () => {
    const a = createTicket('Wertpapiere::Abwicklung');
    const b = createTicket('Wertpapiere::Abwicklung');
    const created = await send(server.url, lweber.token, a, b);
    let versions = [expectApplied(created[0]).version, expectApplied(created[1]).version];
    for (let round = 0; round < 4; round += 1) {
      const [va = 0, vb = 0] = versions;
      const forward = [mutation('ticket.setResponsible', { ticketId: a.ticketId, responsibleId: lweber.agentId }, va), mutation('ticket.setPriority', { ticketId: b.ticketId, priority: 2 }, vb)];
      const backward = [mutation('ticket.setPriority', { ticketId: b.ticketId, priority: 4 }, vb), mutation('ticket.setResponsible', { ticketId: a.ticketId, responsibleId: mmueller.agentId }, va)];
      const [one, two] = await Promise.all([send(server.url, lweber.token, ...forward), send(server.url, mmueller.token, ...backward)]);
      // The second to run conflicts on the fields the first wrote; nothing fails the request.
      for (const result of [...one, ...two]) expect(['applied', 'conflict']).toContain(result.status);
      const rows = await db.query<{ id: string; version: number }>('SELECT id, version FROM tickets WHERE id = ANY($1::uuid[])', [[a.ticketId, b.ticketId]]);
      const byId = new Map(rows.rows.map((row) => [row.id, row.version]));
      versions = [byId.get(a.ticketId) ?? 0, byId.get(b.ticketId) ?? 0];
    }
  });
});
