import type { z } from 'zod';
import { columnName, type EntityDescription, type Fields, type StorageKind } from '../../src-shared/sync/entity-fields.js';
import type { SqlValue } from './database.js';

/**
 * Where an entity of `src-shared/sync/entities.ts` lives in PostgreSQL. Everything else is
 * derived from the entity's description: the select list, the row mapping, the feed's JSON in
 * SQL and the written columns. A field is stored in `alias.column_name` (or `columns` names it) unless `expressions`
 * reads it from elsewhere (a joined table, a subquery); such a field is never written here.
 */
export interface EntityTable<F extends Fields> {
  description: EntityDescription<F>;
  table: string;
  alias: string;
  /** Stored columns whose name is not the field's in snake case. */
  columns?: Partial<Record<keyof F & string, string>>;
  expressions?: Partial<Record<keyof F & string, string>>;
}

export type EntityOf<F extends Fields> = z.output<EntityDescription<F>['schema']>;

export function defineEntityTable<F extends Fields>(table: EntityTable<F>): EntityTable<F> {
  return table;
}

const keysOf = <F extends Fields>(table: EntityTable<F>): (keyof F & string)[] => Object.keys(table.description.fields);

function expression<F extends Fields>(table: EntityTable<F>, key: keyof F & string): string {
  return table.expressions?.[key] ?? `${table.alias}.${columnOf(table, key)}`;
}

function columnOf<F extends Fields>(table: EntityTable<F>, key: keyof F & string): string {
  return table.columns?.[key] ?? columnName(key);
}

/** ISO 8601 in UTC with milliseconds, exactly as `Date.prototype.toISOString` writes it. */
export function isoSql(sql: string): string {
  return `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const readAs: Partial<Record<StorageKind, (sql: string) => string>> = { serial: (sql) => `${sql}::text` };

/** `expr AS "key"` for every field: a row read with it maps to the entity by `entityFromRow`. */
export function selectList<F extends Fields>(table: EntityTable<F>): string {
  return keysOf(table)
    .map((key) => {
      const sql = expression(table, key);
      const read = readAs[table.description.fields[key]?.kind ?? 'text'];
      return `${read ? read(sql) : sql} AS "${key}"`;
    })
    .join(', ');
}

/** The entity a row read with `selectList` describes, validated: a row that does not make one throws. */
export function entityFromRow<F extends Fields>(table: EntityTable<F>, row: Record<string, unknown>): EntityOf<F> {
  const raw: Record<string, unknown> = {};
  for (const key of keysOf(table)) {
    const value = row[key];
    raw[key] = value instanceof Date ? value.toISOString() : value;
  }
  return table.description.schema.parse(raw);
}

/** The stored fields (those without an expression), in a fixed order, with their columns. */
export interface StoredField<K extends string> {
  key: K;
  column: string;
  cast: string;
}

/** Worked out once per table: every mutation and every seeded row asks for them. */
const storedFieldsOf = new WeakMap<object, readonly StoredField<string>[]>();

export function storedFields<F extends Fields>(table: EntityTable<F>): readonly StoredField<keyof F & string>[] {
  const known = storedFieldsOf.get(table) as readonly StoredField<keyof F & string>[] | undefined;
  if (known) return known;
  const fields = keysOf(table)
    .filter((key) => table.expressions?.[key] === undefined)
    .map((key) => {
      const kind = table.description.fields[key]?.kind;
      return { key, column: columnOf(table, key), cast: kind === 'json' ? '::jsonb' : kind === 'text-list' ? '::text[]' : '' };
    });
  storedFieldsOf.set(table, fields);
  return fields;
}

/** The values of the stored fields, in `storedFields` order, as parameters; `computed` fields are left out. */
export function storedValues<F extends Fields>(table: EntityTable<F>, entity: EntityOf<F>, computed: readonly (keyof F & string)[] = []): SqlValue[] {
  const values = entity as Record<string, unknown>;
  return storedFields(table)
    .filter(({ key }) => !computed.includes(key))
    .map(({ key }) => {
      const value = values[key];
      return table.description.fields[key]?.kind === 'json' ? JSON.stringify(value) : (value as SqlValue);
    });
}

export interface InsertOptions<F extends Fields> {
  /** Columns after the stored fields (server-only bookkeeping), each taking the next parameter. */
  extra?: readonly { column: string; cast?: string }[];
  /** Fields whose value is SQL instead of a parameter (a number taken in the same statement). */
  computed?: Partial<Record<keyof F & string, string>>;
}

/** `INSERT INTO table (columns…) VALUES (…)` for the stored fields, numbered as `storedValues` lists them (without `computed`), then `extra`. */
export function insertSql<F extends Fields>(table: EntityTable<F>, options: InsertOptions<F> = {}): string {
  let next = 1;
  const columns: string[] = [];
  const values: string[] = [];
  for (const stored of storedFields(table)) {
    columns.push(stored.column);
    values.push(options.computed?.[stored.key] ?? `$${next++}${stored.cast}`);
  }
  for (const extra of options.extra ?? []) {
    columns.push(extra.column);
    values.push(`$${next++}${extra.cast ?? ''}`);
  }
  return `INSERT INTO ${table.table} (${columns.join(', ')}) VALUES (${values.join(', ')})`;
}
