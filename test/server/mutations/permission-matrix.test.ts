import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { attempts, expectedOutcome, matrixAgents, matrixRoles, snapshots, type Cell } from './matrix-support.js';
import { createTicket, expectApplied, inspect, send, signIn, testQueues, type EnvelopeMutation, type SignedIn } from './support.js';

let server: ServerOnTestDatabase;
let db: pg.Pool;
const sessions = new Map<string, SignedIn>();
/** agent → the tickets they work on, one cell per queue. */
const cells = new Map<string, Cell[]>();
/** `label:outcome` → how often the matrix expected it. */
const outcomes = new Map<string, number>();

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ queues: testQueues, roles: matrixRoles });
  db = inspect(server.database.url);
  for (const username of matrixAgents) sessions.set(username, await signIn(server.url, username));
  const lead = sessions.get('mmueller');
  if (!lead) throw new Error('no team lead');
  // The team lead (rw everywhere) creates every agent's tickets in every queue.
  const creates: EnvelopeMutation[] = [];
  for (const username of matrixAgents) {
    const agentCells: Cell[] = [];
    for (const { name } of testQueues) {
      const [main, moved, mergedSource, other] = [0, 1, 2, 3].map(() => createTicket(name));
      if (!main || !moved || !mergedSource || !other) throw new Error('unreachable');
      creates.push(main, moved, mergedSource, other);
      agentCells.push({ queue: name, main: main.ticketId, moved: moved.ticketId, mergedSource: mergedSource.ticketId, other: other.ticketId });
    }
    cells.set(username, agentCells);
  }
  for (let start = 0; start < creates.length; start += 100) {
    for (const result of await send(server.url, lead.token, ...creates.slice(start, start + 100))) expectApplied(result);
  }
}, 120_000);

afterAll(async () => {
  await db.end();
  await server.close();
});

async function versions(ids: readonly string[]): Promise<Map<string, number>> {
  const result = await db.query<{ id: string; version: number }>('SELECT id, version FROM tickets WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(result.rows.map((row) => [row.id, row.version]));
}

describe('permission matrix: every agent tries every mutation in every queue', () => {
  it('grants the rights as configured (the oracle below reads them from the login)', () => {
    expect(sessions.get('hmeier')?.permissions).toEqual({ tax: ['ro', 'create', 'note'], serviceline: ['create'] });
    expect(sessions.get('extern.kraus')?.permissions).toEqual({ settlement: ['ro', 'note'], itops: ['ro'] });
  });

  it.each(matrixAgents)('%s changes only what their rights allow', async (username) => {
    const session = sessions.get(username);
    const agentCells = cells.get(username);
    if (!session || !agentCells) throw new Error(`no session for ${username}`);
    const tickets = agentCells.flatMap((cell) => [cell.main, cell.moved, cell.mergedSource, cell.other]);
    for (const attempt of attempts) {
      const current = await versions(tickets);
      const mutations = agentCells.map((cell) => attempt.build(cell, session.agentId, (id) => current.get(id) ?? 0));
      const observed = [...tickets, ...mutations.map((m) => (m.args as { ticketId: string }).ticketId)];
      const before = await snapshots(db, observed);
      const results = await send(server.url, session.token, ...mutations);
      const after = await snapshots(db, observed);
      agentCells.forEach((cell, index) => {
        const result = results[index];
        const expected = expectedOutcome(session.permissions, attempt.name, attempt.rights(cell));
        const outcome = result?.status === 'rejected' ? result.reason : result?.status;
        outcomes.set(`${attempt.label}:${expected}`, (outcomes.get(`${attempt.label}:${expected}`) ?? 0) + 1);
        expect(outcome, `${username} ${attempt.label} in ${cell.queue}: ${JSON.stringify(result)}`).toBe(expected);
        // A create's own ticket counts as changed when it appears.
        const created = attempt.name === 'ticket.create' ? [(mutations[index]?.args as { ticketId: string }).ticketId] : [];
        const cellTickets = [cell.main, cell.moved, cell.mergedSource, cell.other, ...created];
        const changed = cellTickets.filter((id) => before.get(id) !== after.get(id));
        if (expected === 'applied') expect(changed.length, `${attempt.label} in ${cell.queue} changed nothing`).toBeGreaterThan(0);
        else expect(changed, `${username} ${attempt.label} in ${cell.queue} was refused but changed tickets`).toEqual([]);
      });
      // A refused create leaves no ticket behind.
      if (attempt.name === 'ticket.create') {
        const refused = mutations.filter((_, index) => results[index]?.status !== 'applied').map((m) => (m.args as { ticketId: string }).ticketId);
        expect((await db.query('SELECT 1 FROM tickets WHERE id = ANY($1::uuid[])', [refused])).rowCount).toBe(0);
      }
    }
  }, 60_000);

  it('met every kind of answer for every mutation somewhere in the matrix', () => {
    for (const attempt of attempts) {
      const kinds = ['applied', 'permission-denied', ...(attempt.name === 'ticket.create' ? [] : ['not-found'])];
      for (const kind of kinds) expect(outcomes.get(`${attempt.label}:${kind}`) ?? 0, `${attempt.label} never ${kind}`).toBeGreaterThan(0);
    }
  });

  it('recorded every permission denial in the audit log, with who and which mutation', async () => {
    const denied = [...outcomes].filter(([key]) => key.endsWith(':permission-denied')).reduce((sum, [, count]) => sum + count, 0);
    const audit = await db.query<{ actor_id: string; detail: { mutation: string } }>(
      "SELECT actor_id, detail FROM audit_log WHERE event = 'mutation-denied' AND outcome = 'permission-denied'",
    );
    expect(audit.rows).toHaveLength(denied);
    for (const row of audit.rows) expect(row.detail.mutation).toMatch(/^ticket\./u);
  });
});
