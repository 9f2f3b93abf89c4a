import type { BankQueue } from './service-organisation.js';
import type { Language } from './ticket-context.js';

/** What a later ticket needs to know of an earlier one to be its duplicate or to link to it. */
export interface TicketSummary {
  ticketId: string;
  createdAt: number;
  institutionKey: string;
  customerKey: string;
  topicKey: string;
  title: string;
  language: Language;
  /** Which queue it was in from when; the first entry from creation. */
  queueHistory: readonly { at: number; queue: BankQueue }[];
  /** When it was first closed; null if not within the generated period. */
  closedAt: number | null;
}

/**
 * The customer tickets of the last hours, for duplicates and links: tickets come in creation
 * order, so the oldest fall off the front and memory stays bounded by the window, not the year.
 * Merged tickets never enter: nothing may be merged into or linked to one.
 */
export class RecentTickets {
  private readonly tickets: TicketSummary[] = [];
  private start = 0;

  constructor(private readonly windowMs: number) {}

  add(summary: TicketSummary): void {
    this.tickets.push(summary);
    while (this.start < this.tickets.length && (this.tickets[this.start]?.createdAt ?? 0) < summary.createdAt - this.windowMs) this.start += 1;
    // Compact now and then instead of shifting on every add.
    if (this.start > 1024) {
      this.tickets.splice(0, this.start);
      this.start = 0;
    }
  }

  /** Tickets created within the window before `now` that pass `accept`, oldest first. */
  find(now: number, accept: (summary: TicketSummary) => boolean): TicketSummary[] {
    const found: TicketSummary[] = [];
    for (let i = this.start; i < this.tickets.length; i += 1) {
      const summary = this.tickets[i] as TicketSummary;
      if (summary.createdAt >= now - this.windowMs && summary.createdAt < now && accept(summary)) found.push(summary);
    }
    return found;
  }
}

/** The queue the ticket was in at `at`. */
export function queueAt(summary: TicketSummary, at: number): BankQueue {
  let current = summary.queueHistory[0]?.queue;
  for (const entry of summary.queueHistory) if (entry.at <= at) current = entry.queue;
  if (!current) throw new Error(`ticket ${summary.ticketId} has no queue`);
  return current;
}
