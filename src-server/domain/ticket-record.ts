import type { Ticket } from '../../src-shared/sync/entities.js';
import { entityFromRow, selectList } from '../db/entity-table.js';
import { ticketTable } from '../db/entity-tables.js';
import type { TicketSla } from './slas.js';

/** A ticket as the domain works with it: the entity, who last wrote each field, and its queue's group. */
export interface TicketRecord {
  ticket: Ticket;
  /** Field name → the ticket version that last wrote it (missing: unchanged since creation). */
  fieldVersions: Partial<Record<keyof Ticket, number>>;
  /** The permission group of the ticket's queue. */
  group: string;
  /** The SLA in force, when it was read together with the ticket (`lockTickets`). */
  sla?: TicketSla;
}

/** A row read with `ticketColumns`. */
export type TicketRow = Record<string, unknown> & { id: string; field_versions: Partial<Record<keyof Ticket, number>>; group_name: string };

/** Columns of a ticket joined with its queue's group, for `SELECT … FROM tickets t JOIN queues q`. */
export const ticketColumns = `${selectList(ticketTable)}, t.field_versions, q.group_name`;

/** The feed's ticket entity, validated: a row that does not make one must not reach a change row. */
export function ticketFromRow(row: TicketRow): TicketRecord {
  return { ticket: entityFromRow(ticketTable, row), fieldVersions: row.field_versions, group: row.group_name };
}
