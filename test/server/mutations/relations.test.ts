import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { addArticle, createTicket, expectApplied, expectRejected, inspect, mutation, queueId, send, signIn, testQueues, ticketRow, ticketSnapshot, type SignedIn } from './support.js';

let server: ServerOnTestDatabase;
let db: pg.Pool;
let mmueller: SignedIn;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ queues: testQueues });
  db = inspect(server.database.url);
  // rw on serviceline and settlement.
  mmueller = await signIn(server.url, 'mmueller');
});

afterAll(async () => {
  await db.end();
  await server.close();
});

async function newTicket(queue: string): Promise<{ ticketId: string; version: number }> {
  const create = createTicket(queue);
  const [result] = await send(server.url, mmueller.token, create);
  return { ticketId: create.ticketId, version: expectApplied(result).version };
}

async function changeRows(ticketId: string, afterId = '0'): Promise<{ entity: string; group_name: string; previous_group: string | null }[]> {
  const result = await db.query<{ entity: string; group_name: string; previous_group: string | null }>(
    'SELECT entity, group_name, previous_group FROM change_log WHERE ticket_id = $1 AND id > $2 ORDER BY id',
    [ticketId, afterId],
  );
  return result.rows;
}

const lastChangeId = async (): Promise<string> => (await db.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM change_log')).rows[0]?.id ?? '0';

describe('move', () => {
  it('into another group sends the whole ticket again in the new group and names the old one', async () => {
    const { ticketId, version } = await newTicket('ServiceLine');
    expectApplied((await send(server.url, mmueller.token, addArticle(ticketId), mutation('ticket.accountTime', { ticketId, entryId: randomUUID(), minutes: 15 })))[0]);
    const before = await lastChangeId();
    const [moved] = await send(server.url, mmueller.token, mutation('ticket.move', { ticketId, queueId: queueId('Wertpapiere::Abwicklung') }, version));
    expectApplied(moved);
    const rows = await changeRows(ticketId, before);
    expect(rows[0]).toEqual({ entity: 'ticket', group_name: 'settlement', previous_group: 'serviceline' });
    expect(rows.map((row) => row.entity).sort()).toEqual(['article', 'article', 'history', 'history', 'history', 'history', 'ticket', 'time-entry']);
    expect(rows.every((row) => row.group_name === 'settlement')).toBe(true);
  });

  it('within a group sends the ticket and its history only', async () => {
    const { ticketId, version } = await newTicket('Wertpapiere');
    const before = await lastChangeId();
    expectApplied((await send(server.url, mmueller.token, mutation('ticket.move', { ticketId, queueId: queueId('Wertpapiere::Abwicklung') }, version)))[0]);
    expect((await changeRows(ticketId, before)).map((row) => row.entity)).toEqual(['history', 'ticket']);
  });

  it('refuses the queue it is in, an unknown queue, and a missing baseVersion', async () => {
    const { ticketId, version } = await newTicket('ServiceLine');
    const snapshot = await ticketSnapshot(db, ticketId);
    const results = await send(
      server.url,
      mmueller.token,
      mutation('ticket.move', { ticketId, queueId: queueId('ServiceLine') }, version),
    );
    expect(expectRejected(results[0], 'invalid-args')).toContain('queueId');
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.move', { ticketId, queueId: randomUUID() }, version)))[0], 'invalid-args');
    expect(expectRejected((await send(server.url, mmueller.token, mutation('ticket.move', { ticketId, queueId: queueId('Wertpapiere') }, null)))[0], 'invalid-args')).toContain('baseVersion');
    expect(await ticketSnapshot(db, ticketId)).toEqual(snapshot);
  });
});

describe('merge', () => {
  it('marks the source merged into the target, keeps its articles, writes history on both and freezes the source', async () => {
    const source = await newTicket('ServiceLine');
    const target = await newTicket('Wertpapiere::Abwicklung');
    const [merged] = await send(server.url, mmueller.token, mutation('ticket.merge', { ticketId: source.ticketId, intoTicketId: target.ticketId }, source.version));
    expect(expectApplied(merged).version).toBe(source.version + 1);
    expect(await ticketRow(db, source.ticketId)).toMatchObject({ state: 'merged', merged_into_id: target.ticketId, solution_due: null });
    expect(await ticketRow(db, target.ticketId)).toMatchObject({ state: 'new', version: target.version + 1 });
    const articles = await db.query('SELECT id FROM articles WHERE ticket_id = $1', [source.ticketId]);
    expect(articles.rowCount).toBe(1);
    // A `merged` link records where it went (only agents who may read both tickets receive it), named after the source.
    const links = await db.query('SELECT id, target_ticket_id, kind FROM ticket_links WHERE source_ticket_id = $1', [source.ticketId]);
    expect(links.rows).toEqual([{ id: expect.any(String) as unknown, target_ticket_id: target.ticketId, kind: 'merged' }]);
    const linkId = (links.rows[0] as { id: string }).id;
    const targetHistory = await db.query<{ event: string; data: { ticketId: string } }>('SELECT event, data FROM ticket_history WHERE ticket_id = $1 ORDER BY id', [target.ticketId]);
    expect(targetHistory.rows.at(-1)).toMatchObject({ event: 'merged-from', data: { ticketId: source.ticketId, linkId } });

    const frozen = await ticketSnapshot(db, source.ticketId);
    const later = await send(server.url, mmueller.token, addArticle(source.ticketId));
    expectRejected(later[0], 'invalid-transition');
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.setPriority', { ticketId: source.ticketId, priority: 1 }, source.version + 1)))[0], 'invalid-transition');
    expect(await ticketSnapshot(db, source.ticketId)).toEqual(frozen);
  });

  it('refuses a merge into itself and into a merged ticket', async () => {
    const a = await newTicket('ServiceLine');
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.merge', { ticketId: a.ticketId, intoTicketId: a.ticketId }, a.version)))[0], 'invalid-args');
    const b = await newTicket('ServiceLine');
    const c = await newTicket('ServiceLine');
    expectApplied((await send(server.url, mmueller.token, mutation('ticket.merge', { ticketId: b.ticketId, intoTicketId: c.ticketId }, b.version)))[0]);
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.merge', { ticketId: a.ticketId, intoTicketId: b.ticketId }, a.version)))[0], 'invalid-transition');
  });
});

describe('link', () => {
  it('links two tickets once, visible from both groups, and refuses the same link again', async () => {
    const source = await newTicket('ServiceLine');
    const target = await newTicket('Wertpapiere::Abwicklung');
    const args = { ticketId: source.ticketId, linkId: randomUUID(), targetTicketId: target.ticketId, kind: 'related' };
    expectApplied((await send(server.url, mmueller.token, mutation('ticket.link', args)))[0]);
    const rows = await db.query<{ ticket_id: string; group_name: string }>("SELECT ticket_id, group_name FROM change_log WHERE entity = 'link' AND entity_id = $1 ORDER BY id", [args.linkId]);
    expect(rows.rows).toEqual([{ ticket_id: source.ticketId, group_name: 'serviceline' }, { ticket_id: target.ticketId, group_name: 'settlement' }]);
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.link', { ...args, linkId: randomUUID() })))[0], 'already-exists');
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.link', args)))[0], 'already-exists');
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.link', { ...args, linkId: randomUUID(), targetTicketId: source.ticketId })))[0], 'invalid-args');
  });
});

describe('account time', () => {
  it('books minutes once per entry id and never conflicts', async () => {
    const { ticketId } = await newTicket('ServiceLine');
    const entryId = randomUUID();
    // baseVersion 0 is stale for every field, and account time writes none of them.
    expectApplied((await send(server.url, mmueller.token, mutation('ticket.accountTime', { ticketId, entryId, minutes: 30, note: 'Telefonat' }, 0)))[0]);
    expectRejected((await send(server.url, mmueller.token, mutation('ticket.accountTime', { ticketId, entryId, minutes: 30 })))[0], 'already-exists');
    const entries = await db.query('SELECT minutes, agent_id FROM time_entries WHERE ticket_id = $1', [ticketId]);
    expect(entries.rows).toEqual([{ minutes: 30, agent_id: mmueller.agentId }]);
  });
});
