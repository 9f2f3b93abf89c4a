import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { ticketListRowSchema } from '../../src-shared/ipc/workspace.js';
import { cacheColumnCount, cacheColumnList, entityFromCacheValues } from '../cache/entity-columns.js';
import type { Outbox, OutboxEntry } from '../cache/outbox.js';
import { overlayTicket } from '../cache/overlay.js';
import { provisionalTicket } from '../cache/provisional-ticket.js';
import type { Ticket } from '../../src-shared/sync/entities.js';
import type { ListShape } from './list-query.js';

export type ListRow = z.input<typeof ticketListRowSchema>;

/** The names a window's row shows beside its ticket, after the ticket's values (`cacheColumnList`). */
const names = ['queue', 'customer', 'institution', 'owner', 'calendarId'] as const;
const namesFrom = cacheColumnCount('ticket');

function nameOf(row: readonly unknown[], name: (typeof names)[number]): string | null {
  const value = row[namesFrom + names.indexOf(name)];
  return typeof value === 'string' ? value : null;
}

function pendingView(entry: OutboxEntry) {
  return { mutationId: entry.mutationId, name: entry.name, status: entry.status, createdAt: entry.createdAt };
}

/**
 * Whether a ticket as its creator entered it (new, no owner, not locked, no clock running yet)
 * belongs in a list: in its queue's list and its institution's, when the filters let it through.
 * Not in "mine" or "my locked" (no owner yet), "escalated" (no clock) or "reminders due".
 */
export function createBelongs(ticket: Ticket, shape: ListShape): boolean {
  const { view, filters } = shape;
  if (view.kind === 'queue' ? ticket.queueId !== view.queueId : view.kind !== 'institution' || ticket.institutionId !== view.institutionId) return false;
  const allows = <T>(values: readonly T[] | undefined, value: T): boolean => values === undefined || values.length === 0 || values.includes(value);
  return (
    allows(filters.states, ticket.state) &&
    allows(filters.priorities, ticket.priority) &&
    allows(filters.types, ticket.type) &&
    allows(filters.ownerIds, ticket.ownerId) &&
    (filters.institutionIds === undefined || filters.institutionIds.length === 0 || (ticket.institutionId !== null && filters.institutionIds.includes(ticket.institutionId))) &&
    (filters.locked === undefined || filters.locked === ticket.locked)
  );
}

/** The rows of one window: tickets by id, in the given order, with the names their columns show and the agent's edits laid over them. */
export class ListRows {
  private readonly rows: Database.Statement;
  private readonly queueName: Database.Statement;
  private readonly agentName: Database.Statement;
  private readonly customerOf: Database.Statement;
  private readonly institutionName: Database.Statement;

  constructor(db: Database.Database, private readonly outbox: Outbox, private readonly agentId: string) {
    this.rows = db.prepare(
      // In the order of `names`.
      `SELECT ${cacheColumnList('ticket', 't')}, q."name", c."display_name", i."name", a."display_name", s."calendar_id"
       FROM json_each(?) w JOIN tickets t ON t."id" = w.value
       LEFT JOIN queues q ON q."id" = t."queue_id"
       LEFT JOIN slas s ON s."id" = coalesce(t."sla_id", q."sla_id")
       LEFT JOIN customer_users c ON c."id" = t."customer_user_id"
       LEFT JOIN institutions i ON i."id" = t."institution_id"
       LEFT JOIN agents a ON a."id" = t."owner_id"
       ORDER BY w.key`,
    ).raw(true);
    this.queueName = db.prepare('SELECT "name" FROM queues WHERE "id" = ?').pluck();
    this.agentName = db.prepare('SELECT "display_name" FROM agents WHERE "id" = ?').pluck();
    this.customerOf = db.prepare('SELECT "display_name" AS name, "institution_id" AS institutionId FROM customer_users WHERE "id" = ?');
    this.institutionName = db.prepare('SELECT "name" FROM institutions WHERE "id" = ?').pluck();
  }

  /**
   * The tickets the agent created that the server has not numbered yet (their `ticket.create` is
   * in the outbox, the cache does not hold them), as rows of this list where they belong: built
   * from what the agent entered, marked pending (or refused), oldest first.
   */
  creates(shape: ListShape): ListRow[] {
    // Only a queue's or an institution's list can hold one: the outbox is not read for the others.
    if (shape.view.kind !== 'queue' && shape.view.kind !== 'institution') return [];
    const entries = this.outbox.creates();
    if (entries.length === 0) return [];
    return entries.flatMap((entry) => {
      if (entry.subjectId === null) return [];
      let customer: { name: string; institutionId: string | null } | undefined;
      const institutionOf = (id: string) => {
        customer = this.customerOf.get(id) as typeof customer;
        return customer?.institutionId ?? null;
      };
      const built = provisionalTicket(entry.subjectId, [entry], this.agentId, { institutionOf, staged: () => null });
      if (!built || !createBelongs(built.ticket, shape)) return [];
      const { ticket } = built;
      return [
        {
          ticket,
          pending: [pendingView(entry)],
          queueName: (this.queueName.get(ticket.queueId) as string | undefined) ?? null,
          customerName: customer?.name ?? null,
          institutionName: ticket.institutionId === null ? null : ((this.institutionName.get(ticket.institutionId) as string | undefined) ?? null),
          ownerName: null,
          // No clock runs before the server created it.
          calendarId: null,
        },
      ];
    });
  }

  /** Ids the cache no longer holds (a page applied since the list was read) are left out. */
  read(ids: readonly string[]): ListRow[] {
    if (ids.length === 0) return [];
    const rows = this.rows.all(JSON.stringify(ids)) as unknown[][];
    const tickets = rows.map((row) => ({ row, canonical: entityFromCacheValues('ticket', row) }));
    // Only the edits of the tickets in this window: the outbox may be long after a day offline.
    const entries = this.outbox.entriesOf(tickets.map(({ canonical }) => canonical.id));
    return tickets.map(({ row, canonical }) => {
      const shown = overlayTicket(canonical, entries, this.agentId);
      const { ticket } = shown;
      // An edit that moves the ticket or gives it an owner shows the name of the new one.
      const queueName = ticket.queueId === canonical.queueId ? nameOf(row, 'queue') : ((this.queueName.get(ticket.queueId) as string | undefined) ?? null);
      const ownerName =
        ticket.ownerId === canonical.ownerId ? nameOf(row, 'owner') : ticket.ownerId === null ? null : ((this.agentName.get(ticket.ownerId) as string | undefined) ?? null);
      return {
        ticket,
        pending: shown.pending.map(pendingView),
        queueName,
        customerName: nameOf(row, 'customer'),
        institutionName: nameOf(row, 'institution'),
        ownerName,
        calendarId: nameOf(row, 'calendarId'),
      };
    });
  }
}
