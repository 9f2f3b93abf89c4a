import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../../src-shared/api/sessions.js';
import { limits } from '../../../src-shared/limits.js';
import { ticketSchema } from '../../../src-shared/sync/entities.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { request } from '../support/http.js';
import {
  addArticle,
  articleInput,
  createTicket,
  expectApplied,
  expectRejected,
  inspect,
  mutation,
  postMutations,
  queueId,
  send,
  setState,
  signIn,
  testQueues,
  ticketSnapshot,
  type SignedIn,
} from './support.js';

let server: ServerOnTestDatabase;
let db: pg.Pool;
let lweber: SignedIn;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ queues: testQueues });
  db = inspect(server.database.url);
  // rw on settlement only.
  lweber = await signIn(server.url, 'lweber');
});

afterAll(async () => {
  await db.end();
  await server.close();
});

async function newTicket(): Promise<{ ticketId: string; version: number }> {
  const create = createTicket('Wertpapiere::Abwicklung');
  return { ticketId: create.ticketId, version: expectApplied((await send(server.url, lweber.token, create))[0]).version };
}

const countRows = async (table: string): Promise<number> => Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]?.n);

describe('a malformed envelope is 400 naming the field', () => {
  const cases: [string, unknown, string][] = [
    ['no clientId', { mutations: [mutation('ticket.lock', {})] }, 'clientId'],
    ['no mutations', { clientId: randomUUID(), mutations: [] }, 'mutations'],
    ['an unknown envelope field', { clientId: randomUUID(), mutations: [mutation('ticket.lock', {})], extra: 1 }, 'extra: unknown field'],
    ['a mutation id that is no uuid', { clientId: randomUUID(), mutations: [{ ...mutation('ticket.lock', {}), id: 'seven' }] }, 'mutations.0.id'],
    ['too many mutations', { clientId: randomUUID(), mutations: Array.from({ length: limits.mutationsPerBatch + 1 }, () => mutation('ticket.lock', {})) }, 'mutations'],
  ];
  it.each(cases)('%s', async (_label, body, field) => {
    const response = await request(`${server.url}/api/v1/sync/mutations`, { method: 'POST', token: lweber.token, body });
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(response.json)).toMatchObject({ reason: 'invalid-request' });
    expect(apiErrorSchema.parse(response.json).message).toContain(field);
  });

  it('refuses a body over the batch limit with 413 before reading it', async () => {
    const huge = `{"clientId":"${randomUUID()}","mutations":[],"pad":"${'x'.repeat(limits.mutationBatchMaxBytes)}"}`;
    const response = await request(`${server.url}/api/v1/sync/mutations`, { method: 'POST', token: lweber.token, body: huge, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
  });

  it('needs a session', async () => {
    const response = await request(`${server.url}/api/v1/sync/mutations`, { method: 'POST', body: { clientId: randomUUID(), mutations: [mutation('ticket.lock', {})] } });
    expect(response.status).toBe(401);
  });
});

describe('bad arguments are results, stored, and change nothing', () => {
  it('answers unknown-mutation and invalid-args naming the field, the same when replayed', async () => {
    const { ticketId, version } = await newTicket();
    const snapshot = await ticketSnapshot(db, ticketId);
    const tries = [
      mutation('ticket.explode', { ticketId }, version),
      mutation('ticket.setPriority', { ticketId, priority: 3, colour: 'red' }, version),
      mutation('ticket.setPriority', { ticketId, priority: '1' }, version),
      mutation('ticket.setPriority', { ticketId, priority: 9 }, version),
      addArticle(ticketId, { subject: 's'.repeat(limits.articleSubjectMaxLength + 1) }),
      addArticle(ticketId, { body: 'b'.repeat(limits.articleBodyMaxLength + 1) }),
      createTicket('Wertpapiere::Abwicklung', { title: 't'.repeat(limits.ticketTitleMaxLength + 1) }),
      createTicket('Wertpapiere::Abwicklung', { title: '   ' }),
    ];
    const expected = [
      ['unknown-mutation', 'ticket.explode'],
      ['invalid-args', 'args.colour: unknown field'],
      ['invalid-args', 'args.priority'],
      ['invalid-args', 'args.priority'],
      ['invalid-args', 'args.article.subject'],
      ['invalid-args', 'args.article.body'],
      ['invalid-args', 'args.title'],
      ['invalid-args', 'args.title'],
    ] as const;
    // Each alone: in one batch, the first failure would hold back the rest of the ticket.
    for (const [index, attempt] of tries.entries()) {
      const [reason, text] = expected[index] ?? ['', ''];
      const [result] = await send(server.url, lweber.token, attempt);
      expect(expectRejected(result, reason)).toContain(text);
      expect((await send(server.url, lweber.token, attempt))[0]).toEqual(result);
    }
    expect(await ticketSnapshot(db, ticketId)).toEqual(snapshot);
  });

  it('checks attachment sizes on the server, also when the base64 length passes', async () => {
    const { ticketId } = await newTicket();
    const attachmentsBefore = await countRows('attachments');
    const oneTooMany = Buffer.alloc(limits.attachmentMaxBytes + 1, 7).toString('base64');
    const upload = (contentBase64: string): Record<string, unknown> => ({ id: randomUUID(), filename: 'gross.bin', contentType: 'application/octet-stream', contentBase64 });
    const [decodedTooBig] = await send(server.url, lweber.token, addArticle(ticketId, { attachments: [upload(oneTooMany)] }));
    expect(expectRejected(decodedTooBig, 'invalid-args')).toContain('article.attachments.0.contentBase64');
    const [encodedTooBig] = await send(server.url, lweber.token, addArticle(ticketId, { attachments: [upload(Buffer.alloc(limits.attachmentMaxBytes + 3).toString('base64'))] }));
    expect(expectRejected(encodedTooBig, 'invalid-args')).toContain('contentBase64');
    const [garbage] = await send(server.url, lweber.token, addArticle(ticketId, { attachments: [upload('QUJD====')] }));
    expectRejected(garbage, 'invalid-args');
    expect(await countRows('attachments')).toBe(attachmentsBefore);
  });
});

describe('state transitions', () => {
  it('refuses merged by setState, new again, and pending without a future time', async () => {
    const { ticketId, version } = await newTicket();
    expectApplied((await send(server.url, lweber.token, setState(ticketId, version, 'open')))[0]);
    const snapshot = await ticketSnapshot(db, ticketId);
    const v = version + 1;
    expectRejected((await send(server.url, lweber.token, setState(ticketId, v, 'merged')))[0], 'invalid-transition');
    expectRejected((await send(server.url, lweber.token, setState(ticketId, v, 'new')))[0], 'invalid-transition');
    expect(expectRejected((await send(server.url, lweber.token, setState(ticketId, v, 'pending-reminder')))[0], 'invalid-args')).toContain('pendingUntil');
    expectRejected((await send(server.url, lweber.token, setState(ticketId, v, 'pending-reminder', '2000-01-01T00:00:00Z')))[0], 'invalid-args');
    expectRejected((await send(server.url, lweber.token, setState(ticketId, v, 'open', '2999-01-01T00:00:00Z')))[0], 'invalid-args');
    expect(await ticketSnapshot(db, ticketId)).toEqual(snapshot);
    expectApplied((await send(server.url, lweber.token, setState(ticketId, v, 'pending-auto-close', '2999-01-01T00:00:00+02:00')))[0]);
  });

  it('refuses a move without move_into on the target group', async () => {
    const { ticketId, version } = await newTicket();
    const snapshot = await ticketSnapshot(db, ticketId);
    const [result] = await send(server.url, lweber.token, mutation('ticket.move', { ticketId, queueId: queueId('ServiceLine') }, version));
    expect(expectRejected(result, 'permission-denied')).toContain('move_into');
    expect(await ticketSnapshot(db, ticketId)).toEqual(snapshot);
  });
});

describe('field-level conflicts against baseVersion', () => {
  it('a stale base version conflicts on a field the mutation writes, and applies on another field', async () => {
    const { ticketId, version } = await newTicket();
    expectApplied((await send(server.url, lweber.token, mutation('ticket.setPriority', { ticketId, priority: 1 }, version)))[0]);
    const snapshot = await ticketSnapshot(db, ticketId);
    const [conflict] = await send(server.url, lweber.token, mutation('ticket.setPriority', { ticketId, priority: 5 }, version));
    if (conflict?.status !== 'conflict') throw new Error(`expected a conflict, got ${JSON.stringify(conflict)}`);
    expect(conflict.fields).toEqual(['priority']);
    expect(ticketSchema.parse(conflict.server)).toMatchObject({ id: ticketId, priority: 1, version: version + 1 });
    expect(await ticketSnapshot(db, ticketId)).toEqual(snapshot);
    const [other] = await send(server.url, lweber.token, setState(ticketId, version, 'open'));
    expect(expectApplied(other).version).toBe(version + 2);
  });
});

describe('held back', () => {
  it('a mutation that did not apply holds back later ones of the same ticket only, and they may be sent again', async () => {
    const first = await newTicket();
    const second = await newTicket();
    const blocked = mutation('ticket.setPriority', { ticketId: first.ticketId, priority: 2 }, first.version);
    const response = await postMutations(server.url, lweber.token, [
      setState(first.ticketId, first.version, 'merged'),
      blocked,
      mutation('ticket.setPriority', { ticketId: second.ticketId, priority: 2 }, second.version),
    ]);
    const { results } = response.json as { results: { status: string; reason?: string }[] };
    expect(results.map((r) => r.reason ?? r.status)).toEqual(['invalid-transition', 'held-back', 'applied']);
    // Not stored: sent again on its own, it applies.
    expectApplied((await send(server.url, lweber.token, blocked))[0]);
  });

  it('an invalid create holds back the rest of its ticket', async () => {
    const create = createTicket('Wertpapiere::Abwicklung', { article: articleInput({ channel: 'pigeon' }) });
    const results = await send(server.url, lweber.token, create, addArticle(create.ticketId));
    expectRejected(results[0], 'invalid-args');
    expectRejected(results[1], 'held-back');
  });
});
