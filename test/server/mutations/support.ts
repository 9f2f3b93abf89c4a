import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { expect } from 'vitest';
import type { MutationName } from '../../../src-shared/sync/mutations.js';
import { mutationResponseSchema, type MutationResult } from '../../../src-shared/sync/protocol.js';
import { queueIdFor } from '../../../src-server/config/apply-config.js';
import type { QueueConfig } from '../../../src-server/config/queues.js';
import { request, type HttpResponse } from '../support/http.js';

const sla = { firstResponseMinutes: 60, updateMinutes: 240, solutionMinutes: 1440, warningPercent: 80 };

/** The bank's queues as the tests configure them, one per group (the parent of a nested one too). */
export const testQueues: QueueConfig[] = [
  { name: 'ServiceLine', group: 'serviceline', sla, valid: true },
  { name: 'Wertpapiere', group: 'settlement', sla, valid: true },
  { name: 'Wertpapiere::Abwicklung', group: 'settlement', sla: { ...sla, firstResponseMinutes: 30 }, valid: true },
  { name: 'Wertpapiere::Verwahrung', group: 'custody', sla, valid: true },
  { name: 'Steuern', group: 'tax', sla, valid: true },
  { name: 'IT-Betrieb', group: 'itops', sla, valid: true },
  { name: 'Interner Helpdesk', group: 'helpdesk', sla, valid: true },
];

/** The id a configured queue gets (name-based, the same in every database). */
export const queueId = (name: string): string => queueIdFor(name);

export { signIn, type SignedIn } from '../support/http.js';

export interface EnvelopeMutation {
  id: string;
  name: string;
  args: unknown;
  baseVersion: number | null;
}

/** One mutation of the envelope with a fresh id; any name, so that tests can send unknown ones. */
export function mutation(name: MutationName | (string & {}), args: unknown, baseVersion: number | null = null): EnvelopeMutation {
  return { id: randomUUID(), name, args, baseVersion };
}

export function postMutations(url: string, token: string, mutations: readonly EnvelopeMutation[], clientId: string = randomUUID()): Promise<HttpResponse> {
  // Only the envelope's fields: builders may carry extras for the test (createTicket's ticketId).
  const sent = mutations.map(({ id, name, args, baseVersion }) => ({ id, name, args, baseVersion }));
  return request(`${url}/api/v1/sync/mutations`, { method: 'POST', token, body: { clientId, mutations: sent } });
}

/** Posts a batch and returns its results, checked against the protocol's schema. */
export async function send(url: string, token: string, ...mutations: EnvelopeMutation[]): Promise<MutationResult[]> {
  const response = await postMutations(url, token, mutations);
  expect(response.status, response.text).toBe(200);
  return mutationResponseSchema.parse(response.json).results;
}

export function articleInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { articleId: randomUUID(), channel: 'phone', visibility: 'internal', sender: 'agent', subject: 'Anruf', body: 'Kunde ruft an.', ...overrides };
}

/** A ticket.create mutation for an internal ticket in `queue` (a name of `testQueues`). */
export function createTicket(queue: string, overrides: Record<string, unknown> = {}): EnvelopeMutation & { ticketId: string } {
  const ticketId = randomUUID();
  const args = { ticketId, queueId: queueId(queue), title: `Ticket in ${queue}`, type: 'incident', customerUserId: null, article: articleInput(), ...overrides };
  return { ...mutation('ticket.create', args), ticketId };
}

export function addArticle(ticketId: string, article: Record<string, unknown> = {}): EnvelopeMutation {
  return mutation('ticket.addArticle', { ticketId, article: articleInput(article) });
}

export function setState(ticketId: string, baseVersion: number, state: string, pendingUntil: string | null = null): EnvelopeMutation {
  return mutation('ticket.setState', { ticketId, state, pendingUntil }, baseVersion);
}

export function expectApplied(result: MutationResult | undefined): { version: number; seq: number } {
  if (result?.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result;
}

export function expectRejected(result: MutationResult | undefined, reason: string): string {
  expect(result, JSON.stringify(result)).toMatchObject({ status: 'rejected', reason });
  return result?.status === 'rejected' ? result.message : '';
}

/** A small pool on the test database for looking at what the server wrote. */
export function inspect(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 2 });
}

/**
 * Everything stored about one ticket: the row and its articles, attachments, history, links,
 * time entries and change rows. Equal before and after means nothing changed.
 */
export async function ticketSnapshot(db: pg.Pool, ticketId: string): Promise<unknown> {
  const one = async (sql: string): Promise<unknown[]> => (await db.query<Record<string, unknown>>(sql, [ticketId])).rows;
  return {
    ticket: await one('SELECT * FROM tickets WHERE id = $1'),
    articles: await one('SELECT id FROM articles WHERE ticket_id = $1 ORDER BY id'),
    attachments: await one('SELECT id FROM attachments WHERE ticket_id = $1 ORDER BY id'),
    history: await one('SELECT id FROM ticket_history WHERE ticket_id = $1 ORDER BY id'),
    links: await one('SELECT id FROM ticket_links WHERE source_ticket_id = $1 OR target_ticket_id = $1 ORDER BY id'),
    timeEntries: await one('SELECT id FROM time_entries WHERE ticket_id = $1 ORDER BY id'),
    changes: await one('SELECT id FROM change_log WHERE ticket_id = $1 ORDER BY id'),
  };
}

export async function ticketRow(db: pg.Pool, ticketId: string): Promise<Record<string, unknown>> {
  const row = (await db.query<Record<string, unknown>>('SELECT * FROM tickets WHERE id = $1', [ticketId])).rows[0];
  if (!row) throw new Error(`ticket ${ticketId} is not in the database`);
  return row;
}

export interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GET /api/v1/attachments/:id as raw bytes (the JSON helper would decode them as text). */
export function downloadAttachment(url: string, id: string, token?: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const outgoing = http.get(`${url}/api/v1/attachments/${id}`, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
  });
}
