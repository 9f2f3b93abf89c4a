import type Database from 'better-sqlite3';
import { foldForIndex, queryWords } from '../../src-shared/search/german-folding.js';
import { findPassage, markWords, plainText, type Passage } from './passage.js';

/**
 * How deep a search looks into article text: `typing` (every keystroke) searches the text of the
 * most recently active tickets, `everything` (the agent asked for it) the text of all.
 */
export type SearchScope = 'typing' | 'everything';

/** Which article text a search looked in: none (the tickets' own fields answered, or the words were too short), recent or all. */
export type ArticleScope = 'none' | 'recent' | 'all';

export interface SearchHit {
  ticketId: string;
  number: string;
  title: string;
  /** Where the words were found: number, title or people first; article text only when those gave too few. */
  foundIn: 'ticket' | 'articles';
  /** The words of the title the query matched, as `[start, end)` offsets. */
  titleMarks: [number, number][];
  /** Found in articles: the passage of the newest article that holds a searched word, with the words marked. */
  passage: Passage | null;
}

/** HTML e-mail bodies are searched by their text, not their markup. */
function textOf(body: string): string {
  return body.replace(/<[^>]*>/gu, ' ');
}

/** The newest articles looked at for a hit's passage; an older match shows the hit without one. */
const passageArticles = 30;

/**
 * How many matches a query ranks: the most recently indexed ones (highest search keys). A word
 * in every ticket would otherwise rank 100,000 rows on every keystroke; ranking the newest few
 * hundred keeps as-you-type within its budget and puts recent work first
 * (docs/decisions/desk-search.md).
 */
const candidates = 400;

/** The shortest word that is looked up in article text (numbers, titles and people take any). */
const minimumBodyWord = 3;

/**
 * Whose article text as-you-type search looks in: the tickets with the latest activity. A word
 * in every article made a keystroke merge the lists of all tickets (p95 78 ms at 100,000); over
 * this many it stays within a few milliseconds. Migration 0007 fills the table with the same number.
 */
export const recentTickets = 10_000;

/**
 * The ticket search index of one cache: folded text in two FTS5 tables (heads: number, title,
 * customer and institution; bodies: article subjects and bodies), each ticket's rows under its
 * integer search key as rowid. The feed marks tickets in `search_dirty` (apply-page.ts); batches
 * index every marked head first (oldest first, so that keys grow with recency), then article
 * text (newest first). A purged ticket leaves the index with its page (ticket-purge.ts).
 */
export class SearchIndex {
  private readonly keyOf: Database.Statement;
  private readonly deleteHead: Database.Statement;
  private readonly deleteBody: Database.Statement;
  private readonly insertHead: Database.Statement;
  private readonly insertBody: Database.Statement;
  private readonly headDone: Database.Statement;
  private readonly bodyDone: Database.Statement;
  private readonly ticketFacts: Database.Statement;
  private readonly articleTexts: Database.Statement;
  private readonly dirtyHeads: Database.Statement;
  private readonly dirtyBodies: Database.Statement;
  private readonly counts: Database.Statement;
  private readonly searchHeads: Database.Statement;
  private readonly searchBodies: Database.Statement;
  private readonly searchRecent: Database.Statement;
  private readonly deleteRecent: Database.Statement;
  private readonly insertRecent: Database.Statement;
  private readonly recentKey: Database.Statement;
  private readonly recentFloor: Database.Statement;
  private readonly recentCount: Database.Statement;
  private readonly trimRecent: Database.Statement;
  private readonly trimRecentKeys: Database.Statement;
  private readonly activityOf: Database.Statement;
  private readonly newestArticles: Database.Statement;

  /**
   * The recent table is trimmed back to `recent` tickets once it holds a hundredth more. Deleting
   * from FTS5 is paid when the batch commits (the deleted rows' terms are written and segments
   * merged): a tenth more (1,000 tickets' text at once) made that batch take 0.4–0.9 s, long
   * enough to hold back a pull behind it (commit → visible under load p99 0.5–0.9 s). A hundredth
   * spreads the same work over ten times as many batches.
   */
  private readonly recentSlack: number;
  /**
   * The recent table's size and the activity of its `recent`-th newest ticket, read once and then
   * kept up to date here (reading them per batch walked 10,000 index entries each time). Only the
   * sync thread indexes; a purge elsewhere only makes them high, which the next trim corrects.
   */
  private recentWindow: { floor: string; count: number } | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly recent: number = recentTickets,
  ) {
    this.recentSlack = Math.max(1, Math.floor(recent / 100));
    this.keyOf = db.prepare(
      `INSERT INTO search_state ("ticket_id") VALUES (?) ON CONFLICT ("ticket_id") DO UPDATE SET "ticket_id" = excluded."ticket_id" RETURNING "key"`,
    );
    this.deleteHead = db.prepare('DELETE FROM search_heads WHERE rowid = ?');
    this.deleteBody = db.prepare('DELETE FROM search_bodies WHERE rowid = ?');
    this.insertHead = db.prepare('INSERT INTO search_heads (rowid, "ticket_id", "number", "title", "people") VALUES (?, ?, ?, ?, ?)');
    this.insertBody = db.prepare('INSERT INTO search_bodies (rowid, "ticket_id", "body") VALUES (?, ?, ?)');
    this.headDone = db.prepare('UPDATE search_dirty SET "heads" = 0 WHERE "ticket_id" = ?');
    this.bodyDone = db.prepare('DELETE FROM search_dirty WHERE "ticket_id" = ? AND "heads" = 0');
    this.ticketFacts = db.prepare(
      `SELECT t."id", t."number", t."title", cu."display_name" AS customer, cu."username" AS username, i."name" AS institution
       FROM tickets t LEFT JOIN customer_users cu ON cu."id" = t."customer_user_id" LEFT JOIN institutions i ON i."id" = t."institution_id"
       WHERE t."id" = ?`,
    );
    this.articleTexts = db.prepare('SELECT "subject", "body" FROM articles WHERE "ticket_id" = ? ORDER BY "created_at"');
    this.dirtyHeads = db.prepare('SELECT "ticket_id" AS id FROM search_dirty WHERE "heads" = 1 ORDER BY "at" LIMIT ?');
    this.dirtyBodies = db.prepare('SELECT "ticket_id" AS id FROM search_dirty WHERE "bodies" = 1 ORDER BY "at" DESC LIMIT ?');
    this.counts = db.prepare(`SELECT (SELECT count(*) FROM tickets) AS total, (SELECT count(*) FROM search_dirty WHERE "bodies" = 1) AS waiting`);
    const ranked = (table: string, weights: string) =>
      db.prepare(
        `SELECT t."id" AS ticketId, t."number" AS number, t."title" AS title
         FROM (SELECT rowid AS key, "ticket_id", bm25(${table}${weights}) AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ${String(candidates)}) m
         JOIN tickets t ON t."id" = m."ticket_id"
         ORDER BY m.score, t."updated_at" DESC LIMIT ?`,
      );
    this.searchHeads = ranked('search_heads', ', 0, 10, 5, 3');
    this.searchBodies = ranked('search_bodies', '');
    this.searchRecent = ranked('search_recent', '');
    this.deleteRecent = db.prepare('DELETE FROM search_recent WHERE rowid = ?');
    this.insertRecent = db.prepare('INSERT INTO search_recent (rowid, "ticket_id", "body") VALUES (?, ?, ?)');
    this.recentKey = db.prepare('INSERT INTO search_recent_keys ("key", "at") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "at" = excluded."at"');
    this.recentFloor = db.prepare(`SELECT "at" FROM search_recent_keys ORDER BY "at" DESC LIMIT 1 OFFSET ${String(recent - 1)}`).pluck();
    this.recentCount = db.prepare('SELECT count(*) FROM search_recent_keys').pluck();
    const beyond = `SELECT "key" FROM search_recent_keys ORDER BY "at" DESC LIMIT -1 OFFSET ${String(recent)}`;
    this.trimRecent = db.prepare(`DELETE FROM search_recent WHERE rowid IN (${beyond})`);
    this.trimRecentKeys = db.prepare(`DELETE FROM search_recent_keys WHERE "key" IN (${beyond})`);
    this.activityOf = db.prepare('SELECT "updated_at" FROM tickets WHERE "id" = ?').pluck();
    this.newestArticles = db.prepare(`SELECT "subject", "body" FROM articles WHERE "ticket_id" = ? ORDER BY "created_at" DESC LIMIT ${String(passageArticles)}`);
  }

  /**
   * One batch of work; returns how many tickets it indexed (0: complete). Numbers, titles and
   * people of every marked ticket come first (cheap: a fresh cache finds tickets by number and
   * title within seconds), `limit` × 8 at a time; then article text, `limit` tickets at a time.
   */
  indexBatch(limit: number): number {
    const heads = this.dirtyHeads.all(limit * 8) as { id: string }[];
    if (heads.length > 0) {
      this.db.transaction(() => {
        for (const { id } of heads) this.indexHead(id);
      })();
      return heads.length;
    }
    const bodies = this.dirtyBodies.all(limit) as { id: string }[];
    this.db.transaction(() => {
      // Older than the recent tickets' oldest: not kept a second time (while the table is not full, every ticket is).
      const window = (this.recentWindow ??= { floor: (this.recentFloor.get() as string | undefined) ?? '', count: this.recentCount.get() as number });
      for (const { id } of bodies) if (this.indexBody(id, window.floor)) window.count += 1;
      if (window.count > this.recent + this.recentSlack) {
        this.trimRecent.run();
        this.trimRecentKeys.run();
        this.recentWindow = null;
      }
    })();
    return bodies.length;
  }

  /** How far the index is: tickets whose article text is indexed as it is now, of all. */
  progress(): { indexed: number; total: number } {
    const { total, waiting } = this.counts.get() as { total: number; waiting: number };
    return { indexed: Math.max(0, total - waiting), total };
  }

  private indexHead(id: string): void {
    const { key } = this.keyOf.get(id) as { key: number };
    this.deleteHead.run(key);
    this.headDone.run(id);
    const ticket = this.ticketFacts.get(id) as { number: string; title: string; customer: string | null; username: string | null; institution: string | null } | undefined;
    if (!ticket) return;
    const people = [ticket.customer, ticket.username, ticket.institution].filter((part): part is string => part !== null).join(' ');
    this.insertHead.run(key, id, ticket.number, foldForIndex(ticket.title), foldForIndex(people));
  }

  /** Indexes a ticket's article text; true when it is also kept among the recent ones. */
  private indexBody(id: string, recentFloor: string): boolean {
    const { key } = this.keyOf.get(id) as { key: number };
    this.deleteBody.run(key);
    this.deleteRecent.run(key);
    this.bodyDone.run(id);
    const texts = (this.articleTexts.all(id) as { subject: string; body: string }[]).map((article) => `${article.subject} ${textOf(article.body)}`);
    if (texts.length === 0) return false;
    const text = foldForIndex(texts.join(' '));
    this.insertBody.run(key, id, text);
    const activity = this.activityOf.get(id) as string | undefined;
    if (activity === undefined || activity < recentFloor) return false;
    this.insertRecent.run(key, id, text);
    this.recentKey.run(key, activity);
    return true;
  }

  /**
   * Tickets whose number, title, customer or institution hold every typed word (as a prefix),
   * best match first and, among equals, the newest activity first; then, while fewer than
   * `limit`, tickets whose articles hold them (words of three letters or more): as the agent
   * types, in the text of the recently active tickets; asked for everything, in all text.
   * Whatever is typed is searched as text: quotes, `*`, `NEAR` and brackets never reach FTS5 as syntax.
   */
  search(query: string, limit: number, scope: SearchScope = 'typing'): { hits: SearchHit[]; articles: ArticleScope } {
    const words = queryWords(query);
    if (words.length === 0) return { hits: [], articles: 'none' };
    const match = words.map((word) => `"${word}"*`).join(' ');
    const hit = (found: Omit<SearchHit, 'foundIn' | 'titleMarks' | 'passage'>, foundIn: SearchHit['foundIn']): SearchHit => ({
      ...found,
      foundIn,
      titleMarks: markWords(found.title, words),
      passage: foundIn === 'articles' ? this.passageOf(found.ticketId, words) : null,
    });
    // Prepared once: this runs on every keystroke.
    const heads = this.searchHeads.all(match, limit) as Omit<SearchHit, 'foundIn' | 'titleMarks' | 'passage'>[];
    const hits: SearchHit[] = heads.map((found) => hit(found, 'ticket'));
    // Article text only for words of three letters or more: two letters match most of every text and say little.
    if (hits.length >= limit || words.some((word) => word.length < minimumBodyWord)) return { hits, articles: 'none' };
    const found = new Set(hits.map((shown) => shown.ticketId));
    const bodies = (scope === 'typing' ? this.searchRecent : this.searchBodies).all(match, limit) as Omit<SearchHit, 'foundIn' | 'titleMarks' | 'passage'>[];
    for (const body of bodies) {
      if (hits.length >= limit) break;
      if (!found.has(body.ticketId)) hits.push(hit(body, 'articles'));
    }
    return { hits, articles: scope === 'typing' ? 'recent' : 'all' };
  }

  /** The passage of the newest article (subject, then text) that holds one of the words. */
  private passageOf(ticketId: string, words: readonly string[]): Passage | null {
    for (const article of this.newestArticles.iterate(ticketId) as IterableIterator<{ subject: string; body: string }>) {
      const passage = findPassage(article.subject, words) ?? findPassage(plainText(article.body), words);
      if (passage !== null) return passage;
    }
    return null;
  }
}
