import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../harness/database.js';
import { slapdServerConfig, startServer, type StartedServer } from '../../harness/kontor-server.js';
import { addArticle, createTicket, expectApplied, expectRejected, inspect, mutation, postMutations, send, signIn, testQueues, ticketSnapshot, type SignedIn } from './support.js';

let database: TestDatabase;
let server: StartedServer;
let db: pg.Pool;
let lweber: SignedIn;

const start = (): Promise<StartedServer> => startServer(slapdServerConfig(database.url, { queues: testQueues }));

beforeAll(async () => {
  database = await createTestDatabase();
  server = await start();
  db = inspect(database.url);
  lweber = await signIn(server.url, 'lweber');
});

afterAll(async () => {
  await db.end();
  await server.close();
  await database.drop();
});

const historyCount = async (ticketId: string): Promise<number> => (await db.query('SELECT 1 FROM ticket_history WHERE ticket_id = $1', [ticketId])).rowCount ?? 0;

describe('exactly once per (agent, mutation id)', () => {
  it('answers a replay with the stored result, seq included, and applies nothing again', async () => {
    const create = createTicket('Wertpapiere::Abwicklung');
    const note = addArticle(create.ticketId);
    const first = await send(server.url, lweber.token, create, note);
    expectApplied(first[1]);
    const snapshot = await ticketSnapshot(db, create.ticketId);
    const replay = await send(server.url, lweber.token, create, note);
    expect(replay).toEqual(first);
    expect(await ticketSnapshot(db, create.ticketId)).toEqual(snapshot);
  });

  it('applies a mutation sent twice at the same moment once, and answers both alike', async () => {
    const create = createTicket('Wertpapiere::Abwicklung');
    await send(server.url, lweber.token, create);
    const note = addArticle(create.ticketId);
    const [a, b] = await Promise.all([postMutations(server.url, lweber.token, [note]), postMutations(server.url, lweber.token, [note])]);
    expect(a.json).toEqual(b.json);
    expect(await historyCount(create.ticketId)).toBe(2);
  });

  it('keeps results apart per agent: another agent with the same mutation id gets their own answer', async () => {
    const mmueller = await signIn(server.url, 'mmueller');
    const create = createTicket('Wertpapiere::Abwicklung');
    expectApplied((await send(server.url, lweber.token, create))[0]);
    // mmueller sends the very same mutation: for them it is new, and the id is taken.
    expectRejected((await send(server.url, mmueller.token, create))[0], 'already-exists');
  });

  it('survives a restart: a new server on the same database answers replays from the database', async () => {
    const create = createTicket('Wertpapiere::Abwicklung');
    const refused = mutation('ticket.setState', { ticketId: create.ticketId, state: 'merged', pendingUntil: null }, 1);
    const first = await send(server.url, lweber.token, create, refused);
    expectApplied(first[0]);
    expectRejected(first[1], 'invalid-transition');
    const snapshot = await ticketSnapshot(db, create.ticketId);

    await server.close();
    server = await start();
    // The session lives in the database too; the same token works on the new instance.
    const replay = await send(server.url, lweber.token, create, refused);
    expect(replay).toEqual(first);
    expect(await ticketSnapshot(db, create.ticketId)).toEqual(snapshot);
  });

  it('fills in the seq of a result stored by a server that stopped before it could add it', async () => {
    const create = createTicket('Wertpapiere::Abwicklung');
    const first = await send(server.url, lweber.token, create);
    // As a crash between the commit and the stamping would have left it.
    await db.query("UPDATE mutation_results SET result = result - 'seq' WHERE mutation_id = $1", [create.id]);
    expect(await send(server.url, lweber.token, create)).toEqual(first);
  });
});
