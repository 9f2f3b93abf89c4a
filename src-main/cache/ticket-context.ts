import type Database from 'better-sqlite3';
import type { TicketContext } from '../../src-shared/ipc/cache.js';
import type { Article, HistoryEntry, Ticket, TimeEntry } from '../../src-shared/sync/entities.js';
import { entityFromCacheRow } from './entity-columns.js';

type Row = Record<string, unknown>;

/**
 * What a ticket's ids stand for, from the cache: its queue, the SLA its clocks count on (its own
 * or its queue's) with that SLA's calendar, its customer and institution, and the names of the
 * agents it mentions. The cache holds every queue, SLA, calendar and person, so this works for a
 * ticket fetched from the server past retention too.
 */
export class TicketContextReader {
  private readonly queue: Database.Statement;
  private readonly sla: Database.Statement;
  private readonly calendar: Database.Statement;
  private readonly customer: Database.Statement;
  private readonly institution: Database.Statement;
  private readonly agentName: Database.Statement;
  /** A customer who acted through the portal or by mail is named in history and as an author too. */
  private readonly customerName: Database.Statement;

  constructor(db: Database.Database) {
    this.queue = db.prepare('SELECT * FROM queues WHERE "id" = ?');
    this.sla = db.prepare('SELECT * FROM slas WHERE "id" = ?');
    this.calendar = db.prepare('SELECT * FROM calendars WHERE "id" = ?');
    this.customer = db.prepare('SELECT * FROM customer_users WHERE "id" = ?');
    this.institution = db.prepare('SELECT * FROM institutions WHERE "id" = ?');
    this.agentName = db.prepare('SELECT "display_name" FROM agents WHERE "id" = ?').pluck();
    this.customerName = db.prepare('SELECT "display_name" FROM customer_users WHERE "id" = ?').pluck();
  }

  read(bundle: { ticket: Ticket; articles: readonly Article[]; history: readonly HistoryEntry[]; timeEntries: readonly TimeEntry[] }): TicketContext {
    const { ticket } = bundle;
    const queueRow = this.queue.get(ticket.queueId) as Row | undefined;
    const queue = queueRow ? entityFromCacheRow('queue', queueRow) : null;
    const slaId = ticket.slaId ?? queue?.slaId ?? null;
    const slaRow = slaId === null ? undefined : (this.sla.get(slaId) as Row | undefined);
    const sla = slaRow ? entityFromCacheRow('sla', slaRow) : null;
    const calendarRow = sla ? (this.calendar.get(sla.calendarId) as Row | undefined) : undefined;
    const customerRow = ticket.customerUserId === null ? undefined : (this.customer.get(ticket.customerUserId) as Row | undefined);
    const institutionRow = ticket.institutionId === null ? undefined : (this.institution.get(ticket.institutionId) as Row | undefined);
    const agentIds = new Set<string>([ticket.createdBy]);
    for (const id of [ticket.ownerId, ticket.responsibleId]) if (id !== null) agentIds.add(id);
    for (const article of bundle.articles) if (article.authorId !== null) agentIds.add(article.authorId);
    for (const entry of bundle.history) if (entry.actorId !== null) agentIds.add(entry.actorId);
    for (const entry of bundle.timeEntries) agentIds.add(entry.agentId);
    const agents: Record<string, string> = {};
    for (const id of agentIds) {
      const name = (this.agentName.get(id) ?? this.customerName.get(id)) as string | undefined;
      if (name !== undefined) agents[id] = name;
    }
    return {
      queue: queue ? { id: queue.id, name: queue.name } : null,
      sla,
      calendar: calendarRow ? entityFromCacheRow('calendar', calendarRow) : null,
      customer: customerRow ? entityFromCacheRow('customer-user', customerRow) : null,
      institution: institutionRow ? entityFromCacheRow('institution', institutionRow) : null,
      agents,
    };
  }
}
