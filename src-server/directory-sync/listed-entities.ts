import { z } from 'zod';
import type { EntityName } from '../../src-shared/sync/entities.js';
import type { Fields, StorageKind } from '../../src-shared/sync/entity-fields.js';
import type { Queryable } from '../db/database.js';
import { entityFromRow, selectList, storedFields, type EntityTable } from '../db/entity-table.js';
import { appendChanges, type NewChange } from '../sync/change-log.js';

/**
 * Rows per statement: a directory of 100,000 customers is written in statements of this many
 * (bounded parameter size and memory per round trip), all in the caller's one transaction.
 */
export const rowsPerStatement = 5_000;

const sqlTypes: Record<StorageKind, string> = {
  uuid: 'uuid',
  text: 'text',
  integer: 'integer',
  boolean: 'boolean',
  instant: 'timestamptz',
  'text-list': 'text[]',
  json: 'jsonb',
  serial: 'bigint',
};

/** What the sync needs to know of a stored entity; the rest travels in the change row as it is. */
const directoryEntitySchema = z.looseObject({ id: z.string(), version: z.number().int() });
type DirectoryEntity = z.infer<typeof directoryEntitySchema>;

const directoryEntity = <F extends Fields>(table: EntityTable<F>, row: Record<string, unknown>): DirectoryEntity =>
  directoryEntitySchema.parse(entityFromRow(table, row));

export interface ListedWrite {
  created: number;
  updated: number;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/**
 * The upsert of a list of entities as JSON (`jsonb_to_recordset`, typed by the entity's
 * description): new ids are inserted as given (version 1), ids whose fields differ get them
 * with the version moved on, equal ones are not touched. RETURNING gives only rows written.
 */
function upsertSql<F extends Fields>(table: EntityTable<F>): string {
  const fields = storedFields(table);
  const record = fields.map(({ key }) => `"${key}" ${sqlTypes[table.description.fields[key]?.kind ?? 'text']}`).join(', ');
  const compared = fields.filter(({ key }) => key !== 'id' && key !== 'version');
  const { alias } = table;
  return `INSERT INTO ${table.table} AS ${alias} (${fields.map(({ column }) => column).join(', ')})
    SELECT ${fields.map(({ key }) => `d."${key}"`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS d(${record})
    ON CONFLICT (id) DO UPDATE SET ${compared.map(({ column }) => `${column} = excluded.${column}`).join(', ')}, version = ${alias}.version + 1
    WHERE (${compared.map(({ column }) => `${alias}.${column}`).join(', ')}) IS DISTINCT FROM (${compared.map(({ column }) => `excluded.${column}`).join(', ')})
    RETURNING ${selectList(table)}`;
}

const upsert = (entity: EntityName, entities: readonly DirectoryEntity[]): NewChange[] =>
  entities.map((data) => ({ entity, op: 'upsert' as const, id: data.id, ticketId: null, group: null, data }));

/**
 * Stores what the directory lists (each entity valid, version 1) and appends a change row for
 * every row created or changed, in the caller's transaction. Ids must be unique.
 */
export async function storeListed<F extends Fields>(tx: Queryable, entity: EntityName, table: EntityTable<F>, listed: readonly DirectoryEntity[]): Promise<ListedWrite> {
  const written: ListedWrite = { created: 0, updated: 0 };
  const sql = upsertSql(table);
  for (const batch of chunks(listed, rowsPerStatement)) {
    const result = await tx.query(sql, [JSON.stringify(batch)]);
    const rows = result.rows.map((row) => directoryEntity(table, row));
    for (const row of rows) written[row.version === 1 ? 'created' : 'updated'] += 1;
    await appendChanges(tx, upsert(entity, rows));
  }
  return written;
}

/**
 * Marks every valid row whose id is not in `kept` invalid (version moved on, change row
 * appended); nothing is deleted, so tickets keep their customer and institution.
 */
export async function invalidateUnlisted<F extends Fields>(tx: Queryable, entity: EntityName, table: EntityTable<F>, kept: readonly string[]): Promise<number> {
  const { alias } = table;
  const result = await tx.query(
    `UPDATE ${table.table} ${alias} SET valid = false, version = ${alias}.version + 1
     WHERE ${alias}.valid AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS k(id) WHERE k.id = ${alias}.id)
     RETURNING ${selectList(table)}`,
    [kept],
  );
  const rows = result.rows.map((row) => directoryEntity(table, row));
  for (const batch of chunks(rows, rowsPerStatement)) await appendChanges(tx, upsert(entity, batch));
  return rows.length;
}
