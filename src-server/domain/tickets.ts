import { ticketSchema, type Ticket, type TicketField } from '../../src-shared/sync/entities.js';
import type { Queryable, SqlValue } from '../db/database.js';
import { insertSql, storedFields, storedValues } from '../db/entity-table.js';
import { ticketTable } from '../db/entity-tables.js';
import { berlinDay, counterIncrement, maxTicketsPerDay, numberExpression, TicketNumbersExhaustedError } from './ticket-number.js';
import { slaColumns, slaFromRow, slaJoin, type SlaRow } from './slas.js';
import { ticketColumns, ticketFromRow, type TicketRecord, type TicketRow } from './ticket-record.js';
import { nextClockEvent } from '../../src-shared/sla/clocks.js';
import { clocksOfTicket } from '../../src-shared/sla/ticket-clocks.js';

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
  const result = await tx.query<TicketRow & SlaRow>(
    `SELECT ${ticketColumns}, ${slaColumns} FROM tickets t JOIN queues q ON q.id = t.queue_id ${slaJoin} WHERE t.id = ANY($1::uuid[])`,
    [unique],
  );
  // PostgreSQL writes uuids in lower case; a client may send either.
  const byId = new Map<string, TicketRecord>();
  for (const row of result.rows) byId.set(row.id, { ...ticketFromRow(row), sla: await slaFromRow(tx, row) });
  return (id) => byId.get(id.toLowerCase());
}

export async function lockTicket(tx: Queryable, id: string): Promise<TicketRecord | null> {
  return (await lockTickets(tx, [id]))(id) ?? null;
}

/** Every stored field of the ticket, then the server's own columns: those of the INSERT and UPDATE below. */
function columnValues(ticket: Ticket, fieldVersions: TicketRecord['fieldVersions']): SqlValue[] {
  return [...storedValues(ticketTable, ticket), ...serverValues(ticket, fieldVersions)];
}

/** Columns only the server keeps: who wrote each field last, and when the breach timer next acts on the ticket. */
const serverColumns = [
  { column: 'field_versions', cast: '::jsonb' },
  { column: 'next_sla_event_at', cast: '::timestamptz' },
];
function serverValues(ticket: Ticket, fieldVersions: TicketRecord['fieldVersions']): SqlValue[] {
  return [JSON.stringify(fieldVersions), nextClockEvent(clocksOfTicket(ticket))];
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
  const values = [...storedValues(ticketTable, valid, ['number']), ...serverValues(valid, {})];
  const counter = values.length + 1;
  const insert = insertSql(ticketTable, {
    extra: serverColumns,
    computed: { number: `(SELECT ${numberExpression(`$${counter + 1}`, `$${counter + 2}`)} FROM counter)` },
  });
  const inserted = await tx.query<{ number: string }>(
    `WITH counter AS (${counterIncrement(`$${counter}`)}) ${insert} ON CONFLICT (id) DO NOTHING RETURNING number`,
    [...values, day, day.replaceAll('-', ''), maxTicketsPerDay],
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
  written: readonly TicketField[],
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

const updatedColumns = [...storedFields(ticketTable), ...serverColumns];

/** The next version of a ticket (as `updateTicket` writes it) and the UPDATE that writes it, not yet sent. */
export function ticketUpdate(
  record: TicketRecord,
  changes: TicketChanges,
  written: readonly TicketField[],
  now: Date,
  group: string = record.group,
): { record: TicketRecord; statement: StatementPart } {
  const version = record.ticket.version + 1;
  const ticket = ticketSchema.parse({ ...record.ticket, ...changes, updatedAt: now.toISOString(), version });
  const fieldVersions = { ...record.fieldVersions };
  for (const field of written) fieldVersions[field] = version;
  const statement: StatementPart = {
    sql: (first) => {
      const set = updatedColumns.map((column, index) => `${column.column} = $${first + index}${column.cast}`);
      return `UPDATE tickets SET ${set.join(', ')} WHERE id = $${first}`;
    },
    // The id is the first stored field: it is both set (to itself) and the WHERE's parameter.
    params: columnValues(ticket, fieldVersions),
  };
  return { record: { ticket, fieldVersions, group }, statement };
}

/** Fields written since `baseVersion`, among those a mutation writes: a conflict when not empty. */
export function fieldsChangedSince(record: TicketRecord, written: readonly TicketField[], baseVersion: number): TicketField[] {
  return written.filter((field) => (record.fieldVersions[field] ?? 0) > baseVersion);
}
