import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesResponse } from '../../../src-shared/sync/protocol.js';
import { PageWriter } from '../../../src-main/cache/apply-page.js';
import { openCache } from '../../../src-main/cache/cache-file.js';
import { SearchIndex } from '../../../src-main/cache/search-index.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { createQueue, createTicket, moveTicket, retitle, waitForStamped, type Bundle } from '../../server/feed/support/domain.js';
import { pullPage, signIn } from '../../server/feed/support/feed-client.js';
import { temporaryDirectory } from '../../server/support/temporary.js';

describe('searching the cache as the agent types', () => {
  let server: ServerOnTestDatabase;
  let token: string;
  const bundles: Record<string, Bundle> = {};

  beforeAll(async () => {
    server = await startServerOnFreshDatabase();
    const db = server.server.db;
    const custody = await createQueue(db, 'Search::Verwahrung', 'custody');
    bundles['mueller'] = await createTicket(db, custody, 'Depotübertrag Müller & Söhne KG', ['Bitte prüfen Sie den Übertrag.']);
    bundles['strasse'] = await createTicket(db, custody, 'Adressänderung Hauptstraße', ['Neue Anschrift ab März.']);
    bundles['body'] = await createTicket(db, custody, 'Rückfrage', ['<p>Die ISIN <span class="isin">DE0005140008</span> fehlt in der Settlement-Instruktion.</p>']);
    bundles['older'] = await createTicket(db, custody, 'Quellensteuer Erstattung 2025', ['Antrag liegt vor.']);
    bundles['newer'] = await createTicket(db, custody, 'Quellensteuer Erstattung 2026', ['Antrag liegt vor.']);
    // The newer one is touched last: among equal matches it comes first.
    bundles['newer'] = await retitle(db, bundles['newer'], custody, 'Quellensteuer Erstattung 2026');
    await waitForStamped(db);
    token = await signIn(server.url, 'sobrien');
  });
  afterAll(() => server.close());

  async function syncedCache(recent?: number): Promise<{ writer: PageWriter; index: SearchIndex; cache: Database.Database }> {
    const cache = openCache(temporaryDirectory('kontor-search-'), 'sobrien');
    const writer = new PageWriter(cache);
    let page: ChangesResponse;
    do {
      page = await pullPage(server.url, token, writer.cursor());
      writer.apply(page);
    } while (page.hasMore);
    const index = new SearchIndex(cache, recent);
    while (index.indexBatch(2) > 0);
    return { writer, index, cache };
  }

  const idOf = (key: string): string => bundles[key]?.ticket.id ?? '';

  it('finds Müller as Mueller, müller, muller and as a prefix, and Hauptstraße as hauptstrasse', async () => {
    const { index, cache } = await syncedCache();
    try {
      expect(index.progress()).toEqual({ indexed: 5, total: 5 });
      for (const typed of ['Mueller', 'müller', 'muller', 'MÜL', 'depotueb', 'söhne kg']) {
        expect(index.search(typed, 10).hits.map((hit) => hit.ticketId), typed).toEqual([idOf('mueller')]);
      }
      for (const typed of ['hauptstrasse', 'Hauptstraße', 'adressaend', 'Adressänderung']) expect(index.search(typed, 10).hits.map((hit) => hit.ticketId), typed).toEqual([idOf('strasse')]);
      expect(index.search(bundles['mueller']?.ticket.number.slice(0, 10) ?? '', 10).hits.map((hit) => hit.ticketId)).toContain(idOf('mueller'));
    } finally {
      cache.close();
    }
  });

  it('searches article text (without its markup) after the ticket fields, and the newest activity first among equals', async () => {
    const { index, cache } = await syncedCache();
    try {
      expect(index.search('DE0005140008', 10).hits).toEqual([expect.objectContaining({ ticketId: idOf('body'), foundIn: 'articles' })]);
      // Two letters look through numbers, titles and people only, never through every article.
      expect(index.search('DE', 10).hits.filter((hit) => hit.foundIn === 'articles')).toEqual([]);
      expect(index.search('DE0', 10).hits).toEqual([expect.objectContaining({ ticketId: idOf('body'), foundIn: 'articles' })]);
      expect(index.search('span class', 10).hits).toEqual([]);
      expect(index.search('quellensteuer', 10).hits.map((hit) => hit.ticketId)).toEqual([idOf('newer'), idOf('older')]);
    } finally {
      cache.close();
    }
  });

  it('shows the passage of an article hit with the found words marked, and marks the words of a title', async () => {
    const { index, cache } = await syncedCache();
    try {
      const [body] = index.search('de000514', 10).hits;
      // The markup is gone, the text is as written, the ISIN is marked where it stands.
      expect(body?.passage).toEqual({ text: 'Die ISIN DE0005140008 fehlt in der Settlement-Instruktion.', marks: [[9, 21]] });
      const [title] = index.search('Mueller sohne', 10).hits;
      expect(title).toMatchObject({ foundIn: 'ticket', passage: null });
      const marked = (title?.titleMarks ?? []).map(([start, end]) => title?.title.slice(start, end));
      expect(marked).toEqual(['Müller', 'Söhne']);
    } finally {
      cache.close();
    }
  });

  it('looks into the text of the recently active tickets as the agent types, and into all text when asked', async () => {
    // Only the two most recently active tickets (newer, older) keep their text for as-you-type search.
    const { index, cache } = await syncedCache(2);
    try {
      expect(index.search('DE0005140008', 10)).toEqual({ hits: [], articles: 'recent' });
      expect(index.search('DE0005140008', 10, 'everything')).toEqual({ hits: [expect.objectContaining({ ticketId: idOf('body'), foundIn: 'articles' })], articles: 'all' });
      expect(index.search('antrag', 10).hits.map((hit) => hit.ticketId)).toEqual([idOf('newer'), idOf('older')]);
      // The tickets' own fields answer without article text, and two letters never reach it.
      expect(index.search('Rückfrage', 1)).toEqual({ hits: [expect.objectContaining({ ticketId: idOf('body'), foundIn: 'ticket' })], articles: 'none' });
      expect(index.search('DE', 10, 'everything').articles).toBe('none');
    } finally {
      cache.close();
    }
  });

  it('keeps only the most recently active tickets for as-you-type search as work moves on', async () => {
    const { writer, index, cache } = await syncedCache(2);
    try {
      const db = server.server.db;
      const custody = { id: bundles['mueller']?.ticket.queueId ?? '', name: 'Search::Verwahrung', group: 'custody', slaId: '', valid: true, version: 1 };
      // Three older tickets become the most recently active: the recent table grows past its slack and is cut back to two.
      for (const key of ['mueller', 'strasse', 'body']) {
        const bundle = bundles[key];
        if (!bundle) throw new Error('missing');
        bundles[key] = await retitle(db, bundle, custody, bundle.ticket.title);
      }
      await waitForStamped(db);
      writer.apply(await pullPage(server.url, token, writer.cursor()));
      while (index.indexBatch(1) > 0);
      expect((cache.prepare('SELECT count(*) FROM search_recent_keys').pluck().get() as number)).toBe(2);
      expect(index.search('DE0005140008', 10).hits.map((hit) => hit.ticketId)).toEqual([idOf('body')]);
      expect(index.search('antrag', 10).hits).toEqual([]);
      expect(index.search('antrag', 10, 'everything').hits.map((hit) => hit.ticketId)).toEqual([idOf('newer'), idOf('older')]);
    } finally {
      cache.close();
    }
  });

  it('searches whatever is typed as text: quotes, stars, NEAR and brackets are never an error', async () => {
    const { index, cache } = await syncedCache();
    try {
      for (const typed of ['"', '*', 'NEAR(', '(Müller', 'Müller)', 'title:Müller', '"Müller" AND', '- ^ : {}', '']) {
        expect(() => index.search(typed, 10).hits, typed).not.toThrow();
      }
      expect(index.search('"Müller" AND', 10).hits).toEqual([]);
      expect(index.search('(Müller', 10).hits.map((hit) => hit.ticketId)).toEqual([idOf('mueller')]);
    } finally {
      cache.close();
    }
  });

  it('forgets a ticket that leaves the agent\'s view', async () => {
    const { writer, index, cache } = await syncedCache();
    try {
      const db = server.server.db;
      const custody = { id: bundles['mueller']?.ticket.queueId ?? '', name: 'Search::Verwahrung', group: 'custody', slaId: '', valid: true, version: 1 };
      const tax = await createQueue(db, 'Search::Steuern', 'tax');
      const moved = bundles['mueller'];
      if (!moved) throw new Error('missing');
      await moveTicket(db, moved, custody, tax);
      await waitForStamped(db);
      writer.apply(await pullPage(server.url, token, writer.cursor()));
      expect(index.search('müller', 10).hits).toEqual([]);
    } finally {
      cache.close();
    }
  });
});
