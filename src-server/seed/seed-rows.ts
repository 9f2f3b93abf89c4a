import type { Article, HistoryEntry, Link, TimeEntry } from '../../src-shared/sync/entities.js';
import type { DecodedAttachment } from '../domain/attachments.js';
import type { TicketRecord } from '../domain/ticket-record.js';

/** A history row before the database numbers it. */
export type SeedHistory = Omit<HistoryEntry, 'id'>;

/**
 * Where the replay puts the rows it derives, in the order the server would have written them.
 * The bulk writer batches them; a test sink keeps them to compare with what the real mutations wrote.
 */
export interface SeedSink {
  article(article: Article, attachments: readonly DecodedAttachment[]): void;
  history(entry: SeedHistory): void;
  link(link: Link): void;
  timeEntry(entry: TimeEntry): void;
  /** A ticket whose life in the seed is over: its final row, and the ticket it was merged into. */
  ticket(record: TicketRecord, mergedIntoId: string | null): void;
}
