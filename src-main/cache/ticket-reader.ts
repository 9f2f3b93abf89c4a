import type Database from 'better-sqlite3';
import { articleSchema, type Article, type HistoryEntry, type Link, type Ticket, type TimeEntry } from '../../src-shared/sync/entities.js';
import { entityFromCacheRow } from './entity-columns.js';

export interface CachedTicket {
  ticket: Ticket;
  articles: Article[];
  history: HistoryEntry[];
  links: Link[];
  timeEntries: TimeEntry[];
}

type Row = Record<string, unknown>;

/** One whole ticket as the cache holds it, read with statements prepared once. */
export class TicketReader {
  private readonly ticket: Database.Statement;
  private readonly articles: Database.Statement;
  private readonly history: Database.Statement;
  private readonly links: Database.Statement;
  private readonly timeEntries: Database.Statement;
  private readonly attachment: Database.Statement;
  private readonly customerInstitution: Database.Statement;

  constructor(db: Database.Database) {
    this.ticket = db.prepare('SELECT * FROM tickets WHERE "id" = ?');
    this.articles = db.prepare('SELECT * FROM articles WHERE "ticket_id" = ? ORDER BY "created_at", "id"');
    // History ids are the server's serial numbers, kept as text: ordered as numbers.
    this.history = db.prepare('SELECT * FROM history WHERE "ticket_id" = ? ORDER BY "occurred_at", CAST("id" AS INTEGER)');
    this.links = db.prepare('SELECT * FROM links WHERE "source_ticket_id" = @id OR "target_ticket_id" = @id ORDER BY "created_at", "id"');
    this.timeEntries = db.prepare('SELECT * FROM time_entries WHERE "ticket_id" = ? ORDER BY "created_at", "id"');
    this.attachment = db.prepare('SELECT "attachments", "ticket_id" FROM articles WHERE "id" = ?');
    this.customerInstitution = db.prepare('SELECT "institution_id" FROM customer_users WHERE "id" = ?').pluck();
  }

  /** The institution of a cached customer user, or null. */
  institutionOf(customerUserId: string): string | null {
    return (this.customerInstitution.get(customerUserId) as string | null | undefined) ?? null;
  }

  has(ticketId: string): boolean {
    return this.ticket.get(ticketId.toLowerCase()) !== undefined;
  }

  read(ticketId: string): CachedTicket | null {
    const id = ticketId.toLowerCase();
    const row = this.ticket.get(id) as Row | undefined;
    if (!row) return null;
    return {
      ticket: entityFromCacheRow('ticket', row),
      articles: (this.articles.all(id) as Row[]).map((r) => entityFromCacheRow('article', r)),
      history: (this.history.all(id) as Row[]).map((r) => entityFromCacheRow('history', r)),
      links: (this.links.all({ id }) as Row[]).map((r) => entityFromCacheRow('link', r)),
      timeEntries: (this.timeEntries.all(id) as Row[]).map((r) => entityFromCacheRow('time-entry', r)),
    };
  }

  /** The metadata of an attachment of a cached article, and the article's ticket; null if the article is not cached or does not carry it. */
  attachmentMeta(articleId: string, attachmentId: string): { meta: Article['attachments'][number]; ticketId: string } | null {
    const id = attachmentId.toLowerCase();
    const row = this.attachment.get(articleId.toLowerCase()) as { attachments: string; ticket_id: string } | undefined;
    if (!row) return null;
    const meta = articleSchema.shape.attachments.parse(JSON.parse(row.attachments)).find((candidate) => candidate.id.toLowerCase() === id);
    return meta ? { meta, ticketId: row.ticket_id } : null;
  }
}
