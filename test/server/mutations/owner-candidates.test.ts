import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerCandidatesResponseSchema } from '../../../src-shared/domain/people.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { request } from '../support/http.js';
import { matrixAgents, matrixRoles } from './matrix-support.js';
import { createTicket, expectApplied, expectRejected, mutation, queueId, send, signIn, testQueues, type SignedIn } from './support.js';

/** Who may own the tickets of a queue, as the Desk asks before it offers owners and responsibles. */
describe('GET /api/v1/queues/:id/owner-candidates', () => {
  let running: ServerOnTestDatabase;
  const sessions = new Map<string, SignedIn>();
  const session = (username: string): SignedIn => {
    const found = sessions.get(username);
    if (!found) throw new Error(`${username} is not signed in`);
    return found;
  };
  const ask = (username: string, id: string) => request(`${running.url}/api/v1/queues/${id}/owner-candidates`, { token: session(username).token });

  beforeAll(async () => {
    running = await startServerOnFreshDatabase({ queues: testQueues, roles: matrixRoles });
    for (const username of matrixAgents) sessions.set(username, await signIn(running.url, username));
  });
  afterAll(async () => {
    await running.close();
  });

  it('lists the agents with ro and owner (or rw) on the queue group, and nobody else', async () => {
    const settlement = await ask('extern.kraus', queueId('Wertpapiere::Abwicklung'));
    expect(settlement.status, settlement.text).toBe(200);
    const answer = ownerCandidatesResponseSchema.parse(settlement.json);
    expect(answer).toMatchObject({ queueId: queueId('Wertpapiere::Abwicklung'), group: 'settlement' });
    // Team lead and settlement hold rw; custody and the contractor only read there.
    expect(answer.candidates.map((agent) => agent.username).sort()).toEqual(['lweber', 'mmueller']);
    const helpdesk = ownerCandidatesResponseSchema.parse((await ask('pschulz', queueId('Interner Helpdesk'))).json);
    // IT operations holds ro and owner on the helpdesk; the helpdesk role itself only ro and move_into.
    expect(helpdesk.candidates.map((agent) => agent.username).sort()).toEqual(['dnowak', 'mmueller']);
  });

  it('accepts exactly those as owner and responsible', async () => {
    const create = createTicket('Interner Helpdesk');
    const [created] = await send(running.url, session('mmueller').token, create);
    const version = expectApplied(created).version;
    const owner = (ownerId: string) => mutation('ticket.setOwner', { ticketId: create.ticketId, ownerId }, version);
    expectApplied((await send(running.url, session('mmueller').token, owner(session('dnowak').agentId)))[0]);
    const refused = expectRejected((await send(running.url, session('mmueller').token, owner(session('pschulz').agentId)))[0], 'invalid-args');
    expect(refused).toBe('ownerId: not an agent who may own tickets of group helpdesk (ro and owner there)');
  });

  it('answers only agents who may read the queue, and 404 for a queue that does not exist', async () => {
    const refused = await ask('hmeier', queueId('Wertpapiere'));
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ reason: 'permission-denied' });
    expect((await ask('hmeier', randomUUID())).json).toMatchObject({ reason: 'not-found' });
    expect((await ask('hmeier', 'not-a-queue')).status).toBe(404);
    const anonymous = await request(`${running.url}/api/v1/queues/${queueId('Steuern')}/owner-candidates`);
    expect(anonymous.status).toBe(401);
  });
});
