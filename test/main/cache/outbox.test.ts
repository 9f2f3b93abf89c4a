import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../src-shared/sync/entities.js';
import type { ChangesResponse } from '../../../src-shared/sync/protocol.js';
import { PageWriter } from '../../../src-main/cache/apply-page.js';
import { openCache } from '../../../src-main/cache/cache-file.js';
import { entityFromCacheRow } from '../../../src-main/cache/entity-columns.js';
import { Outbox } from '../../../src-main/cache/outbox.js';
import { overlayTicket } from '../../../src-main/cache/overlay.js';
import { ServerClient } from '../../../src-main/net/server-client.js';
import { pushOutbox } from '../../../src-main/sync/push.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { pullPage, signIn } from '../../server/feed/support/feed-client.js';
import { queueId } from '../../server/mutations/support.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

const custody = queueId('Wertpapiere::Verwahrung');
const article = (body: string): Record<string, unknown> => ({ articleId: randomUUID(), channel: 'phone', visibility: 'internal', subject: 'Anruf', body });

describe('the outbox: edits made in the Desk reach the server exactly once', () => {
  let server: ServerOnTestDatabase;
  let token: string;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ queues: (await import('../../server/mutations/support.js')).testQueues });
    token = await signIn(server.url, 'sobrien');
  });
  afterAll(() => server.close());

  async function pullInto(writer: PageWriter): Promise<number> {
    let page: ChangesResponse;
    do {
      page = await pullPage(server.url, token, writer.cursor());
      writer.apply(page);
    } while (page.hasMore);
    return page.position ?? 0;
  }
  const ticketIn = (cache: Database.Database, id: string): Ticket | undefined => {
    const row = cache.prepare('SELECT * FROM tickets WHERE "id" = ?').get(id) as Record<string, unknown> | undefined;
    return row ? entityFromCacheRow('ticket', row) : undefined;
  };

  it('refuses an edit that breaks the contract when it is made, and writes nothing', () => {
    const cache = openCache(temporaryDirectory('kontor-outbox-'), 'sobrien');
    try {
      const outbox = new Outbox(cache);
      const tooLong = outbox.enqueue('ticket.create', { ticketId: randomUUID(), queueId: custody, title: 'x'.repeat(10_000), type: 'incident', customerUserId: null, article: article('Hallo') }, null);
      expect(tooLong).toMatchObject({ ok: false, reason: 'invalid-args' });
      expect(tooLong.ok ? '' : tooLong.message).toMatch(/^args\.title: /u);
      expect(outbox.enqueue('ticket.explode', {}, null)).toMatchObject({ ok: false, message: 'name: there is no mutation "ticket.explode"' });
      // Ten attachments at the 10 MB limit each: every one is allowed, together they exceed what one request may carry.
      const upload = (): Record<string, unknown> => ({ id: randomUUID(), filename: 'scan.pdf', contentType: 'application/pdf', contentBase64: 'A'.repeat(Math.floor((10 * 1024 * 1024) / 3) * 4) });
      const heavy = outbox.enqueue('ticket.addArticle', { ticketId: randomUUID(), article: { ...article('Scans'), attachments: Array.from({ length: 10 }, upload) } }, 1);
      expect(heavy).toMatchObject({ ok: false, reason: 'invalid-args' });
      expect(heavy.ok ? '' : heavy.message).toMatch(/^args: the edit is 133\.3 MB as sent \(attachments in base64\); at most 32\.0 MB go to Kontor Server at once$/u);
      expect(outbox.entries()).toEqual([]);
    } finally {
      cache.close();
    }
  });

  it('writes nothing of an edit whose attachments find the disk full, not even the files staged before', () => {
    const cache = openCache(temporaryDirectory('kontor-outbox-'), 'sobrien');
    try {
      const outbox = new Outbox(cache);
      const staging = `${cache.name}-staged`;
      const upload = (id: string): Record<string, unknown> => ({ id, filename: 'scan.pdf', contentType: 'application/pdf', contentBase64: Buffer.from(`Scan ${id}`).toString('base64') });
      const [first, second] = [randomUUID(), randomUUID()];
      // The second file's write meets a full disk (/dev/full answers ENOSPC); the first was written.
      mkdirSync(staging, { recursive: true });
      symlinkSync('/dev/full', path.join(staging, `${second}.tmp`));
      expect(() => outbox.enqueue('ticket.addArticle', { ticketId: randomUUID(), article: { ...article('Scans'), attachments: [upload(first), upload(second)] } }, 1)).toThrow(
        expect.objectContaining({ code: 'ENOSPC' }) as unknown,
      );
      expect(outbox.entries()).toEqual([]);
      expect(readdirSync(staging)).toEqual([]);
      // With room again the same edit goes in whole.
      expect(outbox.enqueue('ticket.addArticle', { ticketId: randomUUID(), article: { ...article('Scans'), attachments: [upload(first), upload(second)] } }, 1).ok).toBe(true);
      expect(readdirSync(staging).sort()).toEqual([first, second].sort());
    } finally {
      cache.close();
    }
  });

  it('sends edits in order, shows them over canonical state until the feed brings them, and then forgets them', async () => {
    const cache = openCache(temporaryDirectory('kontor-outbox-'), 'sobrien');
    try {
      const writer = new PageWriter(cache);
      const outbox = new Outbox(cache);
      await pullInto(writer);
      const ticketId = randomUUID();
      expect(outbox.enqueue('ticket.create', { ticketId, queueId: custody, title: 'Depotübertrag', type: 'incident', customerUserId: null, article: article('Kunde ruft an.') }, null).ok).toBe(true);
      expect(outbox.enqueue('ticket.addArticle', { ticketId, article: article('Rückruf erledigt.') }, null).ok).toBe(true);
      const client = new ServerClient({ url: server.url });
      expect(await pushOutbox(outbox, client, token)).toEqual({ kind: 'sent', applied: 2, failed: 0 });
      expect(outbox.entries().map((entry) => entry.status)).toEqual(['applied', 'applied']);

      const position = await pullInto(writer);
      const canonical = ticketIn(cache, ticketId);
      expect(canonical?.title).toBe('Depotübertrag');
      expect(outbox.settle(position)).toBe(2);
      expect(outbox.entries()).toEqual([]);

      // An edit made now shows at once over the canonical ticket, marked pending.
      if (!canonical) throw new Error('missing');
      expect(outbox.enqueue('ticket.setPriority', { ticketId, priority: 1 }, canonical.version).ok).toBe(true);
      const shown = overlayTicket(canonical, outbox.entries(), 'sobrien-id');
      expect(shown.ticket.priority).toBe(1);
      expect(shown.pending.map((entry) => entry.status)).toEqual(['pending']);
      expect(canonical.priority).toBe(3);
    } finally {
      cache.close();
    }
  });

  it('applies an edit once even when its answer was lost, and holds back a ticket\'s later edits behind a conflict', async () => {
    const dir = temporaryDirectory('kontor-outbox-');
    let cache = openCache(dir, 'sobrien');
    const ticketId = randomUUID();
    const other = randomUUID();
    try {
      const outbox = new Outbox(cache);
      outbox.enqueue('ticket.create', { ticketId, queueId: custody, title: 'Kapitalmaßnahme', type: 'incident', customerUserId: null, article: article('Erste Notiz.') }, null);
      outbox.enqueue('ticket.create', { ticketId: other, queueId: custody, title: 'Quellensteuer', type: 'incident', customerUserId: null, article: article('Antrag.') }, null);
      outbox.enqueue('ticket.addArticle', { ticketId, article: article('Zweite Notiz.') }, null);
      // The answer is lost on the way: the server applied the batch, the outbox never heard of it.
      const sent = outbox.sendable(10);
      const response = await new ServerClient({ url: server.url }).call('POST', '/api/v1/sync/mutations', null, {
        token,
        body: { clientId: outbox.clientId(), mutations: sent.map((entry) => ({ id: entry.mutationId, name: entry.name, args: entry.args, baseVersion: entry.baseVersion })) },
      });
      expect(response.kind).toBe('ok');
    } finally {
      cache.close();
    }
    // The Desk restarts and sends the same edits again.
    cache = openCache(dir, 'sobrien');
    try {
      const outbox = new Outbox(cache);
      const writer = new PageWriter(cache);
      expect(await pushOutbox(outbox, new ServerClient({ url: server.url }), token)).toEqual({ kind: 'sent', applied: 3, failed: 0 });
      await pullInto(writer);
      const articles = cache.prepare('SELECT count(*) AS n FROM articles WHERE "ticket_id" = ?').get(ticketId) as { n: number };
      expect(articles.n).toBe(2);

      // A stale edit conflicts; the next edit of the same ticket waits, another ticket's goes on.
      outbox.settle(Number.MAX_SAFE_INTEGER);
      // Someone (here: the same agent, earlier) opened the ticket; an edit made on version 1 sets its state again.
      outbox.enqueue('ticket.setState', { ticketId, state: 'open' }, 2);
      expect(await pushOutbox(outbox, new ServerClient({ url: server.url }), token)).toEqual({ kind: 'sent', applied: 1, failed: 0 });
      outbox.settle(Number.MAX_SAFE_INTEGER);
      outbox.enqueue('ticket.setState', { ticketId, state: 'closed-successful' }, 1);
      outbox.enqueue('ticket.setPriority', { ticketId, priority: 2 }, 1);
      outbox.enqueue('ticket.setPriority', { ticketId: other, priority: 5 }, 1);
      expect(await pushOutbox(outbox, new ServerClient({ url: server.url }), token)).toMatchObject({ kind: 'sent' });
      const statuses = outbox.entries().map((entry) => [entry.args['ticketId'] === ticketId ? 'this' : 'other', entry.name, entry.status]);
      expect(statuses).toEqual([
        ['this', 'ticket.setState', 'conflict'],
        ['this', 'ticket.setPriority', 'pending'],
        ['other', 'ticket.setPriority', 'applied'],
      ]);
      expect(outbox.sendable(10)).toEqual([]);
      const conflict = outbox.entries()[0];
      expect(conflict?.result).toMatchObject({ status: 'conflict', fields: ['state', 'pendingUntil'] });
      // "Keep theirs": the conflicting edit goes, the one behind it may be sent.
      outbox.discard(conflict?.mutationId ?? '');
      expect(outbox.sendable(10).map((entry) => entry.name)).toEqual(['ticket.setPriority']);
    } finally {
      cache.close();
    }
  });

  it('never lets the agent\'s own edits of one ticket conflict with each other: each goes out on the version the one before made', async () => {
    const cache = openCache(temporaryDirectory('kontor-outbox-'), 'sobrien');
    const ticketId = randomUUID();
    try {
      const outbox = new Outbox(cache);
      const client = new ServerClient({ url: server.url });
      outbox.enqueue('ticket.create', { ticketId, queueId: custody, title: 'Zweimal geändert', type: 'incident', customerUserId: null, article: article('Notiz.') }, null);
      expect(await pushOutbox(outbox, client, token)).toEqual({ kind: 'sent', applied: 1, failed: 0 });
      // Offline, twice the same field, both on the version the agent saw.
      outbox.enqueue('ticket.setPriority', { ticketId, priority: 1 }, 1);
      outbox.enqueue('ticket.setPriority', { ticketId, priority: 5 }, 1);
      outbox.enqueue('ticket.setState', { ticketId, state: 'open' }, 1);
      expect(await pushOutbox(outbox, client, token)).toEqual({ kind: 'sent', applied: 3, failed: 0 });
      expect(outbox.entries().map((entry) => [entry.name, entry.status, entry.baseVersion])).toEqual([
        ['ticket.create', 'applied', null],
        ['ticket.setPriority', 'applied', 1],
        ['ticket.setPriority', 'applied', 2],
        ['ticket.setState', 'applied', 3],
      ]);
    } finally {
      cache.close();
    }
  });
});
