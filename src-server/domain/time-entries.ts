import { timeEntrySchema, type TimeEntry } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';

interface TimeEntryRow {
  id: string;
  ticket_id: string;
  agent_id: string;
  minutes: number;
  note: string;
  created_at: Date;
  performed_at: Date;
}

function timeEntryFromRow(row: TimeEntryRow): TimeEntry {
  return timeEntrySchema.parse({
    id: row.id,
    ticketId: row.ticket_id,
    agentId: row.agent_id,
    minutes: row.minutes,
    note: row.note,
    createdAt: row.created_at.toISOString(),
    performedAt: row.performed_at.toISOString(),
  });
}

export async function insertTimeEntry(tx: Queryable, entry: TimeEntry): Promise<TimeEntry> {
  const valid = timeEntrySchema.parse(entry);
  await tx.query(
    'INSERT INTO time_entries (id, ticket_id, agent_id, minutes, note, created_at, performed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [valid.id, valid.ticketId, valid.agentId, valid.minutes, valid.note, valid.createdAt, valid.performedAt],
  );
  return valid;
}

export async function timeEntryExists(tx: Queryable, id: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM time_entries WHERE id = $1', [id])).rows.length > 0;
}

export async function loadTimeEntries(tx: Queryable, ticketId: string): Promise<TimeEntry[]> {
  const result = await tx.query<TimeEntryRow>(
    'SELECT id, ticket_id, agent_id, minutes, note, created_at, performed_at FROM time_entries WHERE ticket_id = $1 ORDER BY created_at, id',
    [ticketId],
  );
  return result.rows.map(timeEntryFromRow);
}
