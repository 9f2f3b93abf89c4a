import { nextClockEvent } from '../../src-shared/sla/clocks.js';
import { clocksOfTicket } from '../../src-shared/sla/ticket-clocks.js';
import type { Article, Link, TimeEntry } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { storedFields, type EntityTable } from '../db/entity-table.js';
import { articleTable, linkTable, ticketTable, timeEntryTable } from '../db/entity-tables.js';
import type { DecodedAttachment } from '../domain/attachments.js';
import type { TicketRecord } from '../domain/ticket-record.js';
import type { Fields } from '../../src-shared/sync/entity-fields.js';
import type { SeedHistory, SeedSink } from './seed-rows.js';

/** Rows per INSERT: a few MB of JSON at most (articles are the large ones). */
const batchRows = 2000;

type Row = Record<string, unknown>;

/** A table's rows as one JSON parameter, inserted with json_populate_recordset: one statement per batch. */
class TableBatch {
  private rows: Row[] = [];
  constructor(
    readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  add(row: Row): boolean {
    this.rows.push(row);
    return this.rows.length >= batchRows;
  }

  async flush(db: Queryable): Promise<number> {
    if (this.rows.length === 0) return 0;
    const rows = this.rows;
    this.rows = [];
    const list = this.columns.join(', ');
    await db.query(`INSERT INTO ${this.table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${this.table}, $1::json)`, [JSON.stringify(rows)]);
    return rows.length;
  }
}

function columnsOf<F extends Fields>(table: EntityTable<F>): string[] {
  return storedFields(table).map((field) => field.column);
}

/** The stored fields of an entity as a row keyed by column. */
function rowOf<F extends Fields>(table: EntityTable<F>, entity: Record<string, unknown>): Row {
  const row: Row = {};
  for (const field of storedFields(table)) row[field.column] = entity[field.key];
  return row;
}

interface Pending {
  articles: Row[];
  attachments: Row[];
  history: Row[];
  timeEntries: Row[];
}

/**
 * Writes the replay's rows in batches of one statement each. A ticket's articles, attachments,
 * history and time entries wait until its final row is written (they refer to it), links and
 * merges until the end (they refer to two tickets). History keeps the replay's order within each
 * ticket. No change-log rows: a seeded database is served from the feed's snapshot.
 */
export class BulkWriter implements SeedSink {
  private readonly tickets = new TableBatch('tickets', [...columnsOf(ticketTable), 'field_versions', 'next_sla_event_at']);
  private readonly articles = new TableBatch('articles', columnsOf(articleTable));
  private readonly attachments = new TableBatch('attachments', ['id', 'article_id', 'ticket_id', 'filename', 'content_type', 'size', 'sha256', 'content']);
  private readonly historyRows = new TableBatch('ticket_history', ['ticket_id', 'event', 'actor_id', 'data', 'occurred_at']);
  private readonly timeEntries = new TableBatch('time_entries', columnsOf(timeEntryTable));
  private readonly links: Row[] = [];
  private readonly merges: { id: string; merged_into_id: string }[] = [];
  private readonly pending = new Map<string, Pending>();
  private full = false;
  readonly counts = { tickets: 0, articles: 0, attachments: 0, history: 0, links: 0, timeEntries: 0 };

  constructor(private readonly db: Queryable) {}

  ticket(record: TicketRecord, mergedIntoId: string | null): void {
    const row = rowOf(ticketTable, record.ticket);
    row['field_versions'] = record.fieldVersions;
    row['next_sla_event_at'] = nextClockEvent(clocksOfTicket(record.ticket));
    this.mark(this.tickets.add(row));
    if (mergedIntoId !== null) this.merges.push({ id: record.ticket.id, merged_into_id: mergedIntoId });
    const waiting = this.pending.get(record.ticket.id);
    this.pending.delete(record.ticket.id);
    if (!waiting) return;
    for (const article of waiting.articles) this.mark(this.articles.add(article));
    for (const attachment of waiting.attachments) this.mark(this.attachments.add(attachment));
    for (const entry of waiting.history) this.mark(this.historyRows.add(entry));
    for (const entry of waiting.timeEntries) this.mark(this.timeEntries.add(entry));
  }

  article(article: Article, attachments: readonly DecodedAttachment[]): void {
    const waiting = this.waiting(article.ticketId);
    waiting.articles.push(rowOf(articleTable, article));
    for (const { meta, content } of attachments) {
      waiting.attachments.push({
        id: meta.id,
        article_id: article.id,
        ticket_id: article.ticketId,
        filename: meta.filename,
        content_type: meta.contentType,
        size: meta.size,
        sha256: meta.sha256,
        content: `\\x${content.toString('hex')}`,
      });
    }
  }

  history(entry: SeedHistory): void {
    this.waiting(entry.ticketId).history.push({ ticket_id: entry.ticketId, event: entry.event, actor_id: entry.actorId, data: entry.data, occurred_at: entry.occurredAt });
  }

  link(link: Link): void {
    this.links.push(rowOf(linkTable, link));
  }

  timeEntry(entry: TimeEntry): void {
    this.waiting(entry.ticketId).timeEntries.push(rowOf(timeEntryTable, entry));
  }

  /** Whether a batch is full: the caller flushes between steps. */
  get shouldFlush(): boolean {
    return this.full;
  }

  /** Writes every full or partial batch of released tickets. */
  async flush(): Promise<void> {
    this.full = false;
    this.counts.tickets += await this.tickets.flush(this.db);
    this.counts.articles += await this.articles.flush(this.db);
    this.counts.attachments += await this.attachments.flush(this.db);
    this.counts.history += await this.historyRows.flush(this.db);
    this.counts.timeEntries += await this.timeEntries.flush(this.db);
  }

  /** After every ticket is written: the links and the merges, which refer to two tickets. */
  async finish(): Promise<void> {
    if (this.pending.size > 0) throw new Error(`rows of ${this.pending.size} tickets that were never written`);
    await this.flush();
    const links = new TableBatch('ticket_links', columnsOf(linkTable));
    for (const link of this.links) if (links.add(link)) this.counts.links += await links.flush(this.db);
    this.counts.links += await links.flush(this.db);
    for (let from = 0; from < this.merges.length; from += batchRows) {
      const batch = this.merges.slice(from, from + batchRows);
      await this.db.query(
        `UPDATE tickets t SET merged_into_id = m.merged_into_id FROM json_populate_recordset(NULL::tickets, $1::json) m WHERE t.id = m.id`,
        [JSON.stringify(batch)],
      );
    }
  }

  private waiting(ticketId: string): Pending {
    let waiting = this.pending.get(ticketId);
    if (!waiting) {
      waiting = { articles: [], attachments: [], history: [], timeEntries: [] };
      this.pending.set(ticketId, waiting);
    }
    return waiting;
  }

  private mark(full: boolean): void {
    if (full) this.full = true;
  }
}
