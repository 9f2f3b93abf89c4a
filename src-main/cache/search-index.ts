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
 * The ticket search index of one cache: folded text in two FTS5 tables (heads: number, title,
 * customer and institution; bodies: article subjects and bodies). Built in batches after a sync
 * (`indexBatch`) and again for tickets that changed; a purged ticket leaves it with its page
 * (apply-page.ts).
 */
export class SearchIndex {
  private readonly deleteHead: Database.Statement;
  private readonly deleteBody: Database.Statement;
  private readonly insertHead: Database.Statement;
  private readonly insertBody: Database.Statement;
  private readonly markHead: Database.Statement;
  private readonly markBody: Database.Statement;
  private readonly ticketFacts: Database.Statement;
  private readonly articleTexts: Database.Statement;
  private readonly staleHeads: Database.Statement;
  private readonly staleBodies: Database.Statement;
  private readonly progressQuery: Database.Statement;
  private readonly searchHeads: Database.Statement;
  private readonly searchBodies: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.deleteHead = db.prepare('DELETE FROM search_heads WHERE "ticket_id" = ?');
    this.deleteBody = db.prepare('DELETE FROM search_bodies WHERE "ticket_id" = ?');
    this.insertHead = db.prepare('INSERT INTO search_heads ("ticket_id", "number", "title", "people") VALUES (?, ?, ?, ?)');
    this.insertBody = db.prepare('INSERT INTO search_bodies ("ticket_id", "body") VALUES (?, ?)');
    this.markHead = db.prepare('INSERT OR REPLACE INTO search_indexed ("ticket_id", "version") VALUES (?, ?)');
    this.markBody = db.prepare('INSERT OR REPLACE INTO search_bodies_indexed ("ticket_id", "version") VALUES (?, ?)');
    this.ticketFacts = db.prepare(
      `SELECT t."id", t."number", t."title", t."version", cu."display_name" AS customer, cu."username" AS username, i."name" AS institution
       FROM tickets t LEFT JOIN customer_users cu ON cu."id" = t."customer_user_id" LEFT JOIN institutions i ON i."id" = t."institution_id"
       WHERE t."id" = ?`,
    );
    this.articleTexts = db.prepare('SELECT "subject", "body" FROM articles WHERE "ticket_id" = ? ORDER BY "created_at"');
    const stale = (table: string) =>
      db.prepare(
        `SELECT t."id" FROM tickets t LEFT JOIN ${table} s ON s."ticket_id" = t."id"
         WHERE s."version" IS NULL OR s."version" <> t."version" ORDER BY t."updated_at" DESC LIMIT ?`,
      );
    this.staleHeads = stale('search_indexed');
    this.staleBodies = stale('search_bodies_indexed');
    this.progressQuery = db.prepare(
      `SELECT (SELECT count(*) FROM tickets) AS total,
              (SELECT count(*) FROM tickets t JOIN search_bodies_indexed s ON s."ticket_id" = t."id" AND s."version" = t."version") AS indexed`,
    );
    this.searchHeads = db.prepare(
      `SELECT t."id" AS ticketId, t."number" AS number, t."title" AS title FROM search_heads h JOIN tickets t ON t."id" = h."ticket_id"
       WHERE search_heads MATCH ? ORDER BY bm25(search_heads, 0, 10, 5, 3), t."updated_at" DESC LIMIT ?`,
    );
    this.searchBodies = db.prepare(
      `SELECT t."id" AS ticketId, t."number" AS number, t."title" AS title FROM search_bodies b JOIN tickets t ON t."id" = b."ticket_id"
       WHERE search_bodies MATCH ? ORDER BY bm25(search_bodies), t."updated_at" DESC LIMIT ?`,
    );
  }

  /**
   * One batch of work, newest tickets first; returns how many tickets it indexed (0: complete).
   * Numbers, titles and people of every ticket come first (cheap: a fresh cache finds tickets
   * by number and title within seconds), then article text, `limit` tickets at a time.
   */
  indexBatch(limit: number): number {
    const heads = (this.staleHeads.all(limit * 8) as { id: string }[]).map((row) => row.id);
    if (heads.length > 0) {
      this.db.transaction(() => {
        for (const id of heads) this.indexHead(id);
      })();
      return heads.length;
    }
    const bodies = (this.staleBodies.all(limit) as { id: string }[]).map((row) => row.id);
    this.db.transaction(() => {
      for (const id of bodies) this.indexBody(id);
    })();
    return bodies.length;
  }

  /** How far the index is: tickets whose article text is indexed at their current version, of all. */
  progress(): { indexed: number; total: number } {
    return this.progressQuery.get() as { indexed: number; total: number };
  }

  private indexHead(id: string): void {
    const ticket = this.ticketFacts.get(id) as { id: string; number: string; title: string; version: number; customer: string | null; username: string | null; institution: string | null } | undefined;
    this.deleteHead.run(id);
    if (!ticket) return;
    const people = [ticket.customer, ticket.username, ticket.institution].filter((part): part is string => part !== null).join(' ');
    this.insertHead.run(id, ticket.number, foldForIndex(ticket.title), foldForIndex(people));
    this.markHead.run(id, ticket.version);
  }

  private indexBody(id: string): void {
    const ticket = this.ticketFacts.get(id) as { version: number } | undefined;
    this.deleteBody.run(id);
    if (!ticket) return;
    const texts = (this.articleTexts.all(id) as { subject: string; body: string }[]).map((article) => `${article.subject} ${textOf(article.body)}`);
    this.insertBody.run(id, foldForIndex(texts.join(' ')));
    this.markBody.run(id, ticket.version);
  }

  /**
   * Tickets whose number, title, customer or institution hold every typed word (as a prefix),
   * best match first and, among equals, the newest activity first; then, while fewer than
   * `limit`, tickets whose articles hold them. Whatever is typed is searched as text: quotes,
   * `*`, `NEAR` and brackets never reach FTS5 as syntax.
   */
  search(query: string, limit: number): SearchHit[] {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const match = words.map((word) => `"${word}"*`).join(' ');
    // Prepared once: this runs on every keystroke.
    const heads = this.searchHeads.all(match, limit) as Omit<SearchHit, 'foundIn'>[];
    const hits: SearchHit[] = heads.map((hit) => ({ ...hit, foundIn: 'ticket' }));
    if (hits.length >= limit) return hits;
    const found = new Set(hits.map((hit) => hit.ticketId));
    const bodies = this.searchBodies.all(match, limit) as Omit<SearchHit, 'foundIn'>[];
    for (const hit of bodies) {
      if (hits.length >= limit) break;
      if (!found.has(hit.ticketId)) hits.push({ ...hit, foundIn: 'articles' });
    }
    return hits;
  }
}
