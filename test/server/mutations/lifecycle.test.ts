import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, minutes } from '../../harness/clock.js';
import { testCustomers } from '../../harness/directory.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import {
  addArticle,
  createTicket,
  expectApplied,
  expectRejected,
  inspect,
  mutation,
  queueId,
  send,
  setState,
  signIn,
  testQueues,
  ticketRow,
  type SignedIn,
} from './support.js';

// 2025-03-10 09:00 in Frankfurt (CET).
const clock = new TestClock(new Date('2025-03-10T08:00:00.000Z'));
let server: ServerOnTestDatabase;
let db: pg.Pool;
let lweber: SignedIn;
let mmueller: SignedIn;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ queues: testQueues }, { now: clock.now });
  db = inspect(server.database.url);
  // Both hold rw on settlement (kontor-settlement).
  lweber = await signIn(server.url, 'lweber');
  mmueller = await signIn(server.url, 'mmueller');
});

afterAll(async () => {
  await db.end();
  await server.close();
});

const customer = testCustomers[0];

async function newTicket(overrides: Record<string, unknown> = {}): Promise<{ ticketId: string; version: number }> {
  const create = createTicket('Wertpapiere::Abwicklung', overrides);
  const [result] = await send(server.url, lweber.token, create);
  return { ticketId: create.ticketId, version: expectApplied(result).version };
}

describe('creating tickets', () => {
  it('numbers a phone ticket by the Berlin date, records the customer institution and starts the SLA clocks', async () => {
    if (!customer) throw new Error('the test directory has no customers');
    const create = createTicket('Wertpapiere::Abwicklung', { customerUserId: customer.id, article: { articleId: crypto.randomUUID(), channel: 'phone', visibility: 'internal', sender: 'customer', subject: 'Anruf', body: 'Lieferung fehlt' } });
    const [result] = await send(server.url, lweber.token, create);
    const { version, seq } = expectApplied(result);
    expect(version).toBe(1);
    const row = await ticketRow(db, create.ticketId);
    expect(row['number']).toMatch(/^20250310\d{6}$/u);
    expect(row).toMatchObject({ state: 'new', customer_user_id: customer.id, institution_id: customer.institution.id, created_by: lweber.agentId });
    // Wertpapiere::Abwicklung answers within 30 minutes.
    expect((row['first_response_due'] as Date).toISOString()).toBe('2025-03-10T08:30:00.000Z');
    expect((row['solution_due'] as Date).toISOString()).toBe('2025-03-11T08:00:00.000Z');
    const changes = await db.query<{ entity: string; seq: string; group_name: string }>('SELECT entity, seq::text, group_name FROM change_log WHERE ticket_id = $1 ORDER BY id', [create.ticketId]);
    expect(changes.rows.map((c) => c.entity)).toEqual(['ticket', 'article', 'history']);
    expect(changes.rows.every((c) => c.group_name === 'settlement')).toBe(true);
    expect(Number(changes.rows.at(-1)?.seq)).toBe(seq);
  });

  it('refuses an unknown customer user and an agent given as customer', async () => {
    const unknown = await send(server.url, lweber.token, createTicket('Wertpapiere::Abwicklung', { customerUserId: '00000000-0000-4000-8000-000000000000' }));
    expect(expectRejected(unknown[0], 'invalid-args')).toContain('customerUserId');
    const agent = await send(server.url, lweber.token, createTicket('Wertpapiere::Abwicklung', { customerUserId: mmueller.agentId }));
    expectRejected(agent[0], 'invalid-args');
  });

  it('answers already-exists for a ticket id that is taken', async () => {
    const { ticketId } = await newTicket();
    const [again] = await send(server.url, lweber.token, createTicket('Wertpapiere::Abwicklung', { ticketId }));
    expectRejected(again, 'already-exists');
  });
});

describe('customer follow-up', () => {
  it('reopens a closed ticket, restarts the update clock and keeps the answered first response', async () => {
    const { ticketId, version } = await newTicket();
    const answered = await send(server.url, lweber.token, addArticle(ticketId, { visibility: 'customer-visible', channel: 'email', subject: 'Antwort' }));
    const afterAnswer = expectApplied(answered[0]).version;
    expect((await ticketRow(db, ticketId))['first_response_due']).toBeNull();
    expect(afterAnswer).toBe(version + 1);
    const closed = await send(server.url, lweber.token, setState(ticketId, afterAnswer, 'closed-successful'));
    expect(await ticketRow(db, ticketId)).toMatchObject({ state: 'closed-successful', update_due: null, solution_due: null });

    // Less than the idle timeout, so that the sessions stay alive.
    clock.advance(minutes(20));
    const followUp = await send(server.url, lweber.token, addArticle(ticketId, { sender: 'customer', channel: 'phone', subject: 'Noch eine Frage' }));
    expectApplied(followUp[0]);
    const row = await ticketRow(db, ticketId);
    expect(row['state']).toBe('open');
    expect(row['first_response_due']).toBeNull();
    expect((row['update_due'] as Date).getTime()).toBe(clock.now().getTime() + minutes(240));
    // The reopen wrote the state: a client that closed it again from the old version conflicts.
    const stale = await send(server.url, lweber.token, setState(ticketId, expectApplied(closed[0]).version, 'closed-successful'));
    expect(stale[0]).toMatchObject({ status: 'conflict', fields: ['state', 'pendingUntil'] });
    const history = await db.query<{ event: string }>('SELECT event FROM ticket_history WHERE ticket_id = $1 ORDER BY id', [ticketId]);
    expect(history.rows.map((h) => h.event)).toEqual(['created', 'article-added', 'state-changed', 'state-changed', 'article-added']);
  });

  it('does not reopen a closed ticket for an agent note', async () => {
    const { ticketId, version } = await newTicket();
    const closed = expectApplied((await send(server.url, lweber.token, setState(ticketId, version, 'closed-unsuccessful')))[0]);
    expectApplied((await send(server.url, lweber.token, addArticle(ticketId)))[0]);
    expect((await ticketRow(db, ticketId))['state']).toBe('closed-unsuccessful');
    expect(closed.version).toBe(version + 1);
  });
});

describe('locks', () => {
  it('rejects owner and state changes, moves and merges of another agent with locked-by-other, and lets notes through', async () => {
    const { ticketId, version } = await newTicket();
    const other = await newTicket();
    const locked = expectApplied((await send(server.url, lweber.token, mutation('ticket.lock', { ticketId }, version)))[0]);
    expect(await ticketRow(db, ticketId)).toMatchObject({ locked: true, owner_id: lweber.agentId });

    const v = locked.version;
    const tries = [
      mutation('ticket.setOwner', { ticketId, ownerId: mmueller.agentId }, v),
      setState(ticketId, v, 'open'),
      mutation('ticket.lock', { ticketId }, v),
      mutation('ticket.merge', { ticketId, intoTicketId: other.ticketId }, v),
      mutation('ticket.move', { ticketId, queueId: queueId('Wertpapiere') }, v),
    ];
    for (const attempt of tries) expectRejected((await send(server.url, mmueller.token, attempt))[0], 'locked-by-other');
    expectApplied((await send(server.url, mmueller.token, addArticle(ticketId)))[0]);
    expectApplied((await send(server.url, mmueller.token, mutation('ticket.setPriority', { ticketId, priority: 1 }, v)))[0]);
    // The lock holder may do all of it.
    expectApplied((await send(server.url, lweber.token, setState(ticketId, v, 'open')))[0]);
    // Anyone with rw may release the lock; then the others may act again.
    const unlocked = expectApplied((await send(server.url, mmueller.token, mutation('ticket.unlock', { ticketId }, v)))[0]);
    expectApplied((await send(server.url, mmueller.token, mutation('ticket.lock', { ticketId }, unlocked.version)))[0]);
    expect(await ticketRow(db, ticketId)).toMatchObject({ locked: true, owner_id: mmueller.agentId });
  });
});
