import { timeEntrySchema, type TimeEntry } from '../../src-shared/sync/entities.js';
import type { Queryable } from '../db/database.js';
import { entityFromRow, insertSql, selectList, storedValues } from '../db/entity-table.js';
import { timeEntryTable } from '../db/entity-tables.js';

export async function insertTimeEntry(tx: Queryable, entry: TimeEntry): Promise<TimeEntry> {
  const valid = timeEntrySchema.parse(entry);
  await tx.query(insertSql(timeEntryTable), storedValues(timeEntryTable, valid));
  return valid;
}

export async function timeEntryExists(tx: Queryable, id: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM time_entries WHERE id = $1', [id])).rows.length > 0;
}

export async function loadTimeEntries(tx: Queryable, ticketId: string): Promise<TimeEntry[]> {
  const result = await tx.query(`SELECT ${selectList(timeEntryTable)} FROM time_entries e WHERE e.ticket_id = $1 ORDER BY e.created_at, e.id`, [ticketId]);
  return result.rows.map((row) => entityFromRow(timeEntryTable, row));
}
