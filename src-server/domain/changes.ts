import type { EntityName, Ticket } from '../../src-shared/sync/entities.js';
import type { NewChange } from '../sync/change-log.js';

/** The ticket as a change row: whole entity, its group now, and for a move the group it left. */
export function ticketChange(ticket: Ticket, group: string, previousGroup: string | null = null): NewChange {
  return { entity: 'ticket', op: 'upsert', id: ticket.id, ticketId: ticket.id, group, previousGroup, data: ticket };
}

/** An entity that belongs to a ticket (article, history, link, time entry) as a change row. */
export function ticketPartChange(entity: Exclude<EntityName, 'queue' | 'ticket'>, id: string, ticketId: string, group: string, data: unknown): NewChange {
  return { entity, op: 'upsert', id, ticketId, group, data };
}
