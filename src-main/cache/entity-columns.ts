import { columnName, type EntityDescription, type Fields, type StorageKind } from '../../src-shared/sync/entity-fields.js';
import type { z } from 'zod';
import { entityDescriptions, type entitySchemas, type EntityName } from '../../src-shared/sync/entities.js';

/** How each storage kind is kept in SQLite: instants as ISO text (they sort), lists and documents as JSON text, booleans as 0/1. */
export const sqliteTypes: Record<StorageKind, 'TEXT' | 'INTEGER'> = {
  uuid: 'TEXT',
  text: 'TEXT',
  integer: 'INTEGER',
  boolean: 'INTEGER',
  instant: 'TEXT',
  'text-list': 'TEXT',
  json: 'TEXT',
  serial: 'TEXT',
};

/** The cache's table of each entity; a new entity does not compile until it has one. */
const cacheTables: Record<EntityName, string> = {
  queue: 'queues',
  institution: 'institutions',
  'customer-user': 'customer_users',
  agent: 'agents',
  sla: 'slas',
  calendar: 'calendars',
  ticket: 'tickets',
  article: 'articles',
  history: 'history',
  link: 'links',
  'time-entry': 'time_entries',
};

export function cacheTable(entity: EntityName): string {
  return cacheTables[entity];
}

type SqliteValue = string | number | null;

/** An entity's fields as the parameters of its row, in description order. */
export function rowValues(entity: EntityName, data: Record<string, unknown>): SqliteValue[] {
  const fields: Fields = entityDescriptions[entity].fields;
  return Object.entries(fields).map(([key, field]) => {
    const value = data[key];
    if (value === null || value === undefined) return null;
    if (field.kind === 'boolean') return value === true ? 1 : 0;
    if (field.kind === 'json' || field.kind === 'text-list') return JSON.stringify(value);
    return value as SqliteValue;
  });
}

/**
 * The entity a cached row holds. Not parsed again: every row was validated by the feed's schema
 * when it arrived, and what leaves for the renderer is validated at the IPC boundary; reading
 * a queue screen must not pay for a third check of the same fields.
 */
export function entityFromCacheRow<E extends EntityName>(entity: E, row: Record<string, unknown>): z.output<(typeof entitySchemas)[E]> {
  const raw: Record<string, unknown> = {};
  for (const { key, column, kind } of readPlans[entity]) raw[key] = cachedValue(kind, row[column]);
  return raw as z.output<(typeof entitySchemas)[E]>;
}

/** An entity's columns over the table alias `alias`, in the order `entityFromCacheValues` reads them. */
export function cacheColumnList(entity: EntityName, alias: string): string {
  return readPlans[entity].map(({ column }) => `${alias}."${column}"`).join(', ');
}

/** How many values `cacheColumnList` selects: a raw row's further values start there. */
export function cacheColumnCount(entity: EntityName): number {
  return readPlans[entity].length;
}

/**
 * The entity held by a raw row (better-sqlite3's `raw()`: an array, no object with a property
 * per column) that begins with `cacheColumnList`'s values: half the time of rows as objects for
 * a list window of 200 tickets.
 */
export function entityFromCacheValues<E extends EntityName>(entity: E, values: readonly unknown[]): z.output<(typeof entitySchemas)[E]> {
  const plan = readPlans[entity];
  const raw: Record<string, unknown> = {};
  for (let index = 0; index < plan.length; index += 1) {
    const field = plan[index];
    if (field !== undefined) raw[field.key] = cachedValue(field.kind, values[index]);
  }
  return raw as z.output<(typeof entitySchemas)[E]>;
}

function cachedValue(kind: StorageKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'boolean') return value === 1;
  if ((kind === 'json' || kind === 'text-list') && typeof value === 'string') return JSON.parse(value) as unknown;
  return value;
}

/** Each entity's fields with their column names, worked out once: a queue screen maps thousands of rows. */
const readPlans = Object.fromEntries(
  Object.entries(entityDescriptions).map(([entity, description]: [string, EntityDescription]) => [
    entity,
    Object.entries(description.fields).map(([key, field]) => ({ key, column: columnName(key), kind: field.kind })),
  ]),
) as Record<EntityName, { key: string; column: string; kind: StorageKind }[]>;
