import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageKind } from '../../../src-shared/sync/entity-fields.js';
import { entityDescriptions, type EntityName } from '../../../src-shared/sync/entities.js';
import { openPglite, type Database } from '../../../src-server/db/database.js';
import { storedFields, type EntityTable } from '../../../src-server/db/entity-table.js';
import {
  agentTable,
  articleTable,
  calendarTable,
  customerUserTable,
  historyTable,
  institutionTable,
  linkTable,
  queueTable,
  slaTable,
  ticketTable,
  timeEntryTable,
} from '../../../src-server/db/entity-tables.js';
import { migrate } from '../../../src-server/db/migrate.js';
import type { Fields } from '../../../src-shared/sync/entity-fields.js';

/** The PostgreSQL types a storage kind may live in. */
const columnTypes: Record<StorageKind, readonly string[]> = {
  uuid: ['uuid'],
  text: ['text'],
  integer: ['integer', 'smallint'],
  boolean: ['boolean'],
  instant: ['timestamp with time zone'],
  'text-list': ['ARRAY'],
  json: ['jsonb'],
  serial: ['bigint'],
};

const tables: Record<EntityName, EntityTable<Fields>> = {
  queue: queueTable,
  institution: institutionTable,
  'customer-user': customerUserTable,
  agent: agentTable,
  sla: slaTable,
  calendar: calendarTable,
  ticket: ticketTable,
  article: articleTable,
  history: historyTable,
  link: linkTable,
  'time-entry': timeEntryTable,
};

// The description is the one place an entity's shape is written; a migration that forgets a
// column, stores it in another type or lets a required field be null fails here.
describe('entity tables agree with the migrated schema', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(() => db.close());

  for (const [entity, table] of Object.entries(tables) as [EntityName, EntityTable<Fields>][]) {
    it(`${entity}: every stored field has a column of its kind and nullability`, async () => {
      expect(table.description).toBe(entityDescriptions[entity]);
      const result = await db.query<{ column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>(
        'SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
        ['public', table.table],
      );
      const columns = new Map(result.rows.map((row) => [row.column_name, row]));
      for (const stored of storedFields(table)) {
        const field = table.description.fields[stored.key];
        const column = columns.get(stored.column);
        expect(column, `${table.table}.${stored.column} for ${entity}.${stored.key}`).toBeDefined();
        if (!field || !column) continue;
        expect(columnTypes[field.kind], `${table.table}.${stored.column}`).toContain(column.data_type);
        expect(column.is_nullable === 'YES', `${table.table}.${stored.column} nullable`).toBe(field.nullable);
      }
    });
  }
});
