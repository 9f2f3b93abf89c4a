import { ticketSchema, type SlaTargets, type Ticket } from '../../src-shared/sync/entities.js';

/** A ticket as the domain works with it: the entity, who last wrote each field, and its queue's group. */
export interface TicketRecord {
  ticket: Ticket;
  /** Field name → the ticket version that last wrote it (missing: unchanged since creation). */
  fieldVersions: Record<string, number>;
  /** The permission group of the ticket's queue. */
  group: string;
  /** The SLA of the ticket's queue, when it was read together with the ticket (`lockTickets`). */
  queueSla?: SlaTargets;
}

export interface TicketRow {
  id: string;
  number: string;
  title: string;
  queue_id: string;
  type: string;
  state: string;
  priority: number;
  locked: boolean;
  owner_id: string | null;
  responsible_id: string | null;
  customer_user_id: string | null;
  institution_id: string | null;
  pending_until: Date | null;
  first_response_due: Date | null;
  update_due: Date | null;
  solution_due: Date | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  version: number;
  field_versions: Record<string, number>;
  group_name: string;
}

/** Columns of a ticket joined with its queue's group, for `SELECT … FROM tickets t JOIN queues q`. */
export const ticketColumns = `t.id, t.number, t.title, t.queue_id, t.type, t.state, t.priority, t.locked, t.owner_id,
  t.responsible_id, t.customer_user_id, t.institution_id, t.pending_until, t.first_response_due,
  t.update_due, t.solution_due, t.created_at, t.created_by, t.updated_at, t.version, t.field_versions, q.group_name`;

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** The feed's ticket entity, validated: a row that does not make one must not reach a change row. */
export function ticketFromRow(row: TicketRow): TicketRecord {
  const ticket = ticketSchema.parse({
    id: row.id,
    number: row.number,
    title: row.title,
    queueId: row.queue_id,
    type: row.type,
    state: row.state,
    priority: row.priority,
    locked: row.locked,
    ownerId: row.owner_id,
    responsibleId: row.responsible_id,
    customerUserId: row.customer_user_id,
    institutionId: row.institution_id,
    pendingUntil: iso(row.pending_until),
    firstResponseDue: iso(row.first_response_due),
    updateDue: iso(row.update_due),
    solutionDue: iso(row.solution_due),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    version: row.version,
  });
  return { ticket, fieldVersions: row.field_versions, group: row.group_name };
}
