import { slaTargetsSchema, ticketSchema, type Ticket } from '../../src-shared/sync/entities.js';
import type { Queryable, SqlValue } from '../db/database.js';
import { berlinDay, counterIncrement, maxTicketsPerDay, numberExpression, TicketNumbersExhaustedError } from './ticket-number.js';
import { ticketColumns, ticketFromRow, type TicketRecord, type TicketRow } from './ticket-record.js';

/** What a mutation may change on a ticket; identity, number, creation and version are the repository's. */
export type TicketChanges = Partial<Omit<Ticket, 'id' | 'number' | 'createdAt' | 'createdBy' | 'updatedAt' | 'version'>>;

/**
 * Loads and row-locks the tickets with these ids until the transaction ends. Rows are locked
 * in id order, so that two transactions locking the same pair (merge, link) cannot deadlock.
 * The read comes after the lock, in its own statement: a statement that waited for a lock
 * would otherwise join the ticket's new row with its queue as it was before the wait (a
 * concurrent move, a queue given to another group).
 */
export async function lockTickets(tx: Queryable, ids: readonly string[]): Promise<(id: string) => TicketRecord | undefined> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const locked = await tx.query('SELECT id FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [unique]);
  if (locked.rows.length === 0) return () => undefined;
  const result = await tx.query<TicketRow & { queue_sla: unknown }>(
    `SELECT ${ticketColumns}, q.sla AS queue_sla FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.id = ANY($1::uuid[])`,
    [unique],
  );
  // PostgreSQL writes uuids in lower case; a client may send either.
  const byId = new Map(result.rows.map((row) => [row.id, { ...ticketFromRow(row), queueSla: slaTargetsSchema.parse(row.queue_sla) }]));
  return (id) => byId.get(id.toLowerCase());
}

export async function lockTicket(tx: Queryable, id: string): Promise<TicketRecord | null> {
  return (await lockTickets(tx, [id]))(id) ?? null;
}

/** Every column of `tickets` after the id, in the order of the INSERT and UPDATE below. */
function columnValues(ticket: Ticket, fieldVersions: Record<string, number>): SqlValue[] {
  return [
    ticket.number,
    ticket.title,
    ticket.queueId,
    ticket.type,
    ticket.state,
    ticket.priority,
    ticket.locked,
    ticket.ownerId,
    ticket.responsibleId,
    ticket.customerUserId,
    ticket.institutionId,
    ticket.pendingUntil,
    ticket.firstResponseDue,
    ticket.updateDue,
    ticket.solutionDue,
    ticket.createdAt,
    ticket.createdBy,
    ticket.updatedAt,
    ticket.version,
    JSON.stringify(fieldVersions),
  ];
}

/**
 * Inserts a new ticket (version 1) with the next number of the Berlin day of `now`, taken in
 * the same statement (`ticket.number` is ignored): one round trip less, and the day's counter
 * row, locked from the number to COMMIT, is held one round trip shorter. Null when the id exists
 * already (the number taken goes back with the caller's rollback).
 */
export async function insertNumberedTicket(tx: Queryable, ticket: Ticket, group: string, now: Date): Promise<TicketRecord | null> {
  const valid = ticketSchema.parse(ticket);
  const day = berlinDay(now);
  const [, ...afterNumber] = columnValues(valid, {});
  const inserted = await tx.query<{ number: string }>(
    `WITH counter AS (${counterIncrement('$21')})
     INSERT INTO tickets (id, number, title, queue_id, type, state, priority, locked, owner_id, responsible_id,
       customer_user_id, institution_id, pending_until, first_response_due, update_due, solution_due,
       created_at, created_by, updated_at, version, field_versions)
     VALUES ($1, (SELECT ${numberExpression('$22', '$23')} FROM counter),
       $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20::jsonb)
     ON CONFLICT (id) DO NOTHING RETURNING number`,
    [valid.id, ...afterNumber, day, day.replaceAll('-', ''), maxTicketsPerDay],
  );
  const number = inserted.rows[0]?.number;
  if (number === undefined) return null;
  if (!ticketSchema.shape.number.safeParse(number).success) throw new TicketNumbersExhaustedError(`more than ${maxTicketsPerDay} tickets on ${day}`);
  return { ticket: { ...valid, number }, fieldVersions: {}, group };
}

/**
 * Writes `changes` as the ticket's next version. `written` names the fields the mutation wrote
 * (its `writtenFields` and whatever it changed as a consequence, such as a reopen's state):
 * they get this version in `field_versions`, which later conflicts are decided against.
 */
export async function updateTicket(
  tx: Queryable,
  record: TicketRecord,
  changes: TicketChanges,
  written: readonly string[],
  now: Date,
  group: string = record.group,
): Promise<TicketRecord> {
  const update = ticketUpdate(record, changes, written, now, group);
  await tx.query(update.statement.sql(1), update.statement.params);
  return update.record;
}

/** A statement whose parameters are numbered from `first`, to be sent alone or within another (a CTE). */
export interface StatementPart {
  sql(first: number): string;
  params: readonly SqlValue[];
}

const updatedColumns = [
  'number', 'title', 'queue_id', 'type', 'state', 'priority', 'locked', 'owner_id', 'responsible_id', 'customer_user_id',
  'institution_id', 'pending_until', 'first_response_due', 'update_due', 'solution_due', 'created_at',
  'created_by', 'updated_at', 'version', 'field_versions',
];

/** The next version of a ticket (as `updateTicket` writes it) and the UPDATE that writes it, not yet sent. */
export function ticketUpdate(
  record: TicketRecord,
  changes: TicketChanges,
  written: readonly string[],
  now: Date,
  group: string = record.group,
): { record: TicketRecord; statement: StatementPart } {
  const version = record.ticket.version + 1;
  const ticket = ticketSchema.parse({ ...record.ticket, ...changes, updatedAt: now.toISOString(), version });
  const fieldVersions = { ...record.fieldVersions };
  for (const field of written) fieldVersions[field] = version;
  const statement: StatementPart = {
    sql: (first) => {
      const set = updatedColumns.map((column, index) => `${column} = $${first + 1 + index}${column === 'field_versions' ? '::jsonb' : ''}`);
      return `UPDATE tickets SET ${set.join(', ')} WHERE id = $${first}`;
    },
    params: [ticket.id, ...columnValues(ticket, fieldVersions)],
  };
  return { record: { ticket, fieldVersions, group }, statement };
}

/** Fields written since `baseVersion`, among those a mutation writes: a conflict when not empty. */
export function fieldsChangedSince(record: TicketRecord, written: readonly string[], baseVersion: number): string[] {
  return written.filter((field) => (record.fieldVersions[field] ?? 0) > baseVersion);
}
