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
  for (const { key, column, kind } of readPlans[entity]) {
    const value = row[column];
    if (value === null || value === undefined) raw[key] = null;
    else if (kind === 'boolean') raw[key] = value === 1;
    else if ((kind === 'json' || kind === 'text-list') && typeof value === 'string') raw[key] = JSON.parse(value) as unknown;
    else raw[key] = value;
  }
  return raw as z.output<(typeof entitySchemas)[E]>;
}

/** Each entity's fields with their column names, worked out once: a queue screen maps thousands of rows. */
const readPlans = Object.fromEntries(
  Object.entries(entityDescriptions).map(([entity, description]: [string, EntityDescription]) => [
    entity,
    Object.entries(description.fields).map(([key, field]) => ({ key, column: columnName(key), kind: field.kind })),
  ]),
) as Record<EntityName, { key: string; column: string; kind: StorageKind }[]>;
