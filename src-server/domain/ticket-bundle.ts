import type { NewChange } from '../sync/change-log.js';
import type { Queryable } from '../db/database.js';
import { loadArticles } from './articles.js';
import { ticketChange, ticketPartChange } from './changes.js';
import { loadHistory } from './history.js';
import { loadLinks } from './links.js';
import type { TicketRecord } from './ticket-record.js';
import { loadTimeEntries } from './time-entries.js';

/**
 * The whole ticket as change rows in its group now: agents who gain the ticket (a move into
 * their group, a queue given to another group) receive it complete, and agents of
 * `previousGroup` who lose it receive a `remove` (the feed decides per agent).
 */
export async function ticketBundleChanges(tx: Queryable, record: TicketRecord, previousGroup: string | null): Promise<NewChange[]> {
  const { ticket, group } = record;
  // One after another: a transaction is one connection.
  const articles = await loadArticles(tx, ticket.id);
  const history = await loadHistory(tx, ticket.id);
  const links = await loadLinks(tx, ticket.id);
  const timeEntries = await loadTimeEntries(tx, ticket.id);
  return [
    ticketChange(ticket, group, previousGroup),
    ...articles.map((article) => ticketPartChange('article', article.id, ticket.id, group, article)),
    ...history.map((entry) => ticketPartChange('history', entry.id, ticket.id, group, entry)),
    ...links.map((link) => ticketPartChange('link', link.id, ticket.id, group, link)),
    ...timeEntries.map((entry) => ticketPartChange('time-entry', entry.id, ticket.id, group, entry)),
  ];
}
