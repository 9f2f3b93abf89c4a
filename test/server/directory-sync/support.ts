import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { syncDirectory } from '../../../src-server/directory-sync/sync-directory.js';
import type { DirectorySyncReport } from '../../../src-server/directory-sync/report.js';
import type { RoleConfig } from '../../../src-server/config.js';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import type { Fields } from '../../../src-shared/sync/entity-fields.js';
import { entityFromRow, insertSql, selectList, storedValues, type EntityTable } from '../../../src-server/db/entity-table.js';
import { agentTable, customerUserTable, institutionTable, ticketTable } from '../../../src-server/db/entity-tables.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import { createTestDatabase, type TestDatabase } from '../../harness/database.js';
import { ticketEntity } from '../feed/support/domain.js';

export interface SyncDatabase {
  db: Database;
  database: TestDatabase;
  close(): Promise<void>;
}

/** A fresh database of this run with a small pool on it. */
export async function openSyncDatabase(): Promise<SyncDatabase> {
  const database = await createTestDatabase();
  const db = openPostgres(database.url, { max: 3 });
  return {
    db,
    database,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}

/** Syncs and expects it to have written; returns the report. */
export async function syncOk(db: Database, directory: Directory, roles: readonly RoleConfig[]): Promise<DirectorySyncReport> {
  const result = await syncDirectory(db, directory, { roles }, () => new Date());
  if (!result.ok) throw new Error(`expected a sync, got ${result.reason}: ${result.message}`);
  return result;
}

export type SyncedTable = 'institutions' | 'customer_users' | 'agents';
const entityOf = { institutions: 'institution', customer_users: 'customer-user', agents: 'agent' } as const;

export interface ChangeRow {
  entity: string;
  op: string;
  id: string;
  ticketId: string | null;
  group: string | null;
  data: Record<string, unknown>;
}

/** Change rows of one kind after `afterId` (a `lastChangeId()`), in the order written. */
export async function changesOf(db: Database, table: SyncedTable, afterId = '0'): Promise<ChangeRow[]> {
  const result = await db.query<ChangeRow>(
    `SELECT entity, op, entity_id AS id, ticket_id AS "ticketId", group_name AS "group", data
     FROM change_log WHERE entity = $1 AND id > $2::bigint ORDER BY id`,
    [entityOf[table], afterId],
  );
  return result.rows;
}

/** The newest change row's id, to look only at what comes after it. */
export async function lastChangeId(db: Database): Promise<string> {
  const result = await db.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM change_log');
  return result.rows[0]?.id ?? '0';
}

async function readAll<F extends Fields>(db: Database, table: EntityTable<F>): Promise<Map<string, Record<string, unknown>>> {
  const result = await db.query(`SELECT ${selectList(table)} FROM ${table.table} ${table.alias}`);
  return new Map(result.rows.map((row) => {
    const entity: Record<string, unknown> = entityFromRow(table, row);
    return [String(entity['id']), entity];
  }));
}

/** Every row of a synced table as the feed carries it (what its change rows' `data` must equal), by id. */
export function entitiesOf(db: Database, table: SyncedTable): Promise<Map<string, Record<string, unknown>>> {
  if (table === 'institutions') return readAll(db, institutionTable);
  return table === 'customer_users' ? readAll(db, customerUserTable) : readAll(db, agentTable);
}

/** A directory that answers every listing as `inner` does, except the ones named, which fail as an unreachable one would. */
export function failingDirectory(inner: Directory, failing: 'listCustomerDirectory' | 'listMembers', error: Error): Directory {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === failing) return () => Promise.reject(error);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}

/** A queue and tickets written as the mutations write them, for customers and institutions the sync stored. */
export async function createCustomerTicket(db: Database, queue: Queue, customer: { customerUserId: string | null; institutionId: string | null; createdAt?: string }): Promise<string> {
  const ticket = { ...ticketEntity(queue, 'Rückruf erbeten'), ...customer };
  await db.transaction(async (tx) => {
    await tx.query(insertSql(ticketTable), storedValues(ticketTable, ticket));
  });
  return ticket.id;
}

/** The LDIF text as entries separated by blank lines, edited by DN; what an administrator does with ldapmodify. */
export class LdifText {
  private constructor(private readonly entries: readonly string[]) {}

  static parse(text: string): LdifText {
    return new LdifText(text.split(/\n\s*\n/u).filter((entry) => entry.trim() !== ''));
  }

  get text(): string {
    return `${this.entries.join('\n\n')}\n`;
  }

  private index(dn: string): number {
    const index = this.entries.findIndex((entry) => entry.split('\n').some((line) => line === `dn: ${dn}`));
    if (index < 0) throw new Error(`no entry ${dn} in the LDIF text`);
    return index;
  }

  private edit(dn: string, change: (lines: string[]) => string[]): LdifText {
    const index = this.index(dn);
    const entries = [...this.entries];
    entries[index] = change((entries[index] ?? '').split('\n')).join('\n');
    return new LdifText(entries);
  }

  /** Replaces every value of `attribute` with `values` (none: the attribute goes). */
  replace(dn: string, attribute: string, ...values: string[]): LdifText {
    return this.edit(dn, (lines) => [...lines.filter((line) => !line.startsWith(`${attribute}: `)), ...values.map((value) => `${attribute}: ${value}`)]);
  }

  /** ldapmodrdn / moddn: the same entry (same entryUUID) under another DN. */
  move(dn: string, to: string): LdifText {
    return this.edit(dn, (lines) => lines.map((line) => (line === `dn: ${dn}` ? `dn: ${to}` : line)));
  }

  remove(...dns: string[]): LdifText {
    const gone = new Set(dns.map((dn) => this.index(dn)));
    return new LdifText(this.entries.filter((_entry, index) => !gone.has(index)));
  }

  withoutMember(groupDn: string, memberDn: string): LdifText {
    return this.edit(groupDn, (lines) => lines.filter((line) => line !== `member: ${memberDn}`));
  }

  withMember(groupDn: string, memberDn: string): LdifText {
    return this.edit(groupDn, (lines) => [...lines, `member: ${memberDn}`]);
  }
}
