import { expect } from 'vitest';
import { changesResponseSchema, type Change, type ChangesResponse } from '../../../../src-shared/sync/protocol.js';
import { request, type HttpResponse } from '../../support/http.js';

/** Feed tests need only the token of a session. */
export { tokenFor as signIn } from '../../support/http.js';

export function getChanges(url: string, token: string, after: string, limit?: number): Promise<HttpResponse> {
  const query = new URLSearchParams({ after });
  if (limit !== undefined) query.set('limit', String(limit));
  return request(`${url}/api/v1/sync/changes?${query.toString()}`, { token });
}

/** One page, which must be a 200 with a valid body; `text` as it was sent. */
export async function pullPage(url: string, token: string, after: string, limit?: number): Promise<ChangesResponse & { bytes: number; text: string }> {
  const response = await getChanges(url, token, after, limit);
  expect(response.status, response.text.slice(0, 500)).toBe(200);
  return { ...changesResponseSchema.parse(response.json), bytes: Buffer.byteLength(response.text), text: response.text };
}

export interface Pulled {
  changes: Change[];
  /** Each with its `text` as sent, for tests that look for what must not be in it. */
  pages: (ChangesResponse & { bytes: number; text: string })[];
  cursor: string;
}

/** Pages until `hasMore` is false. */
export async function pullAll(url: string, token: string, after = '', limit?: number): Promise<Pulled> {
  const pages: Pulled['pages'] = [];
  let cursor = after;
  for (;;) {
    const page = await pullPage(url, token, cursor, limit);
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return { changes: pages.flatMap((p) => p.changes), pages, cursor };
  }
}

/**
 * What a client holds after applying `changes` in order (entity → id → data), by the rules of
 * docs/api.md: an upsert replaces, a ticket's `remove` purges its articles, history and time
 * entries and every link that has it at either end.
 */
export function applyChanges(changes: readonly Change[], into = new Map<string, Map<string, unknown>>()): Map<string, Map<string, unknown>> {
  const table = (entity: string): Map<string, unknown> => {
    let rows = into.get(entity);
    if (!rows) into.set(entity, (rows = new Map<string, unknown>()));
    return rows;
  };
  for (const change of changes) {
    if (change.op === 'upsert') {
      table(change.entity).set(change.id, change.data);
      continue;
    }
    table(change.entity).delete(change.id);
    // A ticket's removal takes its bundle with it.
    if (change.entity === 'ticket') {
      for (const entity of ['article', 'history', 'time-entry']) {
        for (const [id, data] of table(entity)) if ((data as { ticketId: string }).ticketId === change.id) table(entity).delete(id);
      }
      for (const [id, data] of table('link')) {
        const link = data as { sourceTicketId: string; targetTicketId: string };
        if (link.sourceTicketId === change.id || link.targetTicketId === change.id) table('link').delete(id);
      }
    }
  }
  return into;
}

export function idsOf(state: Map<string, Map<string, unknown>>, entity: string): string[] {
  return [...(state.get(entity)?.keys() ?? [])].sort();
}
