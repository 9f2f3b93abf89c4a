import type Database from 'better-sqlite3';
import { foldForIndex, queryWords } from '../../src-shared/search/german-folding.js';

export interface SearchHit {
  ticketId: string;
  number: string;
  title: string;
  /** Where the words were found: number, title or people first; article text only when those gave too few. */
  foundIn: 'ticket' | 'articles';
}

/** HTML e-mail bodies are searched by their text, not their markup. */
function textOf(body: string): string {
  return body.replace(/<[^>]*>/gu, ' ');
}

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

  constructor(private readonly db: Database.Database) {
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
      for (const { id } of bodies) this.indexBody(id);
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

  private indexBody(id: string): void {
    const { key } = this.keyOf.get(id) as { key: number };
    this.deleteBody.run(key);
    this.bodyDone.run(id);
    const texts = (this.articleTexts.all(id) as { subject: string; body: string }[]).map((article) => `${article.subject} ${textOf(article.body)}`);
    if (texts.length > 0) this.insertBody.run(key, id, foldForIndex(texts.join(' ')));
  }

  /**
   * Tickets whose number, title, customer or institution hold every typed word (as a prefix),
   * best match first and, among equals, the newest activity first; then, while fewer than
   * `limit`, tickets whose articles hold them (words of three letters or more). Whatever is typed is searched as text: quotes,
   * `*`, `NEAR` and brackets never reach FTS5 as syntax.
   */
  search(query: string, limit: number): SearchHit[] {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const match = words.map((word) => `"${word}"*`).join(' ');
    // Prepared once: this runs on every keystroke.
    const heads = this.searchHeads.all(match, limit) as Omit<SearchHit, 'foundIn'>[];
    const hits: SearchHit[] = heads.map((hit) => ({ ...hit, foundIn: 'ticket' }));
    // Article text only for words of three letters or more: two letters match most of every text and say little.
    if (hits.length >= limit || words.some((word) => word.length < minimumBodyWord)) return hits;
    const found = new Set(hits.map((hit) => hit.ticketId));
    const bodies = this.searchBodies.all(match, limit) as Omit<SearchHit, 'foundIn'>[];
    for (const hit of bodies) {
      if (hits.length >= limit) break;
      if (!found.has(hit.ticketId)) hits.push({ ...hit, foundIn: 'articles' });
    }
    return hits;
  }
}
