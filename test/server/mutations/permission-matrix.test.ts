import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRight } from '../../../src-shared/permissions.js';
import { mutationNames } from '../../../src-shared/sync/mutations.js';
import type { MutationResult } from '../../../src-shared/sync/protocol.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { attempts as catalogueAttempts, twinWithUnknownTickets, type Attempt } from './matrix-attempts.js';
import { MatrixFeeds, namesIn } from './matrix-feeds.js';
import { comparable, expectedOutcome, groupOf, matrixAgents, matrixRoles, snapshots, ticketStates, type Cell, type Taken } from './matrix-support.js';
import { seedCells, seedTakenIds } from './matrix-seed.js';
import { inspect, mutation, queueId, send, signIn, testQueues, type EnvelopeMutation, type SignedIn } from './support.js';

let server: ServerOnTestDatabase;
let db: pg.Pool;
/** The matrix agents, signed in. */
const sessions = new Map<string, SignedIn & { username: string }>();
/** agent → the tickets they work on, one cell per queue. */
let cells = new Map<string, Cell[]>();
/** Per queue, ids the team lead used: taken for everybody, readable for some. */
let taken: Taken[] = [];
let feeds: MatrixFeeds;
/** `label:outcome` → how often the matrix expected it. */
const outcomes = new Map<string, number>();
/** Every answer an agent got, with what they sent: no answer may name a ticket they never could read. */
const answers: { username: string; sent: string; answer: string }[] = [];
let cases = 0;
/** An SLA no matrix ticket has of its own: that of Wertpapiere::Abwicklung (a tighter first response). */
let otherSlaId = '';

/** Every mutation of the catalogue, ticket.setSla among them. */
const attempts: Attempt[] = [
  ...catalogueAttempts,
  {
    name: 'ticket.setSla',
    label: 'SLA',
    build: (c, x) => mutation('ticket.setSla', { ticketId: c.main, slaId: otherSlaId }, x.version(c.main)),
    checks: (c) => [{ on: 'ticket', group: groupOf(c.queue), right: 'priority' }],
  },
];

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ queues: testQueues, roles: matrixRoles });
  db = inspect(server.database.url);
  otherSlaId = (await db.query<{ sla_id: string }>('SELECT sla_id FROM queues WHERE id = $1', [queueId('Wertpapiere::Abwicklung')])).rows[0]?.sla_id ?? '';
  for (const username of matrixAgents) sessions.set(username, { ...(await signIn(server.url, username)), username });
  const lead = sessions.get('mmueller');
  if (!lead) throw new Error('no team lead');
  cells = await seedCells(server.url, lead.token, matrixAgents);
  taken = await seedTakenIds(server.url, lead.token);
  feeds = await MatrixFeeds.bootstrap(server.url, db, sessions);
}, 180_000);

afterAll(async () => {
  await db.end();
  await server.close();
});

/** Sends the mutations in one request, or one request each. */
async function sendAll(token: string, mutations: readonly EnvelopeMutation[], alone: boolean): Promise<MutationResult[]> {
  if (!alone) return send(server.url, token, ...mutations);
  const results: MutationResult[] = [];
  for (const m of mutations) results.push(...(await send(server.url, token, m)));
  return results;
}

const cellTickets = (cell: Cell): string[] => [cell.main, cell.moved, cell.mergedSource, cell.crossSource, cell.other, cell.foreign];
const outcomeOf = (result: MutationResult | undefined): string | undefined => (result?.status === 'rejected' ? result.reason : result?.status);
const count = (key: string): void => void outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

/**
 * One attempt in every cell of an agent: each answer as the oracle says, nothing changed by a
 * refusal, and for each refusal naming a ticket (or agent) the agent may not see, a twin naming
 * an unknown one instead, whose answer must be the same byte for byte. Returns the answers.
 */
async function tryInEveryCell(session: SignedIn & { username: string }, agentCells: readonly Cell[], attempt: Attempt, takenIds: Taken | null): Promise<string[]> {
  const tickets = agentCells.flatMap(cellTickets);
  const states = await ticketStates(db, tickets);
  const context = { self: session.agentId, outsider: sessions.get('extern.kraus')?.agentId ?? '', taken: takenIds, version: (id: string) => states.get(id)?.version ?? 0 };
  const mutations = agentCells.map((cell) => attempt.build(cell, context));
  // A create's own ticket counts as changed when it appears.
  const createdBy = (index: number): string[] => (attempt.name === 'ticket.create' ? [(mutations[index]?.args as { ticketId: string }).ticketId] : []);
  const observed = [...tickets, ...mutations.flatMap((_, index) => createdBy(index))];
  const before = await snapshots(db, observed);
  const results = await sendAll(session.token, mutations, attempt.alone ?? false);
  const after = await snapshots(db, observed);
  const label = `${session.username} ${attempt.label}${takenIds ? ` (ids of ${takenIds.queue})` : ''}`;
  const twins: { index: number; twin: EnvelopeMutation }[] = [];
  agentCells.forEach((cell, index) => {
    const result = results[index];
    const expected = expectedOutcome(session.permissions, attempt.checks(cell), attempt.success);
    count(`${attempt.label}:${expected}`);
    cases += 1;
    expect(outcomeOf(result), `${label} in ${cell.queue}: ${JSON.stringify(result)}`).toBe(expected);
    answers.push({ username: session.username, sent: JSON.stringify(mutations[index]), answer: JSON.stringify(result) });
    const changed = [...cellTickets(cell), ...createdBy(index)].filter((id) => before.get(id) !== after.get(id));
    if (expected === 'applied') expect(changed.length, `${label} in ${cell.queue} changed nothing`).toBeGreaterThan(0);
    else expect(changed, `${label} in ${cell.queue} was refused but changed tickets`).toEqual([]);
    const original = mutations[index];
    if (expected === 'applied' || !original || attempt.name === 'ticket.create') return;
    const hidden = (id: string): boolean => !hasRight(session.permissions, states.get(id)?.group ?? '', 'ro');
    const twin = attempt.unknownTwin?.(original) ?? twinWithUnknownTickets(original, hidden);
    if (twin) twins.push({ index, twin });
  });
  if (attempt.name === 'ticket.create' && !attempt.reusesTakenIds) {
    // A refused create leaves no ticket behind.
    const refused = mutations.filter((_, index) => results[index]?.status !== 'applied').map((m) => (m.args as { ticketId: string }).ticketId);
    expect((await db.query('SELECT 1 FROM tickets WHERE id = ANY($1::uuid[])', [refused])).rowCount).toBe(0);
  }
  if (twins.length > 0) {
    const twinResults = await send(server.url, session.token, ...twins.map(({ twin }) => twin));
    expect(await snapshots(db, observed), `${label}: a twin changed tickets`).toEqual(after);
    twins.forEach(({ index, twin }, position) => {
      cases += 1;
      answers.push({ username: session.username, sent: JSON.stringify(twin), answer: JSON.stringify(twinResults[position]) });
      if (outcomeOf(twinResults[position]) === 'permission-denied') count(`${attempt.label}:twin-denied`);
      expect(comparable(twinResults[position]), `${label} in ${agentCells[index]?.queue}: unknown instead of unreadable`).toBe(comparable(results[index]));
    });
  }
  return results.map(comparable);
}

describe('permission matrix: every agent tries every mutation in every queue', () => {
  it('grants the rights as configured (the oracle below reads them from the login)', () => {
    expect(sessions.get('hmeier')?.permissions).toEqual({ tax: ['ro', 'create', 'note'], serviceline: ['create'] });
    expect(sessions.get('extern.kraus')?.permissions).toEqual({ settlement: ['ro', 'note'], itops: ['ro'] });
  });

  it.each(matrixAgents)('%s changes only what their rights allow, and learns nothing of what they may not read', async (username) => {
    const session = sessions.get(username);
    const agentCells = cells.get(username);
    if (!session || !agentCells) throw new Error(`no session for ${username}`);
    const readable = taken.find((ids) => hasRight(session.permissions, groupOfTaken(ids), 'ro'));
    const unreadable = taken.find((ids) => !hasRight(session.permissions, groupOfTaken(ids), 'ro'));
    for (const attempt of attempts) {
      if (!attempt.reusesTakenIds) {
        await tryInEveryCell(session, agentCells, attempt, null);
        continue;
      }
      const variants = [readable, unreadable].filter((ids): ids is Taken => ids !== undefined);
      const answered = [];
      for (const ids of variants) answered.push(await tryInEveryCell(session, agentCells, attempt, ids));
      // An id taken where the agent may read and one taken where they may not: the same answers.
      if (answered.length === 2) expect(answered[1], `${username} ${attempt.label}: readable or not`).toEqual(answered[0]);
    }
  }, 120_000);

  it('tries every mutation of the catalogue', () => {
    expect(mutationNames.filter((name) => !attempts.some((attempt) => attempt.name === name))).toEqual([]);
  });

  it('met every kind of answer for every mutation somewhere in the matrix', () => {
    for (const attempt of attempts) {
      const kinds = [attempt.success ?? 'applied', 'permission-denied', ...(attempt.name === 'ticket.create' ? [] : ['not-found'])];
      for (const kind of kinds) expect(outcomes.get(`${attempt.label}:${kind}`) ?? 0, `${attempt.label} never ${kind}`).toBeGreaterThan(0);
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it('recorded every permission denial in the audit log, with who and which mutation', async () => {
    const denied = [...outcomes].filter(([key]) => key.endsWith(':permission-denied') || key.endsWith(':twin-denied')).reduce((sum, [, n]) => sum + n, 0);
    const audit = await db.query<{ actor_id: string; detail: { mutation: string } }>(
      "SELECT actor_id, detail FROM audit_log WHERE event = 'mutation-denied' AND outcome = 'permission-denied'",
    );
    expect(audit.rows).toHaveLength(denied);
    for (const row of audit.rows) expect(row.detail.mutation).toMatch(/^ticket\./u);
  });

  it('named no ticket an agent never could read, in any answer or any page of the feed', async () => {
    await feeds.followAndCompare();
    for (const username of matrixAgents) {
      const session = sessions.get(username);
      if (!session) throw new Error(`no session for ${username}`);
      const never = await feeds.neverReadable(session.permissions);
      // The team lead reads everything; everybody else has tickets to be kept from them.
      if (username !== 'mmueller') expect(never.length, username).toBeGreaterThan(0);
      for (const { sent, answer } of answers.filter((entry) => entry.username === username)) {
        // An answer may repeat what the agent sent, nothing else of those tickets.
        const named = namesIn([answer]);
        const own = namesIn([sent]);
        const told = never.filter((ticket) => (named.has(ticket.id) && !own.has(ticket.id)) || named.has(ticket.number));
        expect(told, `${username} was told of tickets in ${answer}`).toEqual([]);
      }
      feeds.expectNothingOf(username, never);
    }
  });
});

/** The group of the queue whose ids these are. */
function groupOfTaken(ids: Taken): string {
  return testQueues.find((queue) => queue.name === ids.queue)?.group ?? '';
}
